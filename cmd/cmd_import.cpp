// `alignctl import`: writes a desired-state file from the live users, so a team
// adopting alignctl starts from a plan that changes nothing.
#include "cmd/commands.hpp"
#include "cmd/connection_options.hpp"
#include "cmd/plan_inputs.hpp"
#include "planner/import_desired.hpp"
#include "planner/policy_loader.hpp"
#include "state/model/desired_state_writer.hpp"
#include "state/util/fatal.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fmt/core.h>

namespace alignctl {

namespace {

struct ImportOptions {
  ConnectionOptions connection;
  std::string policy = "alignctl.yaml";
  std::string out = "users.yaml";
  bool force = false;
};

int run_import(const ImportOptions& options) {
  const Policy policy = read_policy_file(options.policy, "nothing imported");
  if (!options.force && std::filesystem::exists(options.out)) {
    throw Fatal(options.out +
                " exists; import bootstraps a new desired state (--force replaces it)");
  }
  ClientConfig config = resolve_connection(options.connection, &policy);
  auto live = connect_jira_align(config)->list_users();
  if (!live) {
    throw Fatal(live.error().message);
  }
  ImportResult imported = import_desired(*live, policy, "alignctl import from " + config.base_url);
  if (!imported.errors.empty()) {
    for (const std::string& e : imported.errors) {
      fmt::print(stderr, "alignctl: error: {}\n", e);
    }
    throw Fatal("duplicate keys among live users; nothing written");
  }
  write_private_file_atomically(options.out, render_desired_state(imported.desired));
  fmt::print(stderr,
             "alignctl: imported {} active users into {} (skipped {} deactivated, {} without {}, "
             "{} ignored by policy)\n",
             imported.desired.users.size(), options.out, imported.skipped_inactive,
             imported.skipped_keyless, policy.match_key, imported.skipped_ignored);
  return k_exit_ok;
}

void add_import_options(CLI::App& app, ImportOptions& options) {
  app.add_option("--policy", options.policy, "Policy file")->capture_default_str();
  app.add_option("--out,-o", options.out, "Desired-state file to write")->capture_default_str();
  app.add_flag("--force", options.force, "Replace an existing file");
  add_connection_options(app, options.connection);
}

} // namespace

Command make_import_command() {
  return make_command<ImportOptions>("import",
                                     "Write a desired-state file from the live users (bootstrap)",
                                     add_import_options, run_import);
}

} // namespace alignctl
