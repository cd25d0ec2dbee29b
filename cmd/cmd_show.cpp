// alignctl show PLAN: renders a saved plan (text, Markdown or JSON) after the
// plan file's own checks (format version, checksum, signature when a key is set).
#include "cmd/commands.hpp"
#include "cmd/plan_inputs.hpp"
#include "planner/plan_file.hpp"
#include "planner/render/render.hpp"
#include "state/util/fatal.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fmt/core.h>
#include <memory>

namespace alignctl {

namespace {

struct ShowOptions {
  std::string plan;
  std::string format = "text";
  std::string plan_key_env = "ALIGNCTL_PLAN_KEY";
};

int run_show(const ShowOptions& o) {
  auto format = render_format_from_name(o.format);
  if (!format) {
    throw Fatal(fmt::format("--format must be text, markdown or json, not '{}'", o.format),
                k_exit_usage);
  }
  std::string text = read_whole_file(o.plan, "plan file", k_max_plan_file_bytes);
  std::optional<Secret> key;
  if (const char* v = o.plan_key_env.empty() ? nullptr : std::getenv(o.plan_key_env.c_str());
      v != nullptr && *v != '\0') {
    key = Secret(v);
  }
  auto loaded = read_plan_file(text, o.plan, key);
  if (!loaded) {
    throw Fatal(loaded.error().message);
  }
  RenderOptions options;
  options.plan_artifact = o.plan;
  fmt::print("{}", render(loaded->plan, *format, options));
  std::fflush(stdout);
  if (std::ferror(stdout)) {
    throw Fatal("writing the plan to standard output failed");
  }
  return k_exit_ok;
}

} // namespace

Command make_show_command() {
  return Command{
      "show", "Render a saved plan file as text, Markdown or JSON",
      [](CLI::App& app) -> std::function<int()> {
        auto o = std::make_shared<ShowOptions>();
        app.add_option("plan", o->plan, "The plan file")->required();
        app.add_option("--format", o->format, "text, markdown or json")->capture_default_str();
        app.add_option("--plan-key-env", o->plan_key_env,
                       "Environment variable holding the plan-signing key (the "
                       "signature is checked when it is set)")
            ->capture_default_str();
        return [o] { return run_show(*o); };
      }};
}

} // namespace alignctl
