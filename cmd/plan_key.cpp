#include "cmd/plan_key.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fmt/core.h>

namespace alignctl {

void add_plan_key_option(CLI::App& app, std::string& env_name, const std::string& purpose) {
  env_name = k_default_plan_key_env;
  app.add_option("--plan-key-env", env_name,
                 "Environment variable holding the plan-signing key (" + purpose + ")")
      ->capture_default_str();
}

std::optional<Secret> read_plan_key(const std::string& env_name) {
  const char* v = env_name.empty() ? nullptr : std::getenv(env_name.c_str());
  if (v == nullptr || *v == '\0') {
    return std::nullopt;
  }
  return Secret(std::string(v));
}

std::string plan_key_hint(const std::string& env_name) {
  if (env_name == k_default_plan_key_env) {
    return fmt::format("set {} to the key that signed it, or name the variable that holds the key "
                       "with --plan-key-env",
                       env_name);
  }
  return fmt::format("set {} (named by --plan-key-env) to the key that signed it", env_name);
}

} // namespace alignctl
