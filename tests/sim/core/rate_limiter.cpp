#include "tests/sim/core/rate_limiter.hpp"

namespace alignctl::sim {

bool RateLimiter::admit(int limit, std::chrono::steady_clock::time_point now) {
  if (limit <= 0) {
    return true;
  }
  std::lock_guard lock(m_mutex);
  if (now - m_window_start >= std::chrono::seconds(1)) {
    m_window_start = now;
    m_count = 0;
  }
  if (m_count >= limit) {
    return false;
  }
  ++m_count;
  return true;
}

} // namespace alignctl::sim
