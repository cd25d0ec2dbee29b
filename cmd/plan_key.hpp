// The plan-signing key, the same way for every command that writes or reads
// plan files (plan signs; show and apply check): an environment variable,
// ALIGNCTL_PLAN_KEY unless --plan-key-env names another.
#pragma once

#include "planner/plan_file.hpp"
#include "state/util/secret.hpp"

#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace alignctl {

inline constexpr const char* k_default_plan_key_env = "ALIGNCTL_PLAN_KEY";

// Adds `--plan-key-env NAME` to `app`, stored in `env_name` (its default is
// k_default_plan_key_env). `purpose` ends the option's help text.
void add_plan_key_option(CLI::App& app, std::string& env_name, const std::string& purpose);

// The key in the variable `env_name`; nullopt when the name is empty or the
// variable is unset or empty.
std::optional<Secret> read_plan_key(const std::string& env_name);

// What to tell someone whose command needs the key in `env_name`.
std::string plan_key_hint(const std::string& env_name);

// The plan file at `path`, read and checked by the plan file's own rules
// (format, checksum, signature when the key in `env_name` is set) — and a
// signed plan needs the key: a signature nobody checks protects nothing
// (apply and undo). Throws Fatal with the refusal.
LoadedPlan read_checked_plan(const std::string& path, const std::string& env_name);

} // namespace alignctl
