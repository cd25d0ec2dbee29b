// Reference data used to validate ids in the policy (contract §6).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace alignctl {

enum class RefKind { Regions, Cities, CostCenters, Divisions };

// "Regions", "Cities", "CostCenters", "Divisions": the API path segment.
const char* ref_kind_path(RefKind kind);

struct RefItem {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::int64_t> region_id; // Cities only
};

} // namespace alignctl
