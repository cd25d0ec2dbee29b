#include "tests/sim/core/faults.hpp"

namespace alignctl::sim {

namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// One independent random stream per kind of fault (the values are part of
// the seeded fault sequence: keep them).
enum FaultStream : std::uint64_t {
  SpikeStream = 1,
  ErrorStream = 2,
  ErrorCodeStream = 3,
  TooManyStream = 4,
  DropStream = 5,
  DropUnansweredStream = 6
};

} // namespace

double fault_draw(std::uint64_t seed, std::uint64_t index, std::uint64_t stream) {
  std::uint64_t x = splitmix64(seed ^ splitmix64(index * 8 + stream));
  return static_cast<double>(x >> 11) * 0x1.0p-53;
}

FaultDecision decide_faults(const FaultSettings& s, std::uint64_t n) {
  FaultDecision d;
  d.delay_ms = s.latency_ms;
  if (s.spike_rate > 0 && fault_draw(s.seed, n, SpikeStream) < s.spike_rate) {
    d.spike = true;
    d.delay_ms = s.spike_ms;
  }
  if (s.rate_429 > 0 && fault_draw(s.seed, n, TooManyStream) < s.rate_429) {
    d.status = 429;
  } else if (s.error_rate > 0 && fault_draw(s.seed, n, ErrorStream) < s.error_rate) {
    const std::vector<int>& codes =
        s.error_codes.empty() ? FaultSettings{}.error_codes : s.error_codes;
    d.status = codes[static_cast<std::size_t>(fault_draw(s.seed, n, ErrorCodeStream) *
                                              static_cast<double>(codes.size()))];
  } else if (s.drop_rate > 0 && fault_draw(s.seed, n, DropUnansweredStream) < s.drop_rate) {
    d.drop = true;
  }
  d.drop_after_commit =
      s.drop_after_commit_rate > 0 && fault_draw(s.seed, n, DropStream) < s.drop_after_commit_rate;
  return d;
}

nlohmann::json faults_to_json(const FaultSettings& s) {
  return nlohmann::json{
      {"latency_ms", s.latency_ms}, {"spike_rate", s.spike_rate},
      {"spike_ms", s.spike_ms},     {"error_rate", s.error_rate},
      {"rate_429", s.rate_429},     {"retry_after", s.retry_after_s},
      {"rps_limit", s.rps_limit},   {"drop_after_commit_rate", s.drop_after_commit_rate},
      {"drop_rate", s.drop_rate},   {"fault_seed", s.seed}};
}

std::string apply_faults_json(const nlohmann::json& j, FaultSettings& s) {
  if (!j.is_object()) {
    return "expected a JSON object";
  }
  FaultSettings next = s;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const auto& v = it.value();
    auto rate = [&](double& out) -> std::string {
      if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 1) {
        return "'" + k + "' must be a number between 0 and 1";
      }
      out = v.get<double>();
      return {};
    };
    auto count = [&](int& out) -> std::string {
      if (!v.is_number_integer() || v.get<std::int64_t>() < 0 ||
          v.get<std::int64_t>() > 86'400'000) {
        return "'" + k + "' must be a non-negative integer";
      }
      out = v.get<int>();
      return {};
    };
    std::string err;
    if (k == "latency_ms") {
      err = count(next.latency_ms);
    } else if (k == "spike_rate") {
      err = rate(next.spike_rate);
    } else if (k == "spike_ms") {
      err = count(next.spike_ms);
    } else if (k == "error_rate") {
      err = rate(next.error_rate);
    } else if (k == "rate_429") {
      err = rate(next.rate_429);
    } else if (k == "retry_after") {
      err = count(next.retry_after_s);
    } else if (k == "rps_limit") {
      err = count(next.rps_limit);
    } else if (k == "drop_after_commit_rate") {
      err = rate(next.drop_after_commit_rate);
    } else if (k == "drop_rate") {
      err = rate(next.drop_rate);
    } else if (k == "fault_seed") {
      if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0)) {
        err = "'fault_seed' must be a non-negative integer";
      } else {
        next.seed = v.get<std::uint64_t>();
      }
    } else {
      err = "unknown key '" + k + "'";
    }
    if (!err.empty()) {
      return err;
    }
  }
  s = next;
  return {};
}

} // namespace alignctl::sim
