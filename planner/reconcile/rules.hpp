// The rules of reconcile as one table (rules.cpp, k_rules): for each
// (desired, live) pair — a desired user with the live user it matched, a
// desired user no live user matched, or a live user no desired user matched —
// the first row whose situation holds decides the rule and the reason code.
// Pure: facts in, classification out; the text is messages.hpp, the actions
// action_builder.hpp.
#pragma once

#include "planner/reason_code.hpp"

#include <optional>
#include <string_view>

namespace alignctl {

// What the rules need to know about one pair.
struct PairFacts {
  bool desired = false;           // the desired state lists the user
  bool live = false;              // there is a live user (matched, or not desired)
  bool live_has_key = false;      // the live user has a value for the match key
  bool ignored = false;           // the live user's roleId is in ignored.roleIds
  bool is_protected = false;      // protected.externalIds / patterns / roleIds
  bool ignore_no_key = false;     // the policy's ignored.no_external_id
  bool reactivate_locked = false; // the policy's locked: reactivate
  int is_locked = 0;              // the live user's isLocked (0 active, -1 deactivated)
};

enum class Rule {
  Create,        // desired, no live user: POST
  Ignored,       // the policy ignores the live user: notice only
  Protected,     // the policy protects the live user: notice only
  Manage,        // desired and active: update, login check, repair
  Reactivate,    // desired, deactivated: reactivate, then as Manage
  Locked,        // desired, isLocked neither 0 nor -1: notice, then as Manage
  Unmatched,     // not desired, no key: notice only
  LeaveInactive, // not desired, already deactivated: repair only (repair.scope: all)
  Leave,         // not desired, deactivated and protected: nothing at all
  Deactivate,    // not desired, active: deactivate
};

struct Classification {
  Rule rule = Rule::Leave;
  ReasonCode code = ReasonCode::Unspecified; // of the rule's own action or notice, if any
  std::optional<NoticeKind> notice;          // when the rule writes a notice
  std::string_view situation;                // the row's text, for readers and tests
};

// The first row of k_rules whose situation holds.
Classification classify(const PairFacts& facts);

} // namespace alignctl
