// alignctl undo PLAN: an applied plan and its journal → a new plan file that
// puts every user the apply touched back as it was before (docs/undo.md).
// Reads Jira Align only when the journal leaves an outcome open (a killed
// run); writes nothing when anything is unclear.
#include "applier/journal_file.hpp"
#include "applier/plan_checks.hpp" // check_plan_target
#include "applier/undo_outcomes.hpp"
#include "cmd/commands.hpp"
#include "cmd/connection_options.hpp"
#include "cmd/plan_inputs.hpp"
#include "cmd/plan_key.hpp"
#include "cmd/render_format.hpp"
#include "planner/plan_summary.hpp"
#include "planner/render/render.hpp"
#include "planner/undo_plan.hpp"
#include "state/util/fatal.hpp"
#include "state/util/version.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <memory>
#include <optional>

namespace alignctl {

namespace {

struct UndoOptions {
  std::string plan_path;
  std::string journal_path;
  std::string out;
  std::string format = "text";
  std::string markdown_out;
  std::string policy_path;
  std::string plan_key_env;
  std::string now; // hidden: fixed created_at for tests
  ConnectionOptions connection;
};

// plan.json → plan.undo.json; anything else gets ".undo.json" appended.
std::string default_out(const std::string& plan_path) {
  const std::string ext = ".json";
  if (plan_path.size() > ext.size() &&
      plan_path.compare(plan_path.size() - ext.size(), ext.size(), ext) == 0) {
    return plan_path.substr(0, plan_path.size() - ext.size()) + ".undo.json";
  }
  return plan_path + ".undo.json";
}

// The outcomes the journal leaves open, settled by reading the users they
// touched. Needs a connection; without one, refuses naming the actions.
void settle(const UndoOptions& o, const Plan& plan, std::vector<ActionOutcome>& outcomes) {
  TouchedUsers touched = users_to_settle(plan, outcomes);
  const bool have_url = !o.connection.url.empty() || !o.policy_path.empty();
  if (!have_url) {
    for (std::size_t i = 0; i < plan.actions.size(); ++i) {
      const ActionOutcome& oc = outcomes[i];
      if (open_outcome(plan.actions[i], oc)) {
        fmt::print(stderr, "alignctl: error: action {} ({} {}): {}\n", i + 1,
                   action_op_name(plan.actions[i].op), plan.actions[i].key,
                   oc.detail.empty() ? "done, but the journal lacks the created user's id"
                                     : oc.detail);
      }
    }
    throw Fatal("the journal leaves the outcome of the actions above open; undo reads those users "
                "to settle them: give --url and --token-env (or --policy), as for apply. Nothing "
                "was written");
  }
  std::optional<Policy> policy;
  if (!o.policy_path.empty()) {
    policy = read_policy_file(o.policy_path, "nothing was written");
  }
  ClientConfig config = resolve_connection(o.connection, policy ? &*policy : nullptr);
  if (auto t = check_plan_target(plan, config.base_url); !t) {
    throw Fatal(t.error().message);
  }
  fmt::print(stderr, "alignctl: reading {} user(s) to settle the actions the journal leaves open\n",
             touched.ids.size() + touched.keys.size());
  auto client = connect_jira_align(config);
  SnapshotOptions so;
  so.key_field = plan.match_key;
  so.concurrency = config.concurrency;
  auto live = fetch_touched_users(*client, touched, so);
  if (!live) {
    throw Fatal("reading the users to settle: " + live.error().message + "; nothing was written");
  }
  settle_outcomes(plan, outcomes, *live);
}

int run_undo(const UndoOptions& o) {
  const RenderFormat format = parse_render_format(o.format);
  LoadedPlan loaded = read_checked_plan(o.plan_path, o.plan_key_env);
  const Plan& plan = loaded.plan;
  const std::string journal_path =
      o.journal_path.empty() ? o.plan_path + ".journal" : o.journal_path;
  auto journal = read_idle_journal_file(journal_path);
  if (!journal) {
    throw Fatal(journal.error().message);
  }
  auto outcomes = outcomes_from_journal(plan, loaded.checksum, *journal, journal_path);
  if (!outcomes) {
    throw Fatal(outcomes.error().message);
  }
  if (needs_settling(plan, *outcomes)) {
    settle(o, plan, *outcomes);
  }
  UndoContext context;
  context.created_at = o.now.empty() ? utc_now() : o.now;
  context.tool_version = k_version;
  context.plan_path = o.plan_path;
  context.plan_checksum = loaded.checksum;
  UndoOutcome undo = build_undo_plan(plan, *outcomes, context);
  if (!undo.ok()) {
    for (const std::string& e : undo.errors) {
      fmt::print(stderr, "alignctl: error: {}\n", e);
    }
    throw Fatal(fmt::format("no undo plan: {} problem{} (above); nothing was written",
                            undo.errors.size(), undo.errors.size() == 1 ? "" : "s"));
  }
  if (undo.plan.actions.empty()) {
    throw Fatal(fmt::format("nothing to undo: the journal {} records no done action of {} that "
                            "changed a user (repairs stay); nothing was written",
                            journal_path, o.plan_path));
  }
  const std::string out = o.out.empty() ? default_out(o.plan_path) : o.out;
  if (out == o.plan_path) {
    throw Fatal("--out must not be the plan being undone", k_exit_usage);
  }
  std::string file_text = write_plan_file(undo.plan, read_plan_key(o.plan_key_env));
  RenderOptions render_options;
  render_options.plan_artifact = out;
  std::string shown = render(undo.plan, format, render_options);
  write_private_file_atomically(out, file_text);
  if (!o.markdown_out.empty()) {
    write_private_file_atomically(o.markdown_out, format == RenderFormat::Markdown
                                                      ? shown
                                                      : render_markdown(undo.plan, render_options));
  }
  fmt::print("{}", shown);
  if (format == RenderFormat::Text) {
    fmt::print("\nUndo plan written to {}. Review it, then: alignctl apply {}\n", out, out);
  }
  flush_stdout("undo plan");
  return k_exit_ok;
}

void add_undo_options(CLI::App& app, UndoOptions& o) {
  app.add_option("plan", o.plan_path, "The applied plan file")->required();
  app.add_option("--journal", o.journal_path, "The journal apply wrote (default: PLAN.journal)");
  app.add_option("--out", o.out,
                 "Write the undo plan here, mode 0600 (default: PLAN with .undo.json)");
  app.add_option("--format", o.format, "Output on stdout: text, markdown or json")
      ->capture_default_str();
  app.add_option("--markdown-out", o.markdown_out,
                 "Also write the Markdown view (for a merge-request comment) to this file");
  app.add_option("--policy", o.policy_path,
                 "Policy file, for the Jira Align URL and token variable (only read when the "
                 "journal leaves an outcome open)");
  add_plan_key_option(app, o.plan_key_env,
                      "the plan's signature is checked, and the undo plan signed, when it is set; "
                      "a signed plan needs it");
  // Hidden: fixes created_at (tests, reproducible demos).
  app.add_option("--now", o.now, "")->group("");
  add_connection_options(app, o.connection);
}

} // namespace

Command make_undo_command() {
  return make_command<UndoOptions>("undo",
                                   "Write a plan that puts back every user an applied plan changed",
                                   add_undo_options, run_undo);
}

} // namespace alignctl
