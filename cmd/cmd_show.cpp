// alignctl show PLAN: renders a saved plan (text, Markdown or JSON) after the
// plan file's own checks (format version, checksum, signature when a key is set).
#include "cmd/commands.hpp"
#include "cmd/plan_inputs.hpp"
#include "cmd/plan_key.hpp"
#include "cmd/render_format.hpp"
#include "planner/plan_file.hpp"
#include "planner/render/render.hpp"
#include "state/util/fatal.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <memory>

namespace alignctl {

namespace {

struct ShowOptions {
  std::string plan;
  std::string format = "text";
  std::string plan_key_env;
};

int run_show(const ShowOptions& o) {
  const RenderFormat format = parse_render_format(o.format);
  std::string text = read_whole_file(o.plan, "plan file", k_max_plan_file_bytes);
  auto loaded = read_plan_file(text, o.plan, read_plan_key(o.plan_key_env));
  if (!loaded) {
    throw Fatal(loaded.error().message);
  }
  RenderOptions options;
  options.plan_artifact = o.plan;
  fmt::print("{}", render(loaded->plan, format, options));
  flush_stdout("plan");
  return k_exit_ok;
}

void add_show_options(CLI::App& app, ShowOptions& o) {
  app.add_option("plan", o.plan, "The plan file")->required();
  app.add_option("--format", o.format, "text, markdown or json")->capture_default_str();
  add_plan_key_option(app, o.plan_key_env, "the signature is checked when it is set");
}

} // namespace

Command make_show_command() {
  return make_command<ShowOptions>("show", "Render a saved plan file as text, Markdown or JSON",
                                   add_show_options, run_show);
}

} // namespace alignctl
