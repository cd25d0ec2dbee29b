// The tenant file: the simulator's seed and persisted-state format.
//   {"regions":[{id,name}], "cities":[{id,name,regionId}], "costCenters":[{id,name}],
//    "divisions":[{id,name}], "users":[{…full user records…}]}
// A missing reference key takes the built-in default (default_reference_data())
// and is named in `notes`; a missing "users" key means no users.
#pragma once

#include "state/util/result.hpp"
#include "tests/sim/core/user_store.hpp"

#include <string>
#include <vector>

namespace alignctl::sim {

// Parses tenant JSON text. Errors (ErrorKind::Input) name `origin` and the
// offending entry: "tenant.json: users[3]: field 'roleId': expected an integer or null".
Result<UserStore> tenant_from_json_text(const std::string& text, const std::string& origin,
                                        std::vector<std::string>* notes = nullptr);
Result<UserStore> load_tenant_file(const std::string& path,
                                   std::vector<std::string>* notes = nullptr);

// The tenant as JSON text (users as full API records).
std::string tenant_to_json_text(const UserStore& store, std::string_view self_base);

// The users as the elements of a JSON array, one per line, without the
// brackets ("\n{…},\n{…}\n"; empty for no users).
std::string users_to_json_lines(const std::vector<User>& users, std::string_view self_base);

// Writes `content` to `path` atomically: a temporary file in the same
// directory, fsync, rename. Io error naming the path and strerror.
Result<void> write_file_atomically(const std::string& path, const std::string& content);

} // namespace alignctl::sim
