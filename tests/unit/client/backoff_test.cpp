#include "state/jira/backoff.hpp"
#include "state/jira/curl_session.hpp"
#include "state/jira/rate_limiter.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;
using std::chrono::milliseconds;

TEST_CASE("backoff: the ceiling doubles per retry and stops at the maximum", "[backoff]") {
  CHECK(backoff_ceiling(1, milliseconds(200), milliseconds(10000)) == milliseconds(200));
  CHECK(backoff_ceiling(2, milliseconds(200), milliseconds(10000)) == milliseconds(400));
  CHECK(backoff_ceiling(4, milliseconds(200), milliseconds(10000)) == milliseconds(1600));
  CHECK(backoff_ceiling(7, milliseconds(200), milliseconds(10000)) == milliseconds(10000));
  CHECK(backoff_ceiling(60, milliseconds(200), milliseconds(10000)) == milliseconds(10000));
  CHECK(backoff_ceiling(0, milliseconds(200), milliseconds(10000)) == milliseconds(0));
}

TEST_CASE("backoff: full jitter spans zero to the ceiling", "[backoff]") {
  CHECK(full_jitter(3, milliseconds(100), milliseconds(10000), 0.0) == milliseconds(0));
  CHECK(full_jitter(3, milliseconds(100), milliseconds(10000), 0.5) == milliseconds(200));
  CHECK(full_jitter(3, milliseconds(100), milliseconds(10000), 0.999) == milliseconds(399));
  double lo = 1;
  double hi = 0;
  for (int i = 0; i < 2000; ++i) {
    double u = random_unit();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  CHECK(lo < 0.05); // really random, not a constant
  CHECK(hi > 0.95);
}

TEST_CASE("Retry-After: whole seconds honoured, anything else ignored", "[backoff]") {
  CHECK(parse_retry_after("3") == milliseconds(3000));
  CHECK(parse_retry_after(" 0\r\n") == milliseconds(0));
  CHECK_FALSE(parse_retry_after("").has_value());
  CHECK_FALSE(parse_retry_after("-1").has_value());
  CHECK_FALSE(parse_retry_after("1.5").has_value());
  CHECK_FALSE(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT").has_value());
  CHECK(parse_retry_after("999999999") == milliseconds(24LL * 3600 * 1000));
}

TEST_CASE("rate limiter: requests are spaced 1/rate apart across callers", "[rate]") {
  RateLimiter limiter(10); // 100 ms apart
  auto t0 = std::chrono::steady_clock::now();
  CHECK(limiter.reserve(t0) == t0);
  CHECK(limiter.reserve(t0) == t0 + milliseconds(100));
  CHECK(limiter.reserve(t0 + milliseconds(50)) == t0 + milliseconds(200));
  // After an idle period no burst is saved up: the next slot is "now".
  auto later = t0 + milliseconds(5000);
  CHECK(limiter.reserve(later) == later);
  CHECK(limiter.reserve(later) == later + milliseconds(100));
}

TEST_CASE("rate limiter: a new rate spaces the slots reserved after it", "[rate]") {
  RateLimiter limiter(10); // 100 ms apart
  auto t0 = std::chrono::steady_clock::now();
  CHECK(limiter.reserve(t0) == t0);
  limiter.set_rate(4); // 250 ms apart
  CHECK(limiter.reserve(t0) == t0 + milliseconds(100));
  CHECK(limiter.reserve(t0) == t0 + milliseconds(350));
  limiter.set_rate(0); // no spacing: acquire() returns at once
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) {
    limiter.acquire();
  }
  CHECK(std::chrono::steady_clock::now() - start < milliseconds(100));
}

TEST_CASE("rate limiter: no ceiling never waits", "[rate]") {
  RateLimiter limiter(0);
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) {
    limiter.acquire();
  }
  CHECK(std::chrono::steady_clock::now() - start < milliseconds(100));
}

TEST_CASE("rate limiter: acquire() blocks to keep the rate", "[rate]") {
  RateLimiter limiter(50); // 20 ms apart
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 6; ++i) {
    limiter.acquire();
  }
  CHECK(std::chrono::steady_clock::now() - start >= milliseconds(100));
}
