#include "state/jira/backoff.hpp"

#include <algorithm>
#include <random>

namespace alignctl {

std::chrono::milliseconds backoff_ceiling(int retry, std::chrono::milliseconds base,
                                          std::chrono::milliseconds max) {
  if (retry < 1 || base.count() <= 0) {
    return std::chrono::milliseconds(0);
  }
  std::chrono::milliseconds::rep ceiling = base.count();
  for (int i = 1; i < retry && ceiling < max.count(); ++i) {
    ceiling *= 2;
  }
  return std::chrono::milliseconds(std::min(ceiling, max.count()));
}

std::chrono::milliseconds full_jitter(int retry, std::chrono::milliseconds base,
                                      std::chrono::milliseconds max, double unit) {
  unit = std::clamp(unit, 0.0, 1.0);
  auto ceiling = backoff_ceiling(retry, base, max);
  return std::chrono::milliseconds(
      static_cast<long long>(static_cast<double>(ceiling.count()) * unit));
}

double random_unit() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

} // namespace alignctl
