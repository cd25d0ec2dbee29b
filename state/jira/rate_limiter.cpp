#include "state/jira/rate_limiter.hpp"

#include <thread>

namespace alignctl {

namespace {

std::chrono::nanoseconds interval_of(double requests_per_second) {
  if (!(requests_per_second > 0)) {
    return std::chrono::nanoseconds(0);
  }
  return std::chrono::nanoseconds(static_cast<long long>(1e9 / requests_per_second));
}

} // namespace

RateLimiter::RateLimiter(double requests_per_second)
    : m_interval(interval_of(requests_per_second)) {}

void RateLimiter::set_rate(double requests_per_second) {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_interval = interval_of(requests_per_second);
}

std::chrono::steady_clock::time_point
RateLimiter::reserve(std::chrono::steady_clock::time_point now) {
  std::lock_guard<std::mutex> lock(m_mutex);
  auto slot = m_next > now ? m_next : now;
  m_next = slot + m_interval;
  return slot;
}

void RateLimiter::acquire() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_interval.count() == 0) {
      return;
    }
  }
  auto slot = reserve(std::chrono::steady_clock::now());
  std::this_thread::sleep_until(slot);
}

} // namespace alignctl
