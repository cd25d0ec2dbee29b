// Sending one planned action: the create/patch request with the retries that
// are safe, writing an audit record per request. Used by apply_plan(); kept
// apart so the ambiguous-create rules are readable on their own.
#pragma once

#include "applier/audit_log.hpp"
#include "applier/clock.hpp"
#include "planner/plan.hpp"
#include "state/jira/jira_align.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace alignctl {

struct ExecContext {
  JiraAlign& client;
  Clock& clock;
  AuditSink* audit = nullptr; // may be null
  MatchKey key_field = MatchKey::ExternalId;
  int attempts = 3; // sends per action for failures that may be transient
  std::chrono::milliseconds retry_pause{500};
  // POSTs per create. The client never retries a POST itself, so this is the
  // only retry layer for creates; each retry follows a lookup that found no
  // such user, which makes it as safe as an idempotent retry.
  int create_attempts = 6;
  // Set once a create finds its key taken although the preconditions saw
  // nobody: another apply of this plan (another journal) is creating the same
  // users. From then on this run sends no POST (see execute_create).
  std::atomic<bool> other_writer_seen{false};
};

struct ExecOutcome {
  bool ok = false;
  std::optional<std::int64_t> user_id; // creates: the new user's id when known
  int http_status = 0;                 // of the deciding answer (0: none)
  std::string message;                 // error, or a note on how success was established
  bool abort_run = false;              // 401/403: every other action would fail too
  bool not_sent = false;               // nothing was sent: reported as skipped
};

// POST /Users. Looks the key up immediately before the first POST: a user
// found is the create's outcome (another apply of the same plan, racing this
// one, made it; success with that id, not sent), and after such a find no
// create of this run is sent at all (not_sent). A lookup that keeps failing
// sends nothing either. Never sends a second POST for one action while the
// first may have been committed: after an ambiguous answer (timeout, dropped
// connection, 5xx, unreadable answer) it looks the user up by key and, found,
// reports success with that id. A 400 is final.
ExecOutcome execute_create(const Action& action, ExecContext& ctx);

// PATCH /Users/{id}; idempotent, so transient failures are retried up to
// ctx.attempts times. A 400 or 404 is final.
ExecOutcome execute_patch(const Action& action, ExecContext& ctx);

// Finds the live user holding `key` (case-insensitively), retrying transient
// lookup failures; std::nullopt inside the Result when nobody holds it.
Result<std::optional<LiveUser>> find_created_user(const std::string& key, ExecContext& ctx,
                                                  const Action& action);

} // namespace alignctl
