#include "planner/reconcile/placement.hpp"

#include "planner/reconcile/messages.hpp"
#include "planner/text_util.hpp"

namespace alignctl {

Placement::Placement(const Policy& policy) : m_policy(policy) {
  for (const RegionEntry& e : policy.regions) {
    m_regions.emplace(fold_case(e.value), &e);
  }
}

std::optional<RegionChoice> Placement::region_for(const DesiredUser& d) const {
  auto it = m_regions.find(fold_case(d.region));
  if (!d.region.empty() && it != m_regions.end()) {
    return RegionChoice{&it->second->target, reconcile_text::region_mapped(d.region)};
  }
  if (m_policy.region_default) {
    return RegionChoice{&*m_policy.region_default, reconcile_text::region_default(d.region)};
  }
  return std::nullopt;
}

RoleChoice Placement::role_for(const DesiredUser& d) const {
  for (const GroupRole& r : m_policy.roles_from_groups) {
    for (const std::string& g : d.groups) {
      if (iequals(g, r.group)) {
        return {r.role_id.value, reconcile_text::role_from_group(r.role_id.value, r.group)};
      }
    }
  }
  return {m_policy.create_role_id.value,
          reconcile_text::role_from_create(m_policy.create_role_id.value)};
}

} // namespace alignctl
