#include "applier/applier.hpp"

#include "applier/action_executor.hpp"
#include "applier/iso_time.hpp"
#include "applier/journal_match.hpp"
#include "applier/live_snapshot.hpp"
#include "applier/parallel.hpp"
#include "applier/plan_checks.hpp"
#include "state/util/enum_names.hpp"
#include "state/util/version.hpp"

#include <atomic>
#include <fmt/core.h>
#include <map>
#include <mutex>
#include <set>

namespace alignctl {

namespace {

class Run {
public:
  Run(const Plan& plan, ApplyContext& ctx, const ApplyOptions& options)
      : m_plan(plan), m_ctx(ctx), m_options(options), m_exec{ctx.client,
                                                             ctx.clock,
                                                             ctx.audit,
                                                             plan.match_key,
                                                             std::max(1, options.action_attempts),
                                                             options.retry_pause,
                                                             std::max(1, options.create_attempts)} {
  }

  Result<ApplyReport> run(const std::string& checksum);

private:
  Result<void> check_journal(const std::string& checksum);
  SnapshotOptions snapshot_options() const;
  Result<void> journal(const nlohmann::json& record);
  void notify(std::size_t index);
  void recover_started_creates(const LiveSnapshot& live);
  void run_action(std::size_t index);
  void verify();
  std::string now() const { return format_iso8601_utc(m_ctx.clock.now()); }

  const Plan& m_plan;
  ApplyContext& m_ctx;
  const ApplyOptions& m_options;
  ExecContext m_exec;
  ApplyReport m_report;
  std::mutex m_mutex; // guards m_report.results, m_failed_repairs, m_fatal, the observer
  std::set<std::int64_t> m_failed_repairs;
  std::optional<Error> m_fatal;
  std::atomic<bool> m_stop{false};
};

Result<void> Run::check_journal(const std::string& checksum) {
  return check_journal_matches(m_plan, checksum, m_ctx.prior, m_ctx.journal_name);
}

SnapshotOptions Run::snapshot_options() const {
  SnapshotOptions o;
  o.key_field = m_exec.key_field;
  o.concurrency = m_options.concurrency;
  o.live_user_estimate = m_options.live_user_estimate;
  return o;
}

Result<void> Run::journal(const nlohmann::json& record) {
  auto r = m_ctx.journal.append(record);
  if (!r) {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (!m_fatal) {
      m_fatal = r.error();
    }
    m_stop = true;
  }
  return r;
}

// Caller holds m_mutex.
void Run::notify(std::size_t index) {
  if (m_ctx.observer != nullptr) {
    m_ctx.observer->on_action(m_plan.actions[index], m_report.results[index]);
  }
}

void Run::recover_started_creates(const LiveSnapshot& live) {
  for (const auto& [index, entry] : m_ctx.prior.actions) {
    const Action& a = m_plan.actions[index];
    if (entry.status == JournalStatus::Done || a.op != ActionOp::Create) {
      continue;
    }
    const auto& holders = live.with_key(a.key);
    if (holders.empty()) {
      continue;
    }
    // An earlier run sent this create and crashed (or lost the answer) before
    // recording it: the user holding the key is its effect. Never POST again.
    std::int64_t id = holders.front().id;
    if (!journal(journal_done(index, action_op_name(a.op), a.key, id, 0,
                              "created by an earlier run; found by key on resume", now()))) {
      return;
    }
    std::lock_guard<std::mutex> lock(m_mutex);
    ActionResult& res = m_report.results[index];
    res.status = ActionStatus::Done;
    res.user_id = id;
    res.message = "created by an earlier run; found by key on resume";
    notify(index);
  }
}

void Run::run_action(std::size_t index) {
  const Action& a = m_plan.actions[index];
  const char* op = action_op_name(a.op);
  if (a.op != ActionOp::Repair && a.user_id) {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_failed_repairs.count(*a.user_id) != 0) {
      ActionResult& res = m_report.results[index];
      res.status = ActionStatus::Skipped;
      res.user_id = a.user_id;
      res.message = "not sent: the repair of this user failed";
      notify(index);
      return;
    }
  }
  if (!journal(journal_started(index, op, a.key, now()))) {
    return;
  }
  ExecOutcome out = a.op == ActionOp::Create ? execute_create(a, m_exec) : execute_patch(a, m_exec);
  Result<void> recorded =
      out.ok ? journal(
                   journal_done(index, op, a.key, out.user_id, out.http_status, out.message, now()))
             : journal(journal_failed(index, op, a.key, out.http_status, out.message, now()));
  std::lock_guard<std::mutex> lock(m_mutex);
  ActionResult& res = m_report.results[index];
  res.user_id = out.user_id;
  res.http_status = out.http_status;
  res.message = out.message;
  if (!recorded) {
    res.status = out.ok ? ActionStatus::Done : ActionStatus::Failed;
    return;
  }
  res.status = out.ok         ? ActionStatus::Done
               : out.not_sent ? ActionStatus::Skipped
                              : ActionStatus::Failed;
  if (!out.ok && a.op == ActionOp::Repair && a.user_id) {
    m_failed_repairs.insert(*a.user_id);
  }
  if (out.abort_run) {
    m_stop = true;
    if (m_report.abort_reason.empty()) {
      m_report.abort_reason = fmt::format("{} {}: {}", op, a.key, out.message);
    }
  }
  notify(index);
}

void Run::verify() {
  std::map<std::size_t, std::optional<std::int64_t>> done;
  for (const ActionResult& r : m_report.results) {
    if (r.status == ActionStatus::Done || r.status == ActionStatus::AlreadyDone) {
      done[r.index] = r.user_id;
    }
  }
  if (done.empty()) {
    return;
  }
  TouchedUsers touched = users_to_verify(m_plan, done);
  if (m_ctx.observer != nullptr) {
    m_ctx.observer->on_stage(ApplyStage::Verifying, touched.ids.size() + touched.keys.size());
  }
  auto live = fetch_touched_users(m_ctx.client, touched, snapshot_options());
  if (!live) {
    m_report.verify_error = "reading the users back to verify: " + live.error().message;
    return;
  }
  m_report.unverified = verify_actions(m_plan, done, *live);
}

Result<ApplyReport> Run::run(const std::string& checksum) {
  if (auto c = check_plan_requests(m_plan); !c) {
    return c.error();
  }
  if (auto c = check_journal(checksum); !c) {
    return c.error();
  }
  const JournalState& prior = m_ctx.prior;
  m_report.results.resize(m_plan.actions.size());
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < m_plan.actions.size(); ++i) {
    ActionResult& r = m_report.results[i];
    r.index = i;
    if (prior.done(i)) {
      r.status = ActionStatus::AlreadyDone;
      const JournalEntry& e = prior.actions.at(i);
      r.user_id = e.user_id ? e.user_id : m_plan.actions[i].user_id;
      r.http_status = e.http_status;
    } else {
      pending.push_back(i);
    }
  }
  for (std::size_t i = 0; i < m_plan.actions.size(); ++i) {
    if (m_report.results[i].status == ActionStatus::AlreadyDone) {
      notify(i);
    }
  }

  // Preconditions: read what the pending actions touch; refuse on any drift.
  TouchedUsers touched = users_to_check(m_plan, prior);
  if (m_ctx.observer != nullptr) {
    m_ctx.observer->on_stage(ApplyStage::CheckingPreconditions,
                             touched.ids.size() + touched.keys.size());
  }
  auto live = fetch_touched_users(m_ctx.client, touched, snapshot_options());
  if (!live) {
    return make_error(live.error().kind,
                      "checking the plan's preconditions (nothing was written): " +
                          live.error().message,
                      live.error().http_status);
  }
  m_report.check_strategy = live->strategy;
  m_report.drift = check_preconditions(m_plan, *live, prior);
  if (!m_report.drift.empty()) {
    m_report.outcome = ApplyOutcome::Drift;
    return std::move(m_report);
  }
  if (m_options.dry_run) {
    m_report.outcome = ApplyOutcome::DryRun;
    return std::move(m_report);
  }

  // From here on, everything is journalled.
  auto opened = prior.runs == 0 ? journal(journal_header(checksum, k_version, now()))
                                : journal(journal_run(k_version, now()));
  if (!opened) {
    return make_error(ErrorKind::Io, opened.error().message);
  }
  recover_started_creates(*live);
  if (m_fatal) {
    return *m_fatal;
  }

  std::vector<std::vector<std::size_t>> by_rank(k_action_op_count);
  std::size_t to_send = 0;
  for (std::size_t i : pending) {
    if (m_report.results[i].status != ActionStatus::Pending) {
      continue;
    }
    by_rank.at(apply_rank(m_plan.actions[i].op)).push_back(i);
    ++to_send;
  }
  if (m_ctx.observer != nullptr) {
    m_ctx.observer->on_stage(ApplyStage::Applying, to_send);
  }
  // One rank at a time: all repairs finish before any deactivation starts, and
  // so on, so a user's repair always lands before that user's other actions.
  for (const auto& batch : by_rank) {
    if (m_stop) {
      break;
    }
    parallel_for(
        batch.size(), m_options.concurrency, [&](std::size_t k) { run_action(batch[k]); },
        [&] { return m_stop.load(); });
  }
  if (m_fatal) {
    return make_error(ErrorKind::Io,
                      m_fatal->message + " — stopped; the journal is needed to resume safely");
  }

  if (m_options.verify) {
    verify();
  }
  std::size_t failed = m_report.count(ActionStatus::Failed) + m_report.count(ActionStatus::Skipped);
  if (!m_report.abort_reason.empty()) {
    m_report.outcome = ApplyOutcome::Aborted;
  } else if (failed > 0 || m_report.count(ActionStatus::Pending) > 0) {
    m_report.outcome = ApplyOutcome::Partial;
  } else if (!m_report.unverified.empty() || !m_report.verify_error.empty()) {
    m_report.outcome = ApplyOutcome::Unverified;
  } else {
    m_report.outcome = ApplyOutcome::Applied;
  }
  return std::move(m_report);
}

} // namespace

namespace {
constexpr EnumName<ActionStatus> k_status_names[] = {{ActionStatus::Pending, "pending"},
                                                     {ActionStatus::AlreadyDone, "already done"},
                                                     {ActionStatus::Done, "done"},
                                                     {ActionStatus::Failed, "failed"},
                                                     {ActionStatus::Skipped, "skipped"}};
static_assert(lists_every_value(k_status_names, ActionStatus::Skipped),
              "every ActionStatus needs a name");
} // namespace

const char* action_status_name(ActionStatus s) {
  return name_of(k_status_names, s, "unknown").data();
}

std::size_t ApplyReport::count(ActionStatus s) const {
  std::size_t n = 0;
  for (const ActionResult& r : results) {
    n += r.status == s ? 1 : 0;
  }
  return n;
}

Result<ApplyReport> apply_plan(const Plan& plan, const std::string& checksum, ApplyContext& ctx,
                               const ApplyOptions& options) {
  Run run(plan, ctx, options);
  return run.run(checksum);
}

} // namespace alignctl
