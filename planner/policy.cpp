#include "planner/policy.hpp"

#include <algorithm>
#include <cmath>

namespace alignctl {

std::int64_t Limit::allowed(std::int64_t managed_active) const {
  if (!is_percent) {
    return static_cast<std::int64_t>(value);
  }
  // Rounded down: "5%" of 30 users allows 1, never more than the share.
  return static_cast<std::int64_t>(
      std::floor(value * static_cast<double>(managed_active) / 100.0 + 1e-9));
}

bool Policy::syncs(const std::string& attribute) const {
  return std::find(sync.begin(), sync.end(), attribute) != sync.end();
}

} // namespace alignctl
