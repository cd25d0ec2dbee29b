#include "cmd/command.hpp"
#include "cmd/commands.hpp"
#include "state/util/version.hpp"

#include <CLI/CLI.hpp>

namespace alignctl {

const std::vector<Command>& command_table() {
  // One line per subcommand. Keep this the only list.
  static const std::vector<Command> table = {
      make_doctor_command(), make_export_command(),  make_import_command(), make_validate_command(),
      make_plan_command(),   make_show_command(),    make_apply_command(),  make_undo_command(),
      make_users_command(),  make_version_command(),
  };
  return table;
}

void build_cli(CLI::App& app, std::function<int()>& run) {
  app.set_version_flag("--version",
                       std::string("alignctl ") + k_version + " (commit " + k_git_commit + ")");
  app.require_subcommand(1);
  for (const Command& c : command_table()) {
    CLI::App* sub = app.add_subcommand(c.name, c.summary);
    auto action = std::make_shared<std::function<int()>>();
    *action = c.setup(*sub);
    sub->callback([action, &run] { run = *action; });
  }
}

} // namespace alignctl
