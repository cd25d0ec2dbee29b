#include "cmd/plan_key.hpp"

#include "cmd/plan_inputs.hpp"
#include "state/util/fatal.hpp"

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

LoadedPlan read_checked_plan(const std::string& path, const std::string& env_name) {
  std::string text = read_whole_file(path, "plan file", k_max_plan_file_bytes);
  std::optional<Secret> key = read_plan_key(env_name);
  auto loaded = read_plan_file(text, path, key);
  if (!loaded) {
    throw Fatal(loaded.error().message);
  }
  if (loaded->signed_plan && !key) {
    throw Fatal(fmt::format("{}: the plan is signed, but no key to check its signature is set; {}",
                            path, plan_key_hint(env_name)));
  }
  return std::move(*loaded);
}

} // namespace alignctl
