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
#include "applier/plan_checks.hpp" // check_plan_target, check_plan_age
#include "cmd/apply_outcome.hpp"
#include "cmd/apply_progress.hpp"
#include "cmd/commands.hpp"
#include "cmd/connection_options.hpp"
#include "cmd/plan_inputs.hpp"
#include "cmd/plan_key.hpp"
#include "planner/plan_file.hpp"
#include "planner/policy_loader.hpp"
#include "planner/render/render.hpp" // partial_note
#include "state/util/fatal.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fmt/core.h>
#include <memory>
#include <optional>

namespace alignctl {

namespace {

struct ApplyCliOptions {
  std::string plan_path;
  bool resume = false;
  bool dry_run = false;
  std::string journal_path;
  std::string audit_path;
  std::string max_age = "24h";
  std::string policy_path;
  std::string progress = "auto"; // auto, bar, lines
  std::string plan_key_env;
  ConnectionOptions connection;
};

// Removes a file this run created but never wrote to.
void remove_if_unused(const std::string& path, bool existed) {
  std::error_code ec;
  if (!existed && std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) == 0) {
    std::filesystem::remove(path, ec);
  }
}

// The connection, from the options and (when given) the policy file.
ClientConfig apply_connection(const ApplyCliOptions& o) {
  std::optional<Policy> policy_jira;
  if (!o.policy_path.empty()) {
    policy_jira = read_policy_file(o.policy_path, "nothing was sent");
  }
  return resolve_connection(o.connection, policy_jira ? &*policy_jira : nullptr);
}

// The checks of the plan against this run: its target and its age (the
// applier checks its requests before anything is journalled or sent).
void check_plan(const ApplyCliOptions& o, const Plan& plan, const ClientConfig& config,
                const Clock& clock) {
  if (auto t = check_plan_target(plan, config.base_url); !t) {
    throw Fatal(t.error().message);
  }
  auto max_age = parse_duration(o.max_age);
  if (!max_age) {
    throw Fatal("--max-plan-age: " + max_age.error().message, k_exit_usage);
  }
  if (auto a = check_plan_age(plan, clock.now(), *max_age); !a) {
    throw Fatal(a.error().message);
  }
}

// A dry run journals nothing: any attempt is a bug, refused.
class NullJournal : public JournalSink {
public:
  Result<void> append(const nlohmann::json&) override {
    return make_error(ErrorKind::Internal, "dry run: nothing is journalled");
  }
};

// The journal and the audit log beside the plan; a dry run only reads the
// journal. Files this run created but never wrote are removed on close().
class ApplyFiles {
public:
  ApplyFiles(const ApplyCliOptions& o, const std::string& plan_checksum)
      : m_journal_path(o.journal_path.empty() ? o.plan_path + ".journal" : o.journal_path),
        m_audit_path(o.audit_path.empty() ? o.plan_path + ".audit.jsonl" : o.audit_path),
        m_journal_existed(std::filesystem::exists(m_journal_path)),
        m_audit_existed(std::filesystem::exists(m_audit_path)) {
    if (o.dry_run) {
      auto state = read_journal_file(m_journal_path);
      if (!state) {
        throw Fatal(state.error().message);
      }
      m_prior = std::move(*state);
    } else {
      auto j = open_journal_file(m_journal_path);
      if (!j) {
        throw Fatal(j.error().message);
      }
      m_opened = std::move(*j);
      m_prior = m_opened.state;
    }
    if (o.resume && m_prior.runs == 0) {
      close();
      throw Fatal("--resume: no journal at " + m_journal_path +
                      " (nothing to resume; run without --resume to start)",
                  k_exit_usage);
    }
    if (m_prior.runs > 0 && m_prior.plan_checksum == plan_checksum) {
      fmt::print("Resuming from journal {} ({} actions done earlier).\n", m_journal_path,
                 done_earlier());
    }
    if (!o.dry_run) {
      auto a = open_audit_log(m_audit_path);
      if (!a) {
        throw Fatal(a.error().message);
      }
      m_audit = std::move(*a);
    }
  }
  ~ApplyFiles() { close(); }
  ApplyFiles(const ApplyFiles&) = delete;
  ApplyFiles& operator=(const ApplyFiles&) = delete;

  JournalSink& journal() { return m_opened.sink ? *m_opened.sink : m_null_journal; }
  const JournalState& prior() const { return m_prior; }
  AuditSink* audit() { return m_audit.get(); }
  const std::string& journal_path() const { return m_journal_path; }

  void close() {
    m_opened.sink.reset();
    m_audit.reset();
    remove_if_unused(m_journal_path, m_journal_existed);
    remove_if_unused(m_audit_path, m_audit_existed);
  }

private:
  std::size_t done_earlier() const {
    std::size_t n = 0;
    for (const auto& [i, e] : m_prior.actions) {
      n += e.status == JournalStatus::Done ? 1 : 0;
    }
    return n;
  }

  std::string m_journal_path, m_audit_path;
  bool m_journal_existed, m_audit_existed;
  NullJournal m_null_journal;
  OpenedJournal m_opened;
  JournalState m_prior;
  std::unique_ptr<AuditSink> m_audit;
};

int run_apply(const ApplyCliOptions& o) {
  LoadedPlan loaded = read_checked_plan(o.plan_path, o.plan_key_env);
  const Plan& plan = loaded.plan;
  ClientConfig config = apply_connection(o);
  std::unique_ptr<Clock> clock = make_system_clock();
  check_plan(o, plan, config, *clock);
  if (plan.partial()) {
    fmt::print("Partial plan: {}.\n", partial_note(plan));
  }

  ApplyFiles files(o, loaded.checksum);
  std::unique_ptr<JiraAlign> client = connect_jira_align(config);
  std::unique_ptr<ApplyObserver> progress = make_apply_progress(o.progress);
  ApplyContext ctx{*client,       *clock,         files.journal(),     files.prior(),
                   files.audit(), progress.get(), files.journal_path()};
  ApplyOptions options;
  options.concurrency = config.concurrency;
  options.dry_run = o.dry_run;
  auto report = apply_plan(plan, loaded.checksum, ctx, options);
  progress.reset();
  files.close();
  if (!report) {
    throw Fatal(report.error().message);
  }
  return report_apply(plan, *report, files.journal_path());
}

void add_apply_options(CLI::App& app, ApplyCliOptions& o) {
  app.add_option("plan", o.plan_path, "Plan file written by `alignctl plan`")->required();
  app.add_flag("--resume", o.resume,
               "Continue from the plan's journal (apply also does so when it finds one)");
  app.add_option("--journal", o.journal_path, "Journal file (default: PLAN.journal)");
  app.add_option("--audit-log", o.audit_path, "Audit log, JSON lines (default: PLAN.audit.jsonl)");
  app.add_option("--max-plan-age", o.max_age,
                 "Refuse plans older than this (e.g. 90m, 24h, 7d; 0: no limit)")
      ->capture_default_str();
  app.add_option("--policy", o.policy_path,
                 "Policy file (alignctl.yaml) for the Jira Align URL and token variable");
  app.add_flag("--dry-run", o.dry_run,
               "Check the plan and its preconditions; send and write nothing");
  app.add_option("--progress", o.progress, "auto, bar or lines")
      ->check(CLI::IsMember({"auto", "bar", "lines"}))
      ->capture_default_str();
  add_plan_key_option(app, o.plan_key_env,
                      "a signed plan is refused unless it is set; when it is set, an "
                      "unsigned or altered plan is refused");
  add_connection_options(app, o.connection);
}

} // namespace

Command make_apply_command() {
  return make_command<ApplyCliOptions>(
      "apply", "Execute exactly the actions of a reviewed plan (journalled, resumable)",
      add_apply_options, run_apply);
}

} // namespace alignctl
