// RequestCounters: what /_sim/counts reports — /rest requests by method, by
// status and by path kind, committed writes, dropped connections and injected
// faults. Side-door requests are not counted. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace alignctl::sim {

class RequestCounters {
public:
  // status 0: the connection was dropped without an answer.
  void record(const std::string& method, int status, const std::string& kind);
  void committed_create();
  void committed_patch();
  void fault(const std::string&
                 name); // "latency", "spike", "error", "rate_429", "rps_limit", "drop_after_commit"
  void reset();

  // {"total":N, "by_method":{"GET":n}, "by_status":{"200":n, "dropped":n},
  //  "by_kind":{"users_list":n, ...}, "committed_creates":n, "committed_patches":n,
  //  "faults":{"error":n, ...}}
  nlohmann::json to_json() const;

private:
  mutable std::mutex m_mutex;
  std::int64_t m_total = 0;
  std::map<std::string, std::int64_t> m_by_method, m_by_status, m_by_kind, m_faults;
  std::int64_t m_creates = 0;
  std::int64_t m_patches = 0;
};

} // namespace alignctl::sim
