#include "cmd/commands.hpp"
#include "state/util/version.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

namespace alignctl {

Command make_version_command() {
  return Command{"version", "Print the version and the commit it was built from",
                 [](CLI::App&) -> std::function<int()> {
                   return [] {
                     fmt::print("alignctl {} (commit {})\n", k_version, k_git_commit);
                     return 0;
                   };
                 }};
}

} // namespace alignctl
