#include "tests/sim/core/faults.hpp"
#include "tests/sim/core/rate_limiter.hpp"

#include <catch2/catch.hpp>

using namespace alignctl::sim;

TEST_CASE("faults: the same seed gives the same decisions, another seed different ones") {
  FaultSettings s;
  s.error_rate = 0.3;
  s.rate_429 = 0.1;
  s.drop_after_commit_rate = 0.2;
  s.spike_rate = 0.05;
  s.spike_ms = 500;
  s.seed = 7;
  auto run = [&](const FaultSettings& settings) {
    std::vector<int> out;
    for (std::uint64_t n = 0; n < 500; ++n) {
      auto d = decide_faults(settings, n);
      out.push_back(d.status * 10 + (d.drop_after_commit ? 1 : 0) + (d.spike ? 2 : 0));
    }
    return out;
  };
  CHECK(run(s) == run(s));
  FaultSettings other = s;
  other.seed = 8;
  CHECK(run(s) != run(other));
}

TEST_CASE("faults: shares come out near the configured rates") {
  FaultSettings s;
  s.error_rate = 0.2;
  s.rate_429 = 0.1;
  s.seed = 3;
  int errors = 0, too_many = 0, codes[3] = {0, 0, 0};
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    auto d = decide_faults(s, static_cast<std::uint64_t>(i));
    if (d.status == 429) {
      ++too_many;
    } else if (d.status >= 500) {
      ++errors;
      codes[d.status == 500 ? 0 : d.status == 502 ? 1 : 2]++;
    } else {
      CHECK(d.status == 0);
    }
  }
  CHECK(too_many == Approx(0.1 * n).epsilon(0.1));
  CHECK(errors == Approx(0.2 * 0.9 * n).epsilon(0.1)); // 5xx drawn among non-429s
  for (int c : codes) {
    CHECK(c > errors / 5); // all three codes occur
  }
}

TEST_CASE("faults: latency applies to every request, spikes replace it") {
  FaultSettings s;
  s.latency_ms = 20;
  s.spike_rate = 1;
  s.spike_ms = 3000;
  auto d = decide_faults(s, 0);
  CHECK(d.spike);
  CHECK(d.delay_ms == 3000);
  s.spike_rate = 0;
  CHECK(decide_faults(s, 1).delay_ms == 20);
  CHECK_FALSE(decide_faults(s, 1).spike);
}

TEST_CASE("faults: zero rates never fire") {
  FaultSettings s;
  for (std::uint64_t n = 0; n < 1000; ++n) {
    auto d = decide_faults(s, n);
    CHECK(d.status == 0);
    CHECK_FALSE(d.drop_after_commit);
    CHECK(d.delay_ms == 0);
  }
}

TEST_CASE("faults: JSON settings apply partially and refuse bad values atomically") {
  FaultSettings s;
  CHECK(apply_faults_json({{"latency_ms", 20}, {"rate_429", 0.5}, {"fault_seed", 9}}, s).empty());
  CHECK(s.latency_ms == 20);
  CHECK(s.rate_429 == 0.5);
  CHECK(s.seed == 9);
  CHECK(apply_faults_json({{"latency_ms", 5}, {"error_rate", 1.5}}, s) ==
        "'error_rate' must be a number between 0 and 1");
  CHECK(s.latency_ms == 20); // unchanged
  CHECK(apply_faults_json({{"nope", 1}}, s) == "unknown key 'nope'");
  CHECK(apply_faults_json({{"rps_limit", -1}}, s) == "'rps_limit' must be a non-negative integer");
  auto j = faults_to_json(s);
  CHECK(j["latency_ms"] == 20);
  CHECK(j["fault_seed"] == 9);
}

TEST_CASE("rate limiter: N per one-second window") {
  RateLimiter limiter;
  auto t0 = std::chrono::steady_clock::now();
  int admitted = 0;
  for (int i = 0; i < 10; ++i) {
    admitted += limiter.admit(4, t0 + std::chrono::milliseconds(i)) ? 1 : 0;
  }
  CHECK(admitted == 4);
  CHECK(limiter.admit(4, t0 + std::chrono::milliseconds(1001)));
  CHECK(limiter.admit(0, t0)); // unlimited
}
