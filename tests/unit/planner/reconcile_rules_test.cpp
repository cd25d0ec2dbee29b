// The rules table (planner/reconcile/rules.cpp): which rule and reason code a
// (desired, live) pair gets, and the order in which ignored, protected and the
// lock state are asked — documented in docs/policy.md ("Which rule wins").
#include "planner/reconcile/rules.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;

namespace {

PairFacts rules_desired_pair(int is_locked = 0) {
  PairFacts f;
  f.desired = true;
  f.live = true;
  f.live_has_key = true;
  f.is_locked = is_locked;
  return f;
}

PairFacts rules_live_only(int is_locked = 0) {
  PairFacts f;
  f.live = true;
  f.live_has_key = true;
  f.is_locked = is_locked;
  return f;
}

} // namespace

TEST_CASE("rules: a desired user no live user has is created") {
  PairFacts f;
  f.desired = true;
  Classification c = classify(f);
  CHECK(c.rule == Rule::Create);
  CHECK(c.code == ReasonCode::CreateNotInJiraAlign);
  CHECK_FALSE(c.notice);
}

TEST_CASE("rules: ignored is asked before protected, on both paths") {
  PairFacts d = rules_desired_pair();
  d.ignored = true;
  d.is_protected = true;
  CHECK(classify(d).code == ReasonCode::IgnoredDesired);
  PairFacts l = rules_live_only();
  l.ignored = true;
  l.is_protected = true;
  CHECK(classify(l).code == ReasonCode::IgnoredByPolicy);
  CHECK(classify(l).notice == NoticeKind::Ignored);
}

TEST_CASE("rules: a protected desired user is left alone even when deactivated") {
  PairFacts f = rules_desired_pair(-1);
  f.is_protected = true;
  CHECK(classify(f).rule == Rule::Protected);
  CHECK(classify(f).code == ReasonCode::ProtectedDesired);
}

TEST_CASE("rules: the lock state of a managed desired user") {
  CHECK(classify(rules_desired_pair(0)).rule == Rule::Manage);
  CHECK(classify(rules_desired_pair(-1)).rule == Rule::Reactivate);
  PairFacts locked = rules_desired_pair(1);
  CHECK(classify(locked).rule == Rule::Locked);
  CHECK(classify(locked).code == ReasonCode::LockedNotReactivated);
  locked.reactivate_locked = true;
  CHECK(classify(locked).rule == Rule::Reactivate);
}

TEST_CASE("rules: a live user not desired") {
  CHECK(classify(rules_live_only(0)).rule == Rule::Deactivate);
  CHECK(classify(rules_live_only(0)).code == ReasonCode::DeactivateNotDesired);
  CHECK(classify(rules_live_only(-1)).rule == Rule::LeaveInactive);
  PairFacts kept = rules_live_only(0);
  kept.is_protected = true;
  CHECK(classify(kept).code == ReasonCode::ProtectedKept);
  // Deactivated and protected: asked "active?" first, so no notice at all.
  PairFacts quiet = rules_live_only(1);
  quiet.is_protected = true;
  CHECK(classify(quiet).rule == Rule::Leave);
  CHECK_FALSE(classify(quiet).notice);
}

TEST_CASE("rules: a live user without the key is never asked about protection") {
  PairFacts f = rules_live_only();
  f.live_has_key = false;
  f.is_protected = true;
  CHECK(classify(f).code == ReasonCode::UnmatchedNoKey);
  f.ignore_no_key = true;
  CHECK(classify(f).code == ReasonCode::IgnoredNoKey);
  f.ignored = true;
  CHECK(classify(f).code == ReasonCode::IgnoredByPolicy);
}
