// RateLimiter: at most N requests per wall-clock second (a fixed one-second
// window). Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

namespace alignctl::sim {

class RateLimiter {
public:
  // True when a request arriving at `now` fits under `limit` (0: unlimited)
  // and is counted; false when the current window is full.
  bool admit(int limit, std::chrono::steady_clock::time_point now);

private:
  std::mutex m_mutex;
  std::chrono::steady_clock::time_point m_window_start{};
  std::int64_t m_count = 0;
};

} // namespace alignctl::sim
