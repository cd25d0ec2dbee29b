// Plan: the reviewed unit of change. `plan` produces it, `show` renders it,
// `apply` executes exactly its requests and nothing else. The file format
// (read and written only by planner/plan_file.cpp) is described in
// docs/plan-format.md.
#pragma once

#include "planner/reason_code.hpp"
#include "state/model/match_key.hpp"

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace alignctl {

// The one definition of apply order is this list: apply runs every action of
// a rank before any of the next (repairs first, since later PATCHes need the
// legacy fields; then revocations before grants; then attribute updates), and
// the plan lists actions in the same order. Add an op where it must run.
enum class ActionOp {
  Repair,     // fill legacy fields (divisionId, cityId, …) a later PATCH needs
  Deactivate, // isLocked -1
  Reactivate, // isLocked 0, userEndDate null
  Create,     // POST /Users
  Link,       // set externalId on a pre-integration account matched by email
  Update,     // managed attributes differ
};
inline constexpr std::size_t k_action_op_count = static_cast<std::size_t>(ActionOp::Update) + 1;

// 0 for the first op to run, k_action_op_count - 1 for the last.
constexpr std::size_t apply_rank(ActionOp op) {
  return static_cast<std::size_t>(op);
}

const char* action_op_name(ActionOp op);  // "repair", "deactivate", …
std::string action_op_title(ActionOp op); // "Repair", "Deactivate", … (headings)
std::optional<ActionOp> action_op_from_name(const std::string& name);

// The exact HTTP request apply sends. Path is relative to the API base
// ("/Users" or "/Users/123"); body is the JSON object (POST) or patch (PATCH).
struct PlannedRequest {
  std::string method; // "POST" or "PATCH"
  std::string path;
  nlohmann::json body;
};

// Who an action or notice is about, for the reviewer (optional in the file):
// display name and email — from the desired state for a create, from the live
// user otherwise. Empty strings when unknown.
struct Person {
  std::string name; // "First Last"
  std::string email;
};

// `plan --base REF` labels every action: caused by this change of the desired
// state (REF → the planned revision), or drift — planned at REF too, so Jira
// Align differs from what was already approved.
enum class ActionLabel { Change, Drift };
const char* action_label_name(ActionLabel label); // "change", "drift"
std::optional<ActionLabel> action_label_from_name(const std::string& name);

// How the search for the commit that last changed a user's entry ended.
enum class HistorySearch {
  Found,    // `commit` is that commit
  NotFound, // history ended (or the entry is gone) without finding it
  Capped,   // the walk stopped at its cap on commits
};
const char* history_search_name(HistorySearch h); // "found", "not-found", "capped"
std::optional<HistorySearch> history_search_from_name(const std::string& name);

// One thing that explains a label: "joined group G", "title from a to b", …
struct LabelReason {
  ReasonCode code = ReasonCode::Unspecified;
  std::string text;
};

struct CommitRef {
  std::string id;     // full hex id
  std::string date;   // author date, ISO 8601 UTC
  std::string author; // author name
};

struct LabelDetail {
  ActionLabel kind = ActionLabel::Change;
  std::vector<LabelReason> reasons; // at least one
  // Change only: the commit that last changed the user's desired entry.
  std::optional<CommitRef> commit;
  std::optional<HistorySearch> history; // change only
};

struct Action {
  ActionOp op = ActionOp::Update;
  std::string key;                                  // the match-key value (externalId or email)
  std::optional<std::int64_t> user_id;              // absent for create
  std::string reason;                               // one line a reviewer can read
  ReasonCode reason_code = ReasonCode::Unspecified; // the same, for pipelines (docs/plan-format.md)
  // The live values this action relied on, by API field name. Apply refuses the
  // plan when any differs. For a create: {"exists": false} — no live user has
  // the key.
  nlohmann::json precondition = nlohmann::json::object();
  // The values the user will have afterwards (API field names): what apply
  // verifies by reading back, since the API answers 204 to ignored writes.
  nlohmann::json after = nlohmann::json::object();
  // The values just before this action, of every field it sets (and, for a
  // deactivation, of userEndDate): what `alignctl undo` restores. Empty for a
  // create, and in plans written before it was recorded (docs/undo.md).
  nlohmann::json before = nlohmann::json::object();
  PlannedRequest request;
  std::optional<Person> who;        // absent in older plans
  std::optional<LabelDetail> label; // only with plan --base
};

// A live user the plan saw but deliberately did not touch, with why.
struct Notice {
  NoticeKind kind = NoticeKind::Ignored;
  std::string key; // externalId or email or "" when the user has neither
  std::optional<std::int64_t> user_id;
  std::string reason;
  ReasonCode reason_code = ReasonCode::Unspecified;
  std::optional<Person> who; // absent in older plans
};

// What `plan --base REF` compared the desired state with.
struct BaseRef {
  std::string ref;    // as given, e.g. "origin/main"
  std::string commit; // full hex id REF resolved to
};

struct Provenance {
  std::string desired_source; // file path or "git:REF:PATH"
  std::string desired_commit; // commit id when read from git, else ""
  std::string desired_sha256; // of the desired-state bytes
  std::string policy_source;
  std::string policy_sha256; // of the policy bytes
  // What the server did with $orderby=id when the live users were listed:
  // "honoured", "ignored" or "rejected" (state/jira/listing_mode.hpp); ""
  // when not recorded (plans written before it was, tests without a server).
  std::string listing_mode;
  std::optional<BaseRef> base; // plan --base only
  // For a plan written by `alignctl undo`: the plan it undoes (path as given,
  // and its checksum); "" otherwise.
  std::string undoes_plan;
  std::string undoes_checksum;
};

struct Plan {
  std::string tool_version;
  std::string target_url; // API base the plan was made against
  std::string created_at; // ISO 8601 UTC, passed in (the planner reads no clock)
  MatchKey match_key = MatchKey::ExternalId;
  // `plan --target KEY`: the match-key values of the only users planned (a
  // partial plan); empty for a plan of every user.
  std::vector<std::string> targets;
  Provenance provenance;
  std::vector<Action> actions;
  std::vector<Notice> notices;

  bool partial() const { return !targets.empty(); }
};

} // namespace alignctl
