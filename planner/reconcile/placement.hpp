// Where a desired user goes: the region target (regions.map, else
// regions.default) and the role (roles.from_groups, else create.roleId), each
// with the words a reviewer reads in the action's reason.
#pragma once

#include "planner/policy.hpp"
#include "state/model/desired_state.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

namespace alignctl {

struct RegionChoice {
  const RegionTarget* target = nullptr;
  std::string how; // "region 'EMEA'" or "no region, so regions.default"
};

struct RoleChoice {
  std::int64_t role_id = 0;
  std::string why; // "roleId 7 from group 'X'" or "roleId 3 (create.roleId)"
};

class Placement {
public:
  explicit Placement(const Policy& policy);
  // nullopt when the region is not mapped and there is no regions.default.
  std::optional<RegionChoice> region_for(const DesiredUser& user) const;
  RoleChoice role_for(const DesiredUser& user) const;

private:
  const Policy& m_policy;
  std::unordered_map<std::string, const RegionEntry*> m_regions; // by folded value
};

} // namespace alignctl
