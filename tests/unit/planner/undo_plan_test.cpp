// The undo builder (planner/undo_plan): each op of an applied plan → the
// action that puts the user back, its precondition (what the apply left), and
// the refusals. Plans come from reconcile, as `plan` makes them.
#include "fixtures.hpp"
#include "planner/plan_file.hpp"
#include "planner/undo_plan.hpp"

#include <map>

using namespace alignctl;
using namespace alignctl::test;
using nlohmann::json;

namespace {

UndoContext undo_context() {
  UndoContext c;
  c.created_at = "2026-02-03T04:05:06Z";
  c.tool_version = "0.1.0";
  c.plan_path = "plan.json";
  c.plan_checksum = "sha256:abc";
  return c;
}

// Every action done; creates made users 100, 101, … in plan order.
std::vector<ActionOutcome> all_done(const Plan& plan) {
  std::vector<ActionOutcome> out(plan.actions.size());
  std::int64_t next = 100;
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    out[i].outcome = AppliedOutcome::Done;
    if (plan.actions[i].op == ActionOp::Create) {
      out[i].user_id = next++;
    }
  }
  return out;
}

Plan applied_plan(const std::vector<DesiredUser>& d, const std::vector<LiveUser>& l) {
  PlanOutcome out = plan_for(d, l);
  REQUIRE(out.ok());
  return out.plan;
}

Action sole_undo_action(const UndoOutcome& undo) {
  REQUIRE(undo.ok());
  REQUIRE(undo.plan.actions.size() == 1);
  return undo.plan.actions.front();
}

} // namespace

TEST_CASE("undo builder: a deactivation is undone by a reactivation to the old values") {
  LiveUser gone = live(5, "gone");
  Plan plan = applied_plan({desired("stay")}, {live(1, "stay"), gone});
  REQUIRE(plan.actions.size() == 1);
  REQUIRE(plan.actions[0].op == ActionOp::Deactivate);
  CHECK(plan.actions[0].before == json{{"isLocked", 0}, {"userEndDate", nullptr}});

  UndoOutcome undo = build_undo_plan(plan, all_done(plan), undo_context());
  const Action& a = sole_undo_action(undo);
  CHECK(a.op == ActionOp::Reactivate);
  CHECK(a.reason_code == ReasonCode::UndoDeactivation);
  CHECK(a.user_id == 5);
  CHECK(a.key == "gone");
  REQUIRE(a.who.has_value()); // the person, as the applied plan named them
  CHECK(a.who->email == "gone@corp.example.com");
  CHECK(a.after == json{{"isLocked", 0}, {"userEndDate", nullptr}});
  // What the apply left: the key and isLocked -1 (userEndDate it never set).
  CHECK(a.precondition == json{{"externalId", "gone"}, {"isLocked", -1}});
  CHECK(a.before == json{{"isLocked", -1}, {"userEndDate", nullptr}});
  CHECK(a.request.method == "PATCH");
  CHECK(a.request.path == "/Users/5");
  CHECK(a.request.body == json::parse(R"([{"op":"replace","path":"/isLocked","value":0},
                                          {"op":"replace","path":"/userEndDate","value":null}])"));
  CHECK(a.reason == "undoes deactivate: isLocked -1 → 0, userEndDate → null");
  CHECK(undo.plan.provenance.undoes_plan == "plan.json");
  CHECK(undo.plan.provenance.undoes_checksum == "sha256:abc");
  CHECK(undo.plan.created_at == "2026-02-03T04:05:06Z");
  CHECK(undo.plan.target_url == plan.target_url);
  CHECK(undo.plan.notices.empty());
}

TEST_CASE("undo builder: a reactivation is undone by a deactivation to the old isLocked and end "
          "date") {
  LiveUser back = live(3, "back");
  back.is_locked = -1;
  back.user_end_date = "2025-06-30T00:00:00Z";
  Plan plan = applied_plan({desired("back")}, {back});
  REQUIRE(plan.actions.size() == 1);
  REQUIRE(plan.actions[0].op == ActionOp::Reactivate);

  const Action& a = sole_undo_action(build_undo_plan(plan, all_done(plan), undo_context()));
  CHECK(a.op == ActionOp::Deactivate);
  CHECK(a.reason_code == ReasonCode::UndoReactivation);
  CHECK(a.after == json{{"isLocked", -1}, {"userEndDate", "2025-06-30T00:00:00Z"}});
  CHECK(a.precondition == json{{"externalId", "back"}, {"isLocked", 0}, {"userEndDate", nullptr}});
}

TEST_CASE("undo builder: an update is undone to the old attributes") {
  LiveUser u = live(2, "retitled");
  u.title = "Intern";
  Plan plan = applied_plan({desired("retitled")}, {u});
  REQUIRE(plan.actions.size() == 1);
  REQUIRE(plan.actions[0].op == ActionOp::Update);

  const Action& a = sole_undo_action(build_undo_plan(plan, all_done(plan), undo_context()));
  CHECK(a.op == ActionOp::Update);
  CHECK(a.reason_code == ReasonCode::UndoUpdate);
  CHECK(a.after == json{{"title", "Intern"}});
  CHECK(a.precondition == json{{"externalId", "retitled"}, {"title", "Engineer"}});
  CHECK(a.reason == "undoes update: title \"Engineer\" → \"Intern\"");
}

TEST_CASE("undo builder: a link is undone to the old externalId") {
  LiveUser old = live(4, "x");
  old.external_id.reset(); // a pre-integration account, matched by email
  old.email = "linked@corp.example.com";
  old.first_name = "First linked";
  old.last_name = "Last linked";
  Plan plan = applied_plan({desired("linked")}, {old});
  REQUIRE(plan.actions.size() == 1);
  REQUIRE(plan.actions[0].op == ActionOp::Link);

  const Action& a = sole_undo_action(build_undo_plan(plan, all_done(plan), undo_context()));
  CHECK(a.op == ActionOp::Link);
  CHECK(a.reason_code == ReasonCode::UndoLink);
  CHECK(a.after == json{{"externalId", nullptr}});
  CHECK(a.precondition == json{{"externalId", "linked"}, {"email", "linked@corp.example.com"}});
}

TEST_CASE(
    "undo builder: a repair stays and a field repaired then changed goes back to the repair") {
  // Lacks cityId (repaired to 11), and moves to AMER (region 2, city 21).
  LiveUser u = live(6, "mover");
  u.city_id.reset();
  Plan plan = applied_plan({desired("mover", "AMER")}, {u});
  REQUIRE(plan.actions.size() == 2);
  REQUIRE(plan.actions[0].op == ActionOp::Repair);
  REQUIRE(plan.actions[1].op == ActionOp::Update);
  // The update's `before` is the repair's effect, not the live value.
  CHECK(plan.actions[1].before["cityId"] == 11);

  const Action& a = sole_undo_action(build_undo_plan(plan, all_done(plan), undo_context()));
  CHECK(a.op == ActionOp::Update);
  CHECK(a.after == json{{"cityId", 11}, {"regionId", 1}});
  CHECK(a.precondition["cityId"] == 21);
  CHECK(a.precondition["regionId"] == 2);

  // Only the repair done (the update failed): nothing to undo.
  std::vector<ActionOutcome> outcomes = all_done(plan);
  outcomes[1].outcome = AppliedOutcome::NotApplied;
  UndoOutcome repair_only = build_undo_plan(plan, outcomes, undo_context());
  REQUIRE(repair_only.ok());
  CHECK(repair_only.plan.actions.empty());
}

TEST_CASE("undo builder: a created user is deactivated by the id the journal recorded") {
  Plan plan = applied_plan({desired("newbie")}, {});
  REQUIRE(plan.actions.size() == 1);
  REQUIRE(plan.actions[0].op == ActionOp::Create);

  const Action& a = sole_undo_action(build_undo_plan(plan, all_done(plan), undo_context()));
  CHECK(a.op == ActionOp::Deactivate);
  CHECK(a.reason_code == ReasonCode::UndoCreation);
  CHECK(a.user_id == 100);
  CHECK(a.request.path == "/Users/100");
  CHECK(a.after == json{{"isLocked", -1}});
  // Relies on the user as created, and still active.
  CHECK(a.precondition["externalId"] == "newbie");
  CHECK(a.precondition["email"] == "newbie@corp.example.com");
  CHECK(a.precondition["isLocked"] == 0);

  std::vector<ActionOutcome> no_id = all_done(plan);
  no_id[0].user_id.reset();
  UndoOutcome refused = build_undo_plan(plan, no_id, undo_context());
  REQUIRE(refused.errors.size() == 1);
  CHECK(refused.errors[0] == "action 1 (create newbie): the journal records it done but not the "
                             "id of the user it created; undo does not guess which user that is");
  CHECK(refused.plan.actions.empty());
}

TEST_CASE("undo builder: a partly applied plan undoes only the done actions and an open one "
          "refuses") {
  Plan plan = applied_plan({desired("a"), desired("b"), desired("new")},
                           {live(1, "a"), live(2, "b"), live(3, "gone")});
  // create new, deactivate gone: two actions.
  REQUIRE(plan.actions.size() == 2);
  std::vector<ActionOutcome> outcomes(plan.actions.size());
  outcomes[0].outcome = AppliedOutcome::Done; // deactivate gone
  UndoOutcome undo = build_undo_plan(plan, outcomes, undo_context());
  const Action& a = sole_undo_action(undo);
  CHECK(a.key == "gone");

  outcomes[1].outcome = AppliedOutcome::Uncertain;
  outcomes[1].detail = "sent, but no outcome recorded: the run was interrupted";
  UndoOutcome refused = build_undo_plan(plan, outcomes, undo_context());
  REQUIRE(refused.errors.size() == 1);
  CHECK(refused.errors[0] == "action 2 (create new): the outcome is unknown (sent, but no outcome "
                             "recorded: the run was interrupted); undo cannot tell whether to "
                             "undo it");

  UndoOutcome mismatch = build_undo_plan(plan, {}, undo_context());
  REQUIRE(mismatch.errors.size() == 1);
  CHECK(mismatch.errors[0] == "the journal's outcomes cover 0 actions, the plan has 2");
}

TEST_CASE("undo builder: one action per user, in apply order, restoring all its done actions") {
  LiveUser back = live(3, "back");
  back.is_locked = -1;
  back.title = "Intern";
  LiveUser gone = live(5, "gone");
  Plan plan = applied_plan({desired("back"), desired("new"), desired("stay")},
                           {back, gone, live(7, "stay")});
  REQUIRE(plan.actions.size() == 4); // deactivate gone, reactivate back, create new, update back
  UndoOutcome undo = build_undo_plan(plan, all_done(plan), undo_context());
  REQUIRE(undo.ok());
  REQUIRE(undo.plan.actions.size() == 3);
  // Deactivations first (back's reactivation and new's creation), then the reactivation.
  CHECK(undo.plan.actions[0].key == "back");
  CHECK(undo.plan.actions[0].op == ActionOp::Deactivate);
  CHECK(undo.plan.actions[0].after ==
        json{{"isLocked", -1}, {"title", "Intern"}, {"userEndDate", nullptr}});
  CHECK(undo.plan.actions[0].reason.rfind("undoes reactivate + update: ", 0) == 0);
  CHECK(undo.plan.actions[1].key == "new");
  CHECK(undo.plan.actions[2].key == "gone");
  CHECK(undo.plan.actions[2].op == ActionOp::Reactivate);
}

TEST_CASE("undo builder: an older plan without `before` undoes from its preconditions, except "
          "what they never held") {
  LiveUser u = live(2, "retitled");
  u.title = "Intern";
  LiveUser back = live(3, "back");
  back.is_locked = -1;
  Plan plan = applied_plan({desired("retitled"), desired("back")}, {u, back});
  for (Action& a : plan.actions) {
    a.before = json::object();
  }
  REQUIRE(plan.actions.size() == 2); // reactivate back, update retitled
  std::vector<ActionOutcome> outcomes = all_done(plan);
  outcomes[0].outcome = AppliedOutcome::NotApplied;
  const Action& a = sole_undo_action(build_undo_plan(plan, outcomes, undo_context()));
  CHECK(a.after == json{{"title", "Intern"}});

  UndoOutcome refused = build_undo_plan(plan, all_done(plan), undo_context());
  REQUIRE(refused.errors.size() == 1);
  CHECK(refused.errors[0].find("action 1 (reactivate back, id 3): the plan does not record the "
                               "value of userEndDate before it") == 0);
}

TEST_CASE("undo builder: the undo plan is an ordinary plan file and undoing it gives back the "
          "apply's effects") {
  LiveUser back = live(3, "back");
  back.is_locked = -1;
  back.user_end_date = "2025-06-30T00:00:00Z";
  Plan plan = applied_plan({desired("back"), desired("new"), desired("stay")},
                           {back, live(5, "gone"), live(7, "stay")});
  UndoOutcome undo = build_undo_plan(plan, all_done(plan), undo_context());
  REQUIRE(undo.ok());
  std::string text = write_plan_file(undo.plan, std::nullopt);
  auto doc = json::parse(text);
  CHECK(doc["provenance"]["undoes"] == json{{"plan", "plan.json"}, {"checksum", "sha256:abc"}});
  auto loaded = read_plan_file(text, "plan.undo.json", std::nullopt);
  REQUIRE(loaded.ok());
  CHECK(loaded->plan.provenance.undoes_checksum == "sha256:abc");
  REQUIRE(loaded->plan.actions.size() == undo.plan.actions.size());
  for (std::size_t i = 0; i < undo.plan.actions.size(); ++i) {
    CHECK(loaded->plan.actions[i].before == undo.plan.actions[i].before);
    CHECK(loaded->plan.actions[i].reason_code == undo.plan.actions[i].reason_code);
  }

  // The redo restores what the apply left, user by user.
  UndoOutcome redo = build_undo_plan(loaded->plan, all_done(loaded->plan), undo_context());
  REQUIRE(redo.ok());
  std::map<std::string, json> redone;
  for (const Action& a : redo.plan.actions) {
    redone[a.key] = a.after;
  }
  CHECK(redone.at("back") == json{{"isLocked", 0}, {"userEndDate", nullptr}});
  CHECK(redone.at("gone") == json{{"isLocked", -1}, {"userEndDate", nullptr}});
  CHECK(redone.at("new") == json{{"isLocked", 0}});
}
