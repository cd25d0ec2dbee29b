#include "planner/policy_ids.hpp"

#include <algorithm>
#include <fmt/core.h>

namespace alignctl {

namespace {

const RefItem* find(const std::vector<RefItem>& items, std::int64_t id) {
  auto it = std::find_if(items.begin(), items.end(), [id](const RefItem& r) { return r.id == id; });
  return it == items.end() ? nullptr : &*it;
}

class Checker {
public:
  Checker(const Policy& policy, const ReferenceData& ref) : m_policy(policy), m_ref(ref) {}

  void check(const PolicyId& id, const std::string& what, RefKind kind,
             std::optional<std::int64_t> region = std::nullopt) {
    const std::vector<RefItem>* items = nullptr;
    const char* noun = "";
    switch (kind) {
    case RefKind::Regions:
      items = &m_ref.regions;
      noun = "a region";
      break;
    case RefKind::Cities:
      items = &m_ref.cities;
      noun = "a city";
      break;
    case RefKind::CostCenters:
      items = &m_ref.cost_centers;
      noun = "a cost center";
      break;
    case RefKind::Divisions:
      if (!m_ref.divisions) {
        return; // the site has no Divisions endpoint: cannot check
      }
      items = &*m_ref.divisions;
      noun = "a division";
      break;
    }
    const RefItem* item = find(*items, id.value);
    if (item == nullptr) {
      add(id, fmt::format("{} {} is not {} in Jira Align (GET /{})", what, id.value, noun,
                          ref_kind_path(kind)));
      return;
    }
    if (region && item->region_id && *item->region_id != *region) {
      add(id, fmt::format("{} {} ('{}') belongs to region {}, not to region {} it is paired with",
                          what, id.value, item->name, *item->region_id, *region));
    }
  }

  void region_target(const RegionTarget& t, const std::string& where) {
    check(t.region_id, where + ".regionId", RefKind::Regions);
    check(t.city_id, where + ".cityId", RefKind::Cities, t.region_id.value);
  }

  Diagnostics take() { return std::move(m_out); }

private:
  void add(const PolicyId& id, std::string message) {
    m_out.push_back(Diagnostic{m_policy.file, id.line, id.column, std::move(message)});
  }

  const Policy& m_policy;
  const ReferenceData& m_ref;
  Diagnostics m_out;
};

} // namespace

Diagnostics check_policy_ids(const Policy& policy, const ReferenceData& reference) {
  Checker c(policy, reference);
  c.check(policy.create_cost_center_id, "create.costCenterId", RefKind::CostCenters);
  c.check(policy.create_division_id, "create.divisionId", RefKind::Divisions);
  for (const RegionEntry& e : policy.regions) {
    c.region_target(e.target, "regions.map." + e.value);
  }
  if (policy.region_default) {
    c.region_target(*policy.region_default, "regions.default");
  }
  if (policy.repair_division_id) {
    c.check(*policy.repair_division_id, "repair.divisionId", RefKind::Divisions);
  }
  if (policy.repair_city_id) {
    c.check(*policy.repair_city_id, "repair.cityId", RefKind::Cities);
  }
  Diagnostics out = c.take();
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  });
  return out;
}

} // namespace alignctl
