// alignctl apply PLAN: checks the plan (format, checksum, signature, target,
// age), then runs exactly its actions through the applier with a journal and
// an audit log, and prints progress: a bar on a terminal, one line per action
// otherwise. Exit codes: 0 applied, 3 drift (re-plan), 4 some actions failed
// or did not take, 1 other errors (docs/apply.md).
#include "applier/applier.hpp"
#include "applier/audit_log.hpp"
#include "applier/clock.hpp"
#include "applier/iso_time.hpp"
#include "applier/journal_file.hpp"
#include "applier/plan_checks.hpp"
#include "cmd/commands.hpp"
#include "cmd/connection_options.hpp"
#include "cmd/plan_inputs.hpp"
#include "planner/plan_file.hpp"
#include "planner/policy_loader.hpp"
#include "state/util/fatal.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/core.h>
#include <optional>
#include <unistd.h>

namespace alignctl {

namespace {

constexpr const char* k_plan_key_env = "ALIGNCTL_PLAN_KEY";

struct ApplyCliOptions {
  std::string plan_path;
  bool resume = false;
  bool dry_run = false;
  std::string journal_path;
  std::string audit_path;
  std::string max_age = "24h";
  std::string policy_path;
  std::string progress = "auto"; // auto, bar, lines
  ConnectionOptions connection;
};

std::string describe(const Action& a, const ActionResult& r) {
  std::optional<std::int64_t> id = r.user_id ? r.user_id : a.user_id;
  return id ? fmt::format("{} {} (id {})", action_op_name(a.op), a.key, *id)
            : fmt::format("{} {}", action_op_name(a.op), a.key);
}

// One line per finished action (logs, pipelines).
class LineObserver : public ApplyObserver {
public:
  void on_stage(ApplyStage stage, std::size_t count) override {
    switch (stage) {
    case ApplyStage::CheckingPreconditions:
      fmt::print("Checking preconditions ({} users to read)...\n", count);
      break;
    case ApplyStage::Applying:
      fmt::print("Applying {} actions...\n", count);
      break;
    case ApplyStage::Verifying:
      fmt::print("Verifying ({} users to read back)...\n", count);
      break;
    }
    std::fflush(stdout);
  }
  void on_action(const Action& a, const ActionResult& r) override {
    std::string line = fmt::format("{:<12} {}", action_status_name(r.status), describe(a, r));
    if (r.status == ActionStatus::Failed) {
      line += r.http_status != 0 ? fmt::format(": HTTP {}: {}", r.http_status, r.message)
                                 : ": " + r.message;
    } else if (!r.message.empty()) {
      line += " — " + r.message;
    }
    fmt::print("{}\n", line);
    std::fflush(stdout);
  }
};

// A progress bar on stderr (terminals), failures printed as they happen.
class BarObserver : public ApplyObserver {
public:
  void on_stage(ApplyStage stage, std::size_t count) override {
    finish_line();
    if (stage == ApplyStage::Applying) {
      m_total = count;
      m_applying = true;
      draw(true);
    } else {
      m_applying = false;
      fmt::print(stderr, "{} ({} users)...\n",
                 stage == ApplyStage::Verifying ? "Verifying" : "Checking preconditions", count);
    }
  }
  void on_action(const Action& a, const ActionResult& r) override {
    if (!m_applying) {
      return;
    }
    ++m_finished;
    if (r.status == ActionStatus::Failed || r.status == ActionStatus::Skipped) {
      ++m_failed;
      finish_line();
      fmt::print(stderr, "{} {}: {}\n", action_status_name(r.status), describe(a, r), r.message);
    }
    draw(m_finished == m_total);
  }
  ~BarObserver() override { finish_line(); }

private:
  void draw(bool force) {
    auto now = std::chrono::steady_clock::now();
    if (!force && now - m_last < std::chrono::milliseconds(100)) {
      return;
    }
    m_last = now;
    constexpr std::size_t width = 40;
    std::size_t filled = m_total == 0 ? width : width * m_finished / m_total;
    fmt::print(stderr, "\r[{}{}] {}/{} actions, {} failed", std::string(filled, '#'),
               std::string(width - filled, '.'), m_finished, m_total, m_failed);
    m_open = true;
  }
  void finish_line() {
    if (m_open) {
      fmt::print(stderr, "\n");
      m_open = false;
    }
  }
  std::size_t m_total = 0, m_finished = 0, m_failed = 0;
  bool m_applying = false, m_open = false;
  std::chrono::steady_clock::time_point m_last{};
};

std::optional<Secret> plan_signing_key() {
  const char* v = std::getenv(k_plan_key_env);
  if (v == nullptr || *v == '\0') {
    return std::nullopt;
  }
  return Secret(std::string(v));
}

// Removes a file this run created but never wrote to.
void remove_if_unused(const std::string& path, bool existed) {
  std::error_code ec;
  if (!existed && std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) == 0) {
    std::filesystem::remove(path, ec);
  }
}

void print_summary(const ApplyReport& r) {
  fmt::print("Apply {}: {} done, {} already done, {} failed, {} skipped, {} not sent.\n",
             r.outcome == ApplyOutcome::Applied ? "complete" : "incomplete",
             r.count(ActionStatus::Done), r.count(ActionStatus::AlreadyDone),
             r.count(ActionStatus::Failed), r.count(ActionStatus::Skipped),
             r.count(ActionStatus::Pending));
}

int run_apply(const ApplyCliOptions& o) {
  std::string text = read_whole_file(o.plan_path, "plan file", k_max_plan_file_bytes);
  auto loaded = read_plan_file(text, o.plan_path, plan_signing_key());
  if (!loaded) {
    throw Fatal(loaded.error().message);
  }
  const Plan& plan = loaded->plan;

  std::optional<Policy> policy_jira;
  if (!o.policy_path.empty()) {
    PolicyLoad policy = load_policy(
        read_whole_file(o.policy_path, "policy file", k_max_policy_bytes), o.policy_path);
    if (!policy.ok()) {
      print_diagnostics(policy.diagnostics);
      throw Fatal(fmt::format("policy file {} has {} problem(s)", o.policy_path,
                              policy.diagnostics.size()));
    }
    policy_jira = std::move(policy.policy);
  }
  ClientConfig config = resolve_connection(o.connection, policy_jira ? &*policy_jira : nullptr);
  if (auto t = check_plan_target(plan, config.base_url); !t) {
    throw Fatal(t.error().message);
  }
  auto max_age = parse_duration(o.max_age);
  if (!max_age) {
    throw Fatal("--max-plan-age: " + max_age.error().message, k_exit_usage);
  }
  std::unique_ptr<Clock> clock = make_system_clock();
  if (auto a = check_plan_age(plan, clock->now(), *max_age); !a) {
    throw Fatal(a.error().message);
  }
  if (auto r = check_plan_requests(plan); !r) {
    throw Fatal(o.plan_path + ": " + r.error().message);
  }

  std::string journal_path = o.journal_path.empty() ? o.plan_path + ".journal" : o.journal_path;
  std::string audit_path = o.audit_path.empty() ? o.plan_path + ".audit.jsonl" : o.audit_path;
  bool journal_existed = std::filesystem::exists(journal_path);
  bool audit_existed = std::filesystem::exists(audit_path);

  class NullJournal : public JournalSink {
  public:
    Result<void> append(const nlohmann::json&) override {
      return make_error(ErrorKind::Internal, "dry run: nothing is journalled");
    }
  } null_journal;
  OpenedJournal opened;
  JournalState prior;
  if (o.dry_run) {
    auto state = read_journal_file(journal_path);
    if (!state) {
      throw Fatal(state.error().message);
    }
    prior = std::move(*state);
  } else {
    auto j = open_journal_file(journal_path);
    if (!j) {
      throw Fatal(j.error().message);
    }
    opened = std::move(*j);
    prior = opened.state;
  }
  if (o.resume && prior.runs == 0) {
    remove_if_unused(journal_path, journal_existed);
    throw Fatal("--resume: no journal at " + journal_path +
                    " (nothing to resume; run without "
                    "--resume to start)",
                k_exit_usage);
  }
  if (prior.runs > 0 && prior.plan_checksum == loaded->checksum) {
    fmt::print("Resuming from journal {} ({} actions done earlier).\n", journal_path, [&] {
      std::size_t n = 0;
      for (const auto& [i, e] : prior.actions) {
        n += e.status == JournalStatus::Done ? 1 : 0;
      }
      return n;
    }());
  }
  std::unique_ptr<AuditSink> audit;
  if (!o.dry_run) {
    auto a = open_audit_log(audit_path);
    if (!a) {
      throw Fatal(a.error().message);
    }
    audit = std::move(*a);
  }

  std::unique_ptr<JiraAlign> client = connect_jira_align(config);
  bool bar = o.progress == "bar" || (o.progress == "auto" && ::isatty(STDERR_FILENO) != 0);
  LineObserver lines;
  BarObserver progress_bar;
  ApplyObserver& observer = bar ? static_cast<ApplyObserver&>(progress_bar) : lines;
  ApplyContext ctx{*client,
                   *clock,
                   opened.sink ? *opened.sink : static_cast<JournalSink&>(null_journal),
                   prior,
                   audit.get(),
                   &observer,
                   journal_path};
  ApplyOptions options;
  options.concurrency = config.concurrency;
  options.dry_run = o.dry_run;
  auto report = apply_plan(plan, loaded->checksum, ctx, options);
  opened.sink.reset();
  audit.reset();
  remove_if_unused(journal_path, journal_existed);
  remove_if_unused(audit_path, audit_existed);
  if (!report) {
    throw Fatal(report.error().message);
  }
  const ApplyReport& r = *report;
  if (r.outcome == ApplyOutcome::Drift) {
    std::string msg =
        fmt::format("the live state changed since the plan was made; nothing was written. Re-plan. "
                    "{} precondition(s) no longer hold:",
                    r.drift.size());
    for (const Drift& d : r.drift) {
      msg += "\n  " + describe_drift(d, plan.match_key.empty() ? "externalId" : plan.match_key);
    }
    throw Fatal(msg, k_exit_drift);
  }
  if (r.outcome == ApplyOutcome::DryRun) {
    fmt::print("Dry run: every precondition holds; {} actions would be sent, {} are already "
               "done. Nothing was written.\n",
               r.count(ActionStatus::Pending), r.count(ActionStatus::AlreadyDone));
    return k_exit_ok;
  }
  print_summary(r);
  for (const ActionResult& res : r.results) {
    if (res.status == ActionStatus::Failed) {
      fmt::print(stderr, "failed: {}: {}{}\n", describe(plan.actions[res.index], res),
                 res.http_status != 0 ? fmt::format("HTTP {}: ", res.http_status) : "",
                 res.message);
    }
  }
  for (const VerifyFailure& f : r.unverified) {
    fmt::print(stderr, "not applied: {}\n", describe_verify_failure(f));
  }
  if (!r.verify_error.empty()) {
    fmt::print(stderr, "not verified: {}\n", r.verify_error);
  }
  switch (r.outcome) {
  case ApplyOutcome::Applied:
    return k_exit_ok;
  case ApplyOutcome::Aborted:
    throw Fatal("stopped: " + r.abort_reason +
                    " (the remaining actions were not sent; run "
                    "apply again to resume)",
                k_exit_partial);
  case ApplyOutcome::Partial:
    throw Fatal(fmt::format("{} action(s) failed or were skipped; the journal {} lets apply "
                            "retry them",
                            r.count(ActionStatus::Failed) + r.count(ActionStatus::Skipped) +
                                r.count(ActionStatus::Pending),
                            journal_path),
                k_exit_partial);
  case ApplyOutcome::Unverified:
    throw Fatal(fmt::format("{} action(s) were accepted by the server but their effect is not "
                            "visible",
                            r.unverified.size() + (r.verify_error.empty() ? 0 : 1)),
                k_exit_partial);
  default:
    return k_exit_error;
  }
}

} // namespace

Command make_apply_command() {
  return Command{
      "apply", "Execute exactly the actions of a reviewed plan (journalled, resumable)",
      [](CLI::App& app) -> std::function<int()> {
        auto o = std::make_shared<ApplyCliOptions>();
        app.add_option("plan", o->plan_path, "Plan file written by `alignctl plan`")->required();
        app.add_flag("--resume", o->resume,
                     "Continue from the plan's journal (apply also does so when it finds one)");
        app.add_option("--journal", o->journal_path, "Journal file (default: PLAN.journal)");
        app.add_option("--audit-log", o->audit_path,
                       "Audit log, JSON lines (default: PLAN.audit.jsonl)");
        app.add_option("--max-plan-age", o->max_age,
                       "Refuse plans older than this (e.g. 90m, 24h, 7d; 0: no limit)")
            ->capture_default_str();
        app.add_option("--policy", o->policy_path,
                       "Policy file (alignctl.yaml) for the Jira Align URL and token variable");
        app.add_flag("--dry-run", o->dry_run,
                     "Check the plan and its preconditions; send and write nothing");
        app.add_option("--progress", o->progress, "auto, bar or lines")
            ->check(CLI::IsMember({"auto", "bar", "lines"}))
            ->capture_default_str();
        add_connection_options(app, o->connection);
        return [o] { return run_apply(*o); };
      }};
}

} // namespace alignctl
