// alignctl plan: desired state + live users + policy → a reviewed plan file.
// Nothing is written and no request is sent when an input is broken; the plan
// file is written (0600, atomically) only after everything else succeeded.
#include "cmd/commands.hpp"
#include "cmd/connection_options.hpp"
#include "cmd/plan_base.hpp"
#include "cmd/plan_inputs.hpp"
#include "cmd/plan_key.hpp"
#include "cmd/render_format.hpp"
#include "planner/plan_file.hpp"
#include "planner/plan_summary.hpp"
#include "planner/reconcile.hpp"
#include "planner/render/render.hpp"
#include "state/util/fatal.hpp"
#include "state/util/version.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <fmt/core.h>
#include <memory>
#include <unistd.h>

namespace alignctl {

namespace {

struct PlanOptions {
  ConnectionOptions connection;
  std::string policy;
  std::string desired;
  std::string base; // --base REF: label each action change or drift
  std::string out;
  std::string format = "text";
  std::string markdown_out;
  bool detailed_exitcode = false;
  std::string now; // hidden: fixed created_at for golden tests
  bool timings = false;
  std::string plan_key_env;
  std::vector<std::string> targets; // --target: a partial plan of these users
};

// Wall-clock phases for --timings (stderr).
class Timings {
public:
  explicit Timings(bool enabled) : m_enabled(enabled), m_last(Clock::now()) {}
  void mark(const char* phase) {
    auto now = Clock::now();
    double ms = std::chrono::duration<double, std::milli>(now - m_last).count();
    m_last = now;
    if (m_enabled) {
      fmt::print(stderr, "alignctl: timing: {:<22} {:9.1f} ms\n", phase, ms);
    }
  }

private:
  using Clock = std::chrono::steady_clock;
  bool m_enabled;
  Clock::time_point m_last;
};

int run_plan(const PlanOptions& o) {
  const RenderFormat format = parse_render_format(o.format);
  for (const std::string& t : o.targets) {
    if (t.empty()) {
      throw Fatal("--target must be a user's match-key value, not empty", k_exit_usage);
    }
  }
  Timings timings(o.timings);
  PlanInputs in = load_plan_inputs(o.policy, o.desired);
  if (!in.diagnostics.empty()) {
    print_diagnostics(in.diagnostics);
    throw Fatal(fmt::format("{} problem{} in the inputs; nothing was planned and no request was "
                            "sent",
                            in.diagnostics.size(), in.diagnostics.size() == 1 ? "" : "s"));
  }
  timings.mark("read inputs");

  std::optional<BaseComparison> base; // --base: REF is read while the live users are fetched
  if (!o.base.empty()) {
    base.emplace(o.base, o.desired, in.policy.match_key);
  }
  ClientConfig config = resolve_connection(o.connection, &in.policy);
  PlanContext context;
  context.created_at = o.now.empty() ? utc_now() : o.now;
  context.target_url = config.base_url;
  context.provenance = in.provenance;
  context.tool_version = k_version;
  context.targets = o.targets;
  auto client = connect_jira_align(config);
  const bool progress_shown = isatty(STDERR_FILENO) == 1 && !o.timings;
  auto live = list_live_users(*client, progress_shown);
  if (!live) {
    throw Fatal("listing the live users: " + live.error().message);
  }
  timings.mark("fetch live users");
  if (auto mode = client->listing_mode()) {
    context.provenance.listing_mode = std::string(to_string(*mode));
  }
  note_listing_mode(*client);

  // The base is planned beside the plan itself; it reads `live` and
  // `context`, so it is waited for before they go away, whatever happens.
  struct WaitForBase {
    std::optional<BaseComparison>& base;
    ~WaitForBase() {
      if (base) {
        base->wait();
      }
    }
  } wait_for_base{base};
  if (base) {
    base->start_plan(in.desired, *live, in.policy, context);
  }
  PlanOutcome outcome = reconcile(in.desired, *live, in.policy, context);
  timings.mark("reconcile");
  if (!outcome.ok()) {
    for (const std::string& e : outcome.errors) {
      fmt::print(stderr, "alignctl: error: {}\n", e);
    }
    throw Fatal(fmt::format("no plan: {} problem{} (above); nothing was written",
                            outcome.errors.size(), outcome.errors.size() == 1 ? "" : "s"));
  }
  if (base) {
    base->label(outcome.plan, in);
    timings.mark("base: labels and history");
  }
  const Plan& plan = outcome.plan;
  std::string file_text;
  if (!o.out.empty()) {
    file_text = write_plan_file(plan, read_plan_key(o.plan_key_env));
  }
  RenderOptions render_options;
  render_options.plan_artifact = o.out.empty() ? "the plan file" : o.out;
  std::string shown = render(plan, format, render_options);
  std::string markdown;
  if (!o.markdown_out.empty()) {
    markdown = format == RenderFormat::Markdown ? shown : render_markdown(plan, render_options);
  }
  timings.mark("serialise and render");
  if (!o.out.empty()) {
    write_private_file_atomically(o.out, file_text);
  }
  if (!o.markdown_out.empty()) {
    write_private_file_atomically(o.markdown_out, markdown);
  }
  timings.mark("write files");
  fmt::print("{}", shown);
  if (o.out.empty() && format == RenderFormat::Text) {
    fmt::print("\nThe plan was not saved; give --out FILE to save it for apply.\n");
  }
  flush_stdout("plan");
  bool changes = summarize(plan).has_changes();
  return changes && o.detailed_exitcode ? k_exit_changes : k_exit_ok;
}

void add_plan_options(CLI::App& app, PlanOptions& o) {
  app.add_option("--policy", o.policy, "Policy file (alignctl.yaml)")->required();
  app.add_option("--desired", o.desired,
                 "Desired-state file (users.yaml), or git:REF:PATH to read it from the git "
                 "repository in the current directory")
      ->required();
  app.add_option("--base", o.base,
                 "Label each action 'change' (caused by the desired-state diff from REF "
                 "to the planned revision) or 'drift' (planned at REF too); needs "
                 "--desired git:REF:PATH — in a merge request, the target branch");
  app.add_option("--out", o.out, "Write the plan file here (mode 0600) for apply");
  app.add_option("--format", o.format, "Output on stdout: text, markdown or json")
      ->capture_default_str();
  app.add_option("--markdown-out", o.markdown_out,
                 "Also write the Markdown view (for a merge-request comment) to this file");
  app.add_flag("--detailed-exitcode", o.detailed_exitcode,
               "Exit 2 when the plan has changes, 0 when none, 1 on error");
  app.add_option("--target", o.targets,
                 "Plan only the user with this match-key value (repeatable); the plan is "
                 "marked partial")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_flag("--timings", o.timings, "Print the time of each phase on stderr");
  add_plan_key_option(app, o.plan_key_env, "the plan is signed when it is set");
  // Hidden: fixes created_at (golden tests, reproducible demos).
  app.add_option("--now", o.now, "")->group("");
  add_connection_options(app, o.connection);
}

} // namespace

Command make_plan_command() {
  return make_command<PlanOptions>(
      "plan", "Compute the changes that make Jira Align match the desired state", add_plan_options,
      run_plan);
}

} // namespace alignctl
