#include "cmd/reference_fetch.hpp"

#include "state/util/fatal.hpp"

#include <fmt/core.h>

namespace alignctl {

ReferenceData fetch_reference(JiraAlign& client) {
  ReferenceData ref;
  auto fetch = [&](RefKind kind) -> std::vector<RefItem> {
    auto r = client.list_reference(kind);
    if (!r) {
      throw Fatal(fmt::format("listing {} to check the policy's ids: {}", ref_kind_path(kind),
                              r.error().message));
    }
    return std::move(*r);
  };
  ref.regions = fetch(RefKind::Regions);
  ref.cities = fetch(RefKind::Cities);
  ref.cost_centers = fetch(RefKind::CostCenters);
  auto divisions = client.list_reference(RefKind::Divisions);
  if (divisions) {
    ref.divisions = std::move(*divisions);
  } else if (divisions.error().kind != ErrorKind::NotFound) {
    throw Fatal("listing Divisions to check the policy's ids: " + divisions.error().message);
  }
  return ref;
}

} // namespace alignctl
