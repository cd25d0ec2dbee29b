// Converting LiveUser to and from the API's JSON (contract §2 "User fields").
#pragma once

#include "state/model/live_user.hpp"
#include "state/util/result.hpp"

#include <nlohmann/json_fwd.hpp>
#include <string_view>
#include <vector>

namespace alignctl {

// Parses one user object as GET /Users returns it. Tolerant like the real
// API demands: unknown fields ignored, null and missing treated alike, numbers
// given as numeric strings accepted. A missing or non-integer `id`, or a field
// of the wrong kind (object where a string belongs), is a Protocol error naming
// the field.
Result<LiveUser> live_user_from_json(const nlohmann::json& j);

// The user as API JSON with the fields LiveUser holds (absent → null).
nlohmann::json live_user_to_json(const LiveUser& user);

// One field by its API name ("externalId", "isLocked", "divisionId", …) as JSON
// (null when absent); a discarded json value when the name is not a LiveUser
// field. Plans record preconditions in these terms and apply compares them.
nlohmann::json live_user_field(const LiveUser& user, std::string_view api_name);

// The API field names live_user_field() knows, in the API's order.
const std::vector<std::string_view>& live_user_field_names();

} // namespace alignctl
