#include "planner/change_label.hpp"

#include "planner/reconcile/matching.hpp"
#include "planner/text_util.hpp"

#include <fmt/core.h>
#include <unordered_set>

namespace alignctl {

namespace {

// Same op, same user, same request: the identity of an action across plans.
std::string equivalence_key(const Action& a) {
  return fmt::format("{}\n{}\n{}\n{} {}\n{}", action_op_name(a.op), fold_case(a.key),
                     a.user_id ? std::to_string(*a.user_id) : std::string("-"), a.request.method,
                     a.request.path, a.request.body.dump());
}

void attribute_change(std::vector<LabelReason>& out, const char* name, const std::string& before,
                      const std::string& after) {
  if (before != after) {
    out.push_back(LabelReason{ReasonCode::ChangeAttribute,
                              fmt::format("{} from '{}' to '{}'", name, before, after)});
  }
}

void group_changes(std::vector<LabelReason>& out, const std::vector<std::string>& before,
                   const std::vector<std::string>& after) {
  auto has = [](const std::vector<std::string>& groups, const std::string& g) {
    for (const std::string& x : groups) {
      if (iequals(x, g)) {
        return true;
      }
    }
    return false;
  };
  for (const std::string& g : after) {
    if (!has(before, g)) {
      out.push_back(LabelReason{ReasonCode::ChangeJoinedGroup, "joined group " + g});
    }
  }
  for (const std::string& g : before) {
    if (!has(after, g)) {
      out.push_back(LabelReason{ReasonCode::ChangeLeftGroup, "left group " + g});
    }
  }
}

bool same_entry(const DesiredUser& a, const DesiredUser& b) {
  return a.external_id == b.external_id && a.first_name == b.first_name &&
         a.last_name == b.last_name && a.email == b.email && a.title == b.title &&
         a.region == b.region && a.groups == b.groups;
}

std::string short_id(const std::string& commit) {
  return commit.substr(0, 12);
}

} // namespace

DesiredIndex::DesiredIndex(const DesiredState& state, MatchKey key) {
  m_by_key.reserve(state.users.size());
  for (const DesiredUser& u : state.users) {
    m_by_key.emplace(fold_case(key_value(u, key)), &u);
  }
}

const DesiredUser* DesiredIndex::find(std::string_view key) const {
  auto it = m_by_key.find(fold_case(key));
  return it == m_by_key.end() ? nullptr : it->second;
}

std::vector<LabelReason> desired_entry_changes(const DesiredUser* before,
                                               const DesiredUser* after) {
  std::vector<LabelReason> out;
  static const std::vector<std::string> k_none;
  if (before == nullptr && after == nullptr) {
    return out;
  }
  if (before == nullptr) {
    out.push_back(LabelReason{ReasonCode::ChangeAdded, "added to the desired state"});
  } else if (after == nullptr) {
    out.push_back(LabelReason{ReasonCode::ChangeRemoved, "removed from the desired state"});
  }
  group_changes(out, before ? before->groups : k_none, after ? after->groups : k_none);
  if (before != nullptr && after != nullptr) {
    attribute_change(out, "externalId", before->external_id, after->external_id);
    attribute_change(out, "firstName", before->first_name, after->first_name);
    attribute_change(out, "lastName", before->last_name, after->last_name);
    attribute_change(out, "email", before->email, after->email);
    attribute_change(out, "title", before->title, after->title);
    attribute_change(out, "region", before->region, after->region);
  }
  return out;
}

BaseScope base_scope(const DesiredState& base, const DesiredIndex& base_index,
                     const DesiredState& head, const DesiredIndex& head_index,
                     const std::vector<LiveUser>& live, MatchKey key) {
  BaseScope scope;
  std::unordered_set<std::string> emails; // of the changed entries, folded
  for (const DesiredUser& b : base.users) {
    const DesiredUser* h = head_index.find(key_value(b, key));
    if (h == nullptr || !same_entry(b, *h)) {
      scope.keys.insert(fold_case(key_value(b, key)));
      scope.desired.users.push_back(b);
      emails.insert(fold_case(b.email));
      if (h != nullptr) {
        emails.insert(fold_case(h->email));
      }
    }
  }
  for (const DesiredUser& h : head.users) {
    if (base_index.find(key_value(h, key)) == nullptr) {
      scope.keys.insert(fold_case(key_value(h, key)));
      emails.insert(fold_case(h.email));
    }
  }
  scope.desired.key = base.key;
  scope.desired.source = base.source;
  for (const LiveUser& u : live) {
    const std::optional<std::string> k = live_key(u, key);
    const bool in_scope = k ? scope.keys.count(fold_case(*k)) != 0
                            : u.email && emails.count(fold_case(*u.email)) != 0;
    if (in_scope) {
      scope.live.push_back(u);
    }
  }
  return scope;
}

std::vector<std::string> label_actions(Plan& plan, const Plan& base_plan, const DesiredIndex& base,
                                       const DesiredIndex& head, const BaseRef& ref,
                                       const BaseScope* scope) {
  std::unordered_set<std::string> at_base;
  at_base.reserve(base_plan.actions.size());
  for (const Action& a : base_plan.actions) {
    at_base.insert(equivalence_key(a));
  }
  const std::string drift_text =
      fmt::format("planned at {} ({}) too: Jira Align differs from the approved desired state "
                  "(a hand edit, or an earlier apply that did not finish)",
                  ref.ref, short_id(ref.commit));
  std::vector<std::string> changed;
  std::unordered_set<std::string> seen;
  for (Action& a : plan.actions) {
    LabelDetail label;
    const bool unchanged_entry = scope != nullptr && scope->keys.count(fold_case(a.key)) == 0;
    if (unchanged_entry || at_base.count(equivalence_key(a)) != 0) {
      label.kind = ActionLabel::Drift;
      label.reasons.push_back(LabelReason{ReasonCode::DriftPlannedAtBase, drift_text});
    } else {
      label.kind = ActionLabel::Change;
      label.reasons = desired_entry_changes(base.find(a.key), head.find(a.key));
      if (label.reasons.empty()) {
        label.reasons.push_back(LabelReason{
            ReasonCode::ChangeOther,
            fmt::format("the user's entry is the same at {}; another change of the desired "
                        "state leads to this action",
                        ref.ref)});
      } else if (seen.insert(fold_case(a.key)).second) {
        changed.push_back(a.key);
        label.history = HistorySearch::NotFound; // until EntryHistory::attach
      }
    }
    a.label = std::move(label);
  }
  plan.provenance.base = ref;
  return changed;
}

EntryHistory::EntryHistory(std::vector<std::string> keys) {
  for (const std::string& k : keys) {
    if (m_found.emplace(fold_case(k), std::nullopt).second) {
      ++m_open;
    }
  }
}

bool EntryHistory::add_change(const CommitRef& commit, const DesiredIndex& after,
                              const DesiredIndex* before) {
  for (auto& [key, found] : m_found) {
    if (found) {
      continue;
    }
    const DesiredUser* now = after.find(key);
    const DesiredUser* then = before ? before->find(key) : nullptr;
    if (!desired_entry_changes(then, now).empty()) {
      found = commit;
      --m_open;
    }
  }
  return m_open > 0;
}

void EntryHistory::attach(Plan& plan, bool capped) const {
  for (Action& a : plan.actions) {
    if (!a.label || a.label->kind != ActionLabel::Change || !a.label->history) {
      continue;
    }
    auto it = m_found.find(fold_case(a.key));
    if (it != m_found.end() && it->second) {
      a.label->commit = it->second;
      a.label->history = HistorySearch::Found;
    } else {
      a.label->history = capped ? HistorySearch::Capped : HistorySearch::NotFound;
    }
  }
}

} // namespace alignctl
