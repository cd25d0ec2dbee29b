// alignctl's entry point: parse, run the chosen subcommand, and turn the one
// exception type (Fatal) and any stray exception into "alignctl: error: …".
#include "cmd/command.hpp"
#include "state/util/fatal.hpp"

#include <CLI/CLI.hpp>
#include <exception>
#include <fmt/core.h>

int main(int argc, char** argv) {
  CLI::App app{"alignctl — access-as-code for Jira Align: export, plan, apply"};
  app.name("alignctl");
  std::function<int()> run;
  alignctl::build_cli(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : alignctl::k_exit_usage;
  }
  try {
    return run ? run() : alignctl::k_exit_usage;
  } catch (const alignctl::Fatal& e) {
    fmt::print(stderr, "alignctl: error: {}\n", e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    fmt::print(stderr, "alignctl: error: internal: {}\n", e.what());
    return alignctl::k_exit_error;
  }
}
