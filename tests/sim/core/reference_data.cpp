#include "tests/sim/core/reference_data.hpp"

#include <algorithm>

namespace alignctl::sim {

const char* ref_kind_key(RefKind kind) {
  switch (kind) {
  case RefKind::Regions:
    return "regions";
  case RefKind::Cities:
    return "cities";
  case RefKind::CostCenters:
    return "costCenters";
  case RefKind::Divisions:
    return "divisions";
  }
  return "?";
}

void ReferenceData::set(RefKind kind, std::vector<RefEntry> entries) {
  auto k = static_cast<std::size_t>(kind);
  std::sort(entries.begin(), entries.end(),
            [](const RefEntry& a, const RefEntry& b) { return a.id < b.id; });
  m_ids[k].clear();
  for (const auto& e : entries) {
    m_ids[k].insert(e.id);
  }
  m_entries[k] = std::move(entries);
}

const std::vector<RefEntry>& ReferenceData::list(RefKind kind) const {
  return m_entries[static_cast<std::size_t>(kind)];
}

bool ReferenceData::contains(RefKind kind, std::int64_t id) const {
  return m_ids[static_cast<std::size_t>(kind)].count(id) > 0;
}

nlohmann::ordered_json ReferenceData::to_json(RefKind kind) const {
  auto out = nlohmann::ordered_json::array();
  for (const auto& e : list(kind)) {
    nlohmann::ordered_json o;
    o["id"] = e.id;
    o["name"] = e.name;
    if (kind == RefKind::Cities) {
      o["regionId"] = e.region_id ? nlohmann::ordered_json(*e.region_id) : nullptr;
    }
    out.push_back(std::move(o));
  }
  return out;
}

ReferenceData default_reference_data() {
  ReferenceData ref;
  ref.set(RefKind::Regions, {{1, "AMER", {}}, {2, "EMEA", {}}, {3, "APAC", {}}});
  ref.set(RefKind::Cities, {{11, "AMER \xE2\x80\x93 Remote", 1},
                            {21, "EMEA \xE2\x80\x93 Remote", 2},
                            {31, "APAC \xE2\x80\x93 Remote", 3}});
  ref.set(RefKind::CostCenters, {{100, "Cost Center 100", {}}, {101, "Cost Center 101", {}}});
  ref.set(RefKind::Divisions, {{200, "Division 200", {}}, {201, "Division 201", {}}});
  return ref;
}

std::string ref_entries_from_json(const nlohmann::json& j, RefKind kind,
                                  std::vector<RefEntry>& out) {
  std::string where = ref_kind_key(kind);
  if (!j.is_array()) {
    return "'" + where + "': expected an array";
  }
  out.clear();
  for (std::size_t i = 0; i < j.size(); ++i) {
    const auto& e = j[i];
    std::string at = "'" + where + "'[" + std::to_string(i) + "]";
    if (!e.is_object() || !e.contains("id") || !e["id"].is_number_integer()) {
      return at + ": expected an object with an integer 'id'";
    }
    RefEntry r;
    r.id = e["id"].get<std::int64_t>();
    if (e.contains("name") && e["name"].is_string()) {
      r.name = e["name"].get<std::string>();
    }
    if (e.contains("regionId") && e["regionId"].is_number_integer()) {
      r.region_id = e["regionId"].get<std::int64_t>();
    }
    out.push_back(std::move(r));
  }
  return {};
}

} // namespace alignctl::sim
