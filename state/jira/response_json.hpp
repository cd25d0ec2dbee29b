// Reading the JSON bodies Jira Align answers with (GET /Users pages, one
// user, reference lists, the answer to POST /Users). Every function takes the
// raw body and a label naming the request ("GET /Users?$skip=0…"); anything
// unexpected — not JSON, nested deeper than k_max_json_depth, an object where
// a list belongs, an id that is not a whole number — is a Protocol error whose
// message starts with the label and quotes at most 80 characters of the body.
// Pure functions (no I/O), so they are unit-tested and fuzzed directly
// (tests/fuzz/fuzz_response.cpp).
#pragma once

#include "state/model/live_user.hpp"
#include "state/model/reference.hpp"
#include "state/util/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alignctl {

// A page of GET /Users: a JSON array of user objects (live_user_from_json).
Result<std::vector<LiveUser>> parse_users_page(std::string_view body, const std::string& label);

// GET /Users/{id}: one user object (a one-element array is tolerated).
Result<LiveUser> parse_user_answer(std::string_view body, const std::string& label);

// A page of GET /Regions, /Cities, …: objects with an integer `id`, an
// optional string `name` and an optional integer `regionId`.
Result<std::vector<RefItem>> parse_reference_page(std::string_view body, const std::string& label);

// The new user's id from the answer to POST /Users when it carries one
// ({"id": 42} or {"id": "42"}); std::nullopt for anything else (the contract
// promises no body; the caller then looks the user up by key).
std::optional<std::int64_t> parse_created_id(std::string_view body);

} // namespace alignctl
