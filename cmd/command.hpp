// Command: one row of alignctl's subcommand table (cmd/command_table.cpp).
// Each subcommand lives in its own cmd/cmd_<name>.cpp and exposes one
// make_<name>_command() function, most through make_command (an options
// struct, the function adding its options, the function running it); its
// option parsing is unit-tested by calling setup() on a bare CLI::App and
// parsing an argument vector.
#pragma once

#include <functional>
#include <memory>
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

// A subcommand whose options are one `Options` struct: `add_options` binds its
// fields to the command line, `run` runs the command with the parsed values
// (each parse gets a fresh struct).
template <class Options>
Command make_command(std::string name, std::string summary,
                     void (*add_options)(CLI::App& app, Options& options),
                     int (*run)(const Options& options)) {
  return Command{std::move(name), std::move(summary),
                 [add_options, run](CLI::App& app) -> std::function<int()> {
                   auto options = std::make_shared<Options>();
                   add_options(app, *options);
                   return [options, run] { return run(*options); };
                 }};
}

// Every subcommand, in the order `alignctl --help` lists them.
const std::vector<Command>& command_table();

// Builds the top-level CLI app with every subcommand registered; `run` is set
// to the chosen subcommand's action after parsing.
void build_cli(CLI::App& app, std::function<int()>& run);

} // namespace alignctl
