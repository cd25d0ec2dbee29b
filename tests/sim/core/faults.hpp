// Fault injection (contract §8). Each /rest request gets a sequence number n;
// what happens to it is a pure function of (settings, n), drawn from a
// splitmix64 stream keyed by --fault-seed, so a run is reproducible for a
// given request order.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace alignctl::sim {

struct FaultSettings {
  int latency_ms = 0;                // added to every request
  double spike_rate = 0;             // share of requests delayed by spike_ms instead
  int spike_ms = 0;                  //   (long enough to exceed a client timeout)
  double error_rate = 0;             // share answered 500/502/503 without effect
  double rate_429 = 0;               // share answered 429 without effect
  int retry_after_s = 1;             // Retry-After on those 429s
  int rps_limit = 0;                 // requests per second (0: unlimited), beyond: 429
  double drop_after_commit_rate = 0; // share of successful POST/PATCH applied, then dropped
  double drop_rate = 0;              // share answered by closing the connection (no effect)
  // What error_rate answers: the Jira Align simulator's 500/502/503, the
  // Graph simulator's 503/504.
  std::vector<int> error_codes = {500, 502, 503};
  std::uint64_t seed = 1;
};

// Current settings as JSON (keys: latency_ms, spike_rate, spike_ms, error_rate,
// rate_429, retry_after, rps_limit, drop_after_commit_rate, drop_rate, fault_seed).
nlohmann::json faults_to_json(const FaultSettings& s);
// Applies the keys present in `j` to `s`. Returns an empty string on success,
// else what is wrong (unknown key, rate outside [0,1], negative value); `s`
// is then unchanged.
std::string apply_faults_json(const nlohmann::json& j, FaultSettings& s);

struct FaultDecision {
  int delay_ms = 0;
  bool spike = false;
  int status = 0;                 // 0: none, else 429 or one of error_codes
  bool drop = false;              // close the connection without answering
  bool drop_after_commit = false; // only meaningful for a successful write
};

FaultDecision decide_faults(const FaultSettings& s, std::uint64_t request_index);

// A value in [0, 1) for (seed, index, stream): the PRNG behind decide_faults.
double fault_draw(std::uint64_t seed, std::uint64_t index, std::uint64_t stream);

} // namespace alignctl::sim
