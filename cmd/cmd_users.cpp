#include "cmd/cmd_users.hpp"

#include "cmd/commands.hpp"
#include "cmd/plan_inputs.hpp"
#include "state/model/live_user_json.hpp"
#include "state/util/fatal.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fmt/core.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace alignctl {

namespace {

std::string text_or_dash(const std::optional<std::string>& s) {
  return s && !s->empty() ? *s : "-";
}

// Display width of UTF-8 text (code points; good enough for names).
std::size_t width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

int run_users(const UsersOptions& options) {
  ClientConfig config = resolve_connection(options.connection);
  auto client = connect_jira_align(config);
  const bool progress_shown = isatty(STDERR_FILENO) == 1;
  auto users = list_live_users(*client, progress_shown);
  if (!users) {
    throw Fatal(users.error().message);
  }
  note_listing_mode(*client);
  std::vector<LiveUser> shown = filter_users(std::move(*users), options);
  if (options.json || isatty(STDOUT_FILENO) != 1) {
    write_users_json(stdout, shown);
  } else {
    fmt::print("{}", users_table(shown));
    fmt::print(stderr, "{} user{}\n", shown.size(), shown.size() == 1 ? "" : "s");
  }
  flush_stdout("user list");
  return k_exit_ok;
}

} // namespace

void add_users_options(CLI::App& app, UsersOptions& options) {
  add_connection_options(app, options.connection);
  app.add_flag("--json", options.json,
               "Print a JSON array (the default when standard output is not a terminal)");
  auto* active = app.add_flag("--active", options.active, "Only active users (isLocked 0)");
  auto* inactive =
      app.add_flag("--inactive", options.inactive, "Only deactivated users (isLocked not 0)");
  active->excludes(inactive);
}

std::vector<LiveUser> filter_users(std::vector<LiveUser> users, const UsersOptions& options) {
  if (options.active || options.inactive) {
    bool want_active = options.active;
    users.erase(std::remove_if(users.begin(), users.end(),
                               [&](const LiveUser& u) { return u.active() != want_active; }),
                users.end());
  }
  return users;
}

std::string users_table(const std::vector<LiveUser>& users) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"ID", "EXTERNAL ID", "NAME", "EMAIL", "STATUS", "ROLE"});
  for (const LiveUser& u : users) {
    std::string name = u.first_name.value_or("");
    if (u.last_name && !u.last_name->empty()) {
      name += (name.empty() ? "" : " ") + *u.last_name;
    }
    rows.push_back({std::to_string(u.id), text_or_dash(u.external_id), name.empty() ? "-" : name,
                    text_or_dash(u.email), u.active() ? "Active" : "Inactive",
                    u.role_id ? std::to_string(*u.role_id) : "-"});
  }
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], width(row[c]));
    }
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) {
        line += std::string(widths[c] - width(row[c]) + 2, ' ');
      }
    }
    out += line + "\n";
  }
  return out;
}

void write_users_json(std::FILE* out, const std::vector<LiveUser>& users) {
  std::fputs("[", out);
  for (std::size_t i = 0; i < users.size(); ++i) {
    std::fputs(i == 0 ? "\n  " : ",\n  ", out);
    std::string line =
        live_user_to_json(users[i]).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::fwrite(line.data(), 1, line.size(), out);
  }
  std::fputs(users.empty() ? "]\n" : "\n]\n", out);
}

Command make_users_command() {
  return make_command<UsersOptions>("users",
                                    "List the live users of a Jira Align instance (read-only)",
                                    add_users_options, run_users);
}

} // namespace alignctl
