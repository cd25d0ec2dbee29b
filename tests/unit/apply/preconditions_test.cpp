#include "applier/preconditions.hpp"
#include "apply_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;
using namespace alignctl::test;
using nlohmann::json;

namespace {

std::vector<std::string> describe_all(const ApplyReport& r) {
  std::vector<std::string> out;
  for (const Drift& d : r.drift) {
    out.push_back(describe_drift(d, MatchKey::ExternalId));
  }
  return out;
}

} // namespace

TEST_CASE("preconditions: every kind of drift refuses the plan, nothing written",
          "[apply][preconditions]") {
  ApplyHarness h;
  LiveUser ann = live_user("ann");
  LiveUser bob = live_user("bob");
  LiveUser cy = live_user("cy");
  cy.is_locked = -1;
  LiveUser dee = live_user("dee");
  ann.id = h.client.add_user(ann);
  bob.id = h.client.add_user(bob);
  cy.id = h.client.add_user(cy);
  dee.id = h.client.add_user(dee);
  Plan plan = make_plan({
      deactivate_action(ann),                                              // ann: still active? no
      patch_action(ActionOp::Update, bob, "title", "Engineer", "Manager"), // bob: title changed
      reactivate_action(cy),  // cy: reactivated already
      create_action("Eve"),   // eve: created meanwhile
      deactivate_action(dee), // dee: deleted
      create_action("fay"),   // unchanged
  });
  // The world moves on after the plan was made.
  LiveUser ann_now = ann;
  ann_now.is_locked = -1;
  h.client.add_user(live_user("eve")); // the key, in another case
  REQUIRE(h.client.patch_user(ann.id, R"([{"op":"replace","path":"/isLocked","value":-1}])").ok());
  REQUIRE(h.client.patch_user(bob.id, R"([{"op":"replace","path":"/title","value":"QA"}])").ok());
  REQUIRE(h.client.patch_user(cy.id, R"([{"op":"replace","path":"/isLocked","value":0}])").ok());
  LiveUser dee_gone = dee;
  // Simulate deletion: give the fake no such id by pointing the action elsewhere.
  plan.actions[4].user_id = 999;
  plan.actions[4].request.path = "/Users/999";
  h.client.clear_calls();

  auto r = h.apply(plan);
  REQUIRE(r.ok());
  CHECK(r->outcome == ApplyOutcome::Drift);
  CHECK(describe_all(*r) ==
        std::vector<std::string>{
            "deactivate ann (id 1): isLocked expected 0, found -1",
            "update bob (id 2): title expected \"Engineer\", found \"QA\"",
            "reactivate cy (id 3): isLocked expected -1, found 0",
            "create Eve: expected no live user with externalId 'Eve', found id 5",
            "deactivate dee (id 999): the user no longer exists",
        });
  CHECK(h.client.writes().empty());
  CHECK(h.journal.records().empty());
  for (const RecordedCall& c : h.client.calls()) {
    CHECK(c.method == "GET");
  }
}

TEST_CASE("preconditions: a clean plan passes — reading costs the fewer requests",
          "[apply][preconditions]") {
  ApplyHarness h;
  std::vector<Action> actions;
  for (int i = 0; i < 300; ++i) {
    LiveUser u = live_user("u" + std::to_string(i));
    u.id = h.client.add_user(u);
    if (i >= 297) { // ids 298-300: the largest id estimates the tenant's size
      actions.push_back(deactivate_action(u));
    }
  }
  actions.push_back(create_action("new1"));
  h.options.dry_run = true;
  auto few = h.apply(make_plan(actions));
  REQUIRE(few.ok());
  CHECK(few->outcome == ApplyOutcome::DryRun);
  CHECK(few->check_strategy == "per-user"); // 4 requests vs a 4-page list
  CHECK(h.client.calls().size() == 4);
  CHECK(h.client.writes().empty());

  // 300 users touched: one paged list (4 pages) beats 300 GETs.
  std::vector<Action> many;
  for (const LiveUser& u : h.client.users()) {
    many.push_back(deactivate_action(u));
  }
  h.client.clear_calls();
  auto lots = h.apply(make_plan(many));
  REQUIRE(lots.ok());
  CHECK(lots->outcome == ApplyOutcome::DryRun);
  CHECK(lots->check_strategy == "list");
  CHECK(h.client.calls().size() == 1); // the fake lists in one call
}

TEST_CASE("preconditions: per_user_cheaper", "[apply][preconditions]") {
  TouchedUsers t;
  t.ids = {1, 2, 3};
  CHECK(per_user_cheaper(t, 250));       // 3 vs 3
  CHECK_FALSE(per_user_cheaper(t, 100)); // 3 vs 2
  t.keys = {"a"};
  CHECK_FALSE(per_user_cheaper(t, 250)); // 4 vs 3
}
