// RateLimiter: spaces the requests of every thread of a client 1/rate apart
// (a token bucket holding at most one token, so no one-second window sees
// more than `rate` + 1). The rate may change at any time (the executor sets
// the AdaptivePacer's rate before each request).
#pragma once

#include <chrono>
#include <mutex>

namespace alignctl {

class RateLimiter {
public:
  // rate <= 0: no ceiling, acquire() returns at once.
  explicit RateLimiter(double requests_per_second);

  // Changes the rate for the slots reserved from now on (<= 0: no spacing).
  void set_rate(double requests_per_second);

  // Blocks until this caller may send one request.
  void acquire();

  // The time acquire() reserved for the next caller (for tests): the earliest
  // moment a request may start, given `now`, and reserves it.
  std::chrono::steady_clock::time_point reserve(std::chrono::steady_clock::time_point now);

private:
  std::chrono::nanoseconds m_interval{0};
  std::mutex m_mutex;
  std::chrono::steady_clock::time_point m_next{};
};

} // namespace alignctl
