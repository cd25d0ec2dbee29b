// Command: one row of alignctl's subcommand table (cmd/command_table.cpp).
// Each subcommand lives in its own cmd/cmd_<name>.cpp and exposes one
// make_<name>_command() function; its option parsing is unit-tested by
// calling setup() on a bare CLI::App and parsing an argument vector.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace alignctl {

struct Command {
  std::string name;
  std::string summary;
  // Adds the subcommand's options to `app` and returns the action run after a
  // successful parse; the action returns the process exit code and may throw
  // Fatal.
  std::function<std::function<int()>(CLI::App& app)> setup;
};

// Every subcommand, in the order `alignctl --help` lists them.
const std::vector<Command>& command_table();

// Builds the top-level CLI app with every subcommand registered; `run` is set
// to the chosen subcommand's action after parsing.
void build_cli(CLI::App& app, std::function<int()>& run);

} // namespace alignctl
