// `alignctl users`: list the live users of a Jira Align instance (read-only).
// Split out so option parsing and rendering are unit-tested (tests/unit/client).
#pragma once

#include "cmd/connection_options.hpp"
#include "state/model/live_user.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace alignctl {

struct UsersOptions {
  ConnectionOptions connection;
  bool json = false;     // --json: a JSON array even on a terminal
  bool active = false;   // --active: only isLocked == 0
  bool inactive = false; // --inactive: only isLocked != 0
};

void add_users_options(CLI::App& app, UsersOptions& options);

// The users the filters keep, in the given order.
std::vector<LiveUser> filter_users(std::vector<LiveUser> users, const UsersOptions& options);

// An aligned text table: id, externalId, name, email, status, roleId.
std::string users_table(const std::vector<LiveUser>& users);

// A JSON array, one user object (API field names) per line; streamed, so
// 100,000 users need no second copy in memory.
void write_users_json(std::FILE* out, const std::vector<LiveUser>& users);

} // namespace alignctl
