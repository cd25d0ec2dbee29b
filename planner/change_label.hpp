// plan --base REF: tells the actions this change of the desired state causes
// from drift (actions that would be planned at REF too: Jira Align differs
// from what was already approved). Pure: the plans, both desired states and
// the history of entries are passed in (cmd/plan_base reads git through
// state/git). docs/plan-format.md ("Labels") describes the result.
#pragma once

#include "planner/plan.hpp"
#include "state/model/desired_state.hpp"
#include "state/model/live_user.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace alignctl {

// A desired state's users by match-key value, case-insensitively.
class DesiredIndex {
public:
  DesiredIndex(const DesiredState& state, MatchKey key);
  const DesiredUser* find(std::string_view key) const; // nullptr when absent

private:
  std::unordered_map<std::string, const DesiredUser*> m_by_key;
};

// What differs between two versions of one user's desired entry (`before` or
// `after` null: added or removed): "added to the desired state", "joined group
// G", "title from 'a' to 'b'", … Empty when the entries are the same.
std::vector<LabelReason> desired_entry_changes(const DesiredUser* before, const DesiredUser* after);

// The part of the base worth reconciling. An action's user whose desired
// entry is the same at the base and the head gets the same actions at the
// base (reconcile decides each user from its own entry, its live user and
// the policy), so only the changed entries need planning at the base: the
// base's entries with keys in `scope`, and the live users those keys — or
// the emails of those entries, for keyless accounts — can match.
struct BaseScope {
  std::unordered_set<std::string> keys; // folded keys whose entry differs
  DesiredState desired;                 // the base's entries with those keys
  std::vector<LiveUser> live;           // live users they (or the head's) can match
};
BaseScope base_scope(const DesiredState& base, const DesiredIndex& base_index,
                     const DesiredState& head, const DesiredIndex& head_index,
                     const std::vector<LiveUser>& live, MatchKey key);

// Labels every action of `plan`: Drift when `base_plan` (reconciled with the
// same live users and policy, the desired state at the base) holds an
// equivalent action — same op, same user, same request — else Change, with
// what changed in the user's entry between `base` and `head`. Records `ref`
// in the provenance. With `scope`, `base_plan` was reconciled from it: an
// action whose key is outside `scope.keys` is Drift without looking. Returns
// the keys of the changed entries (for EntryHistory), without repeats.
std::vector<std::string> label_actions(Plan& plan, const Plan& base_plan, const DesiredIndex& base,
                                       const DesiredIndex& head, const BaseRef& ref,
                                       const BaseScope* scope = nullptr);

// Finds, for each key, the newest commit that changed its entry, from the
// file's changes given newest first.
class EntryHistory {
public:
  explicit EntryHistory(std::vector<std::string> keys);
  // One commit that changed the file: the file's version in it (`after`) and
  // in its first parent (`before`, null when absent). Returns false once
  // every key has its commit.
  bool add_change(const CommitRef& commit, const DesiredIndex& after, const DesiredIndex* before);
  // Gives every change-labelled action of `plan` its commit, or how the search
  // ended (`capped`: the walk stopped at its cap).
  void attach(Plan& plan, bool capped) const;
  std::size_t unresolved() const { return m_open; }

private:
  std::unordered_map<std::string, std::optional<CommitRef>> m_found; // folded key → commit
  std::size_t m_open = 0;
};

} // namespace alignctl
