#include "tests/sim/core/request_counters.hpp"

namespace alignctl::sim {

void RequestCounters::record(const std::string& method, int status, const std::string& kind) {
  std::lock_guard lock(m_mutex);
  ++m_total;
  ++m_by_method[method];
  ++m_by_status[status == 0 ? std::string("dropped") : std::to_string(status)];
  ++m_by_kind[kind];
}

void RequestCounters::committed_create() {
  std::lock_guard lock(m_mutex);
  ++m_creates;
}

void RequestCounters::committed_patch() {
  std::lock_guard lock(m_mutex);
  ++m_patches;
}

void RequestCounters::fault(const std::string& name) {
  std::lock_guard lock(m_mutex);
  ++m_faults[name];
}

void RequestCounters::reset() {
  std::lock_guard lock(m_mutex);
  m_total = 0;
  m_by_method.clear();
  m_by_status.clear();
  m_by_kind.clear();
  m_faults.clear();
  m_creates = 0;
  m_patches = 0;
}

nlohmann::json RequestCounters::to_json() const {
  std::lock_guard lock(m_mutex);
  auto as_obj = [](const std::map<std::string, std::int64_t>& m) {
    nlohmann::json o = nlohmann::json::object();
    for (const auto& [k, v] : m) {
      o[k] = v;
    }
    return o;
  };
  return nlohmann::json{{"total", m_total},
                        {"by_method", as_obj(m_by_method)},
                        {"by_status", as_obj(m_by_status)},
                        {"by_kind", as_obj(m_by_kind)},
                        {"committed_creates", m_creates},
                        {"committed_patches", m_patches},
                        {"faults", as_obj(m_faults)}};
}

} // namespace alignctl::sim
