// apply_plan(): executes exactly the actions of a checked plan against Jira
// Align — preconditions first (any drift refuses the whole plan before
// anything is written), then the actions in apply order with bounded
// concurrency, each journalled before and after it is sent, then a read-back
// verification. All I/O goes through the interfaces it is given (client,
// clock, journal, audit log, observer); it prints nothing.
#pragma once

#include "applier/audit_log.hpp"
#include "applier/clock.hpp"
#include "applier/journal.hpp"
#include "applier/preconditions.hpp"
#include "applier/verify.hpp"
#include "planner/plan.hpp"
#include "state/jira/jira_align.hpp"
#include "state/util/result.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace alignctl {

enum class ActionStatus {
  Pending,     // not run (dry run, or the run stopped first)
  AlreadyDone, // "done" in the journal by an earlier run: not sent again
  Done,        // done by this run (including a create found by key after an ambiguous answer)
  Failed,      // the server refused it, or it could not be confirmed
  Skipped,     // not sent: this user's repair failed earlier in the run, or (a create)
               // another apply of the plan is creating the same users
};

const char* action_status_name(ActionStatus s); // "pending", "already done", …

struct ActionResult {
  std::size_t index = 0;
  ActionStatus status = ActionStatus::Pending;
  std::optional<std::int64_t> user_id;
  int http_status = 0;
  std::string message; // the error, or a note (how a create was confirmed)
};

enum class ApplyStage { CheckingPreconditions, Applying, Verifying };

// Progress callbacks, always called from one thread at a time.
class ApplyObserver {
public:
  virtual ~ApplyObserver() = default;
  // `count`: users to read (checking, verifying) or actions to send (applying).
  virtual void on_stage(ApplyStage stage, std::size_t count) {
    (void)stage;
    (void)count;
  }
  // An action finished (done, failed, skipped, or found done in the journal).
  virtual void on_action(const Action& action, const ActionResult& result) {
    (void)action;
    (void)result;
  }
};

struct ApplyOptions {
  int concurrency = 4;
  int action_attempts = 3; // sends per action for failures that may be transient
  int create_attempts = 6; // POSTs per create (each after a lookup found nobody)
  std::chrono::milliseconds retry_pause{500};
  std::size_t live_user_estimate = 0; // see SnapshotOptions
  bool dry_run = false;               // check preconditions, write nothing
  bool verify = true;
};

enum class ApplyOutcome {
  Applied,    // every action done and verified
  DryRun,     // checks passed; nothing sent
  Drift,      // refused: live state changed; nothing written
  Partial,    // some actions failed or were skipped; the rest done
  Unverified, // all sent, but some effects are not visible on reading back
  Aborted,    // stopped early (401/403): the remaining actions were not sent
};

struct ApplyReport {
  ApplyOutcome outcome = ApplyOutcome::Applied;
  std::vector<Drift> drift;
  std::vector<ActionResult> results; // one per plan action, in plan order
  std::vector<VerifyFailure> unverified;
  std::string verify_error; // reading back failed (outcome Unverified)
  std::string abort_reason;
  std::string check_strategy; // how live users were read: "list", "per-user", "none"
  std::size_t count(ActionStatus s) const;
};

struct ApplyContext {
  JiraAlign& client;
  Clock& clock;
  JournalSink& journal;
  const JournalState& prior; // what the journal held before this run
  AuditSink* audit = nullptr;
  ApplyObserver* observer = nullptr;
  std::string journal_name = "journal"; // for messages
};

// Runs the plan identified by `checksum`. Errors (not outcomes): the journal
// belongs to another plan or does not match this one (Config/Input); reading
// the live users failed before anything was written; the journal cannot be
// written (Io — the run stops, since resume depends on it).
Result<ApplyReport> apply_plan(const Plan& plan, const std::string& checksum, ApplyContext& ctx,
                               const ApplyOptions& options);

} // namespace alignctl
