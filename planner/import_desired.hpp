// Bootstrapping a desired state from the live users (`alignctl import`), so a
// team adopting alignctl starts from a first plan that changes nothing.
#pragma once

#include "planner/policy.hpp"
#include "state/model/desired_state.hpp"
#include "state/model/live_user.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace alignctl {

struct ImportResult {
  DesiredState desired; // canonical order is left to the writer
  std::size_t skipped_inactive = 0;
  std::size_t skipped_keyless = 0; // no value for the policy's match key
  std::size_t skipped_ignored = 0; // ignored by the policy (e.g. connector users)
  std::vector<std::string> errors; // duplicate keys among imported users; empty when usable
};

// Takes every active, keyed, not-ignored live user. The region value is the
// first policy region whose regionId and cityId both match the user's (else
// whose regionId matches, else empty); the groups are the first
// roles.from_groups group granting the user's roleId (else none). Pure.
ImportResult import_desired(const std::vector<LiveUser>& live, const Policy& policy,
                            const std::string& source);

} // namespace alignctl
