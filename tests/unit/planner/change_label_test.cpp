// plan --base: change vs drift labels, what changed in an entry, the commit
// that last changed it, the optional plan-file fields (who, label, base) and
// the three renderings with names, labels and reasons (golden files:
// tests/unit/planner/golden/, ALIGNCTL_UPDATE_GOLDEN=1 rewrites them).
#include "fixtures.hpp"
#include "planner/change_label.hpp"
#include "planner/digest.hpp"
#include "planner/plan_file.hpp"
#include "planner/render/render.hpp"
#include "tests/support/golden.hpp"

using namespace alignctl;
using namespace alignctl::test;

namespace {

// Three versions of users.yaml: v0 at the base, v1 adds a joiner, v2 (the
// planned revision) changes a mover's title and groups and removes a leaver.
struct LabelScenario {
  DesiredState v0, v1, v2;
  std::vector<LiveUser> live_users;
  BaseRef base{"main", "0123456789abcdef0123456789abcdef01234567"};
  CommitRef c1{"1111111111111111111111111111111111111111", "2026-01-01T10:00:00Z", "Jo Dev"};
  CommitRef c2{"2222222222222222222222222222222222222222", "2026-01-02T11:00:00Z", "Ana Lead"};

  LabelScenario() {
    DesiredUser mover = desired("mover");
    v0 = desired_state({desired("leaver"), mover, desired("handedit"), desired("stay")});
    v1 = desired_state({desired("joiner", "AMER"), desired("leaver"), mover, desired("handedit"),
                        desired("stay")});
    mover.title = "Staff Engineer";
    mover.groups = {"JiraAlign-Admins", "JiraAlign-Users"};
    v2 = desired_state({desired("joiner", "AMER"), mover, desired("handedit"), desired("stay")});
    LiveUser handedit = live(3, "handedit"); // deactivated by hand in Jira Align
    handedit.is_locked = -1;
    handedit.user_end_date = "2025-12-31T00:00:00Z";
    LiveUser connector = live(6, "svc-sync");
    connector.external_id.reset();
    connector.role_id = 12;
    live_users = {live(1, "leaver"), live(2, "mover"),    handedit,
                  live(4, "stay"),   live(5, "stranger"), connector};
  }

  // The plan at v2, labelled against v0, with the commits of v0 → v1 → v2.
  Plan labelled_plan(bool capped_after_first = false) const {
    PlanOutcome head = reconcile(v2, live_users, test_policy(), test_context());
    PlanOutcome at_base = reconcile(v0, live_users, test_policy(), test_context());
    REQUIRE(head.ok());
    REQUIRE(at_base.ok());
    DesiredIndex i0(v0, MatchKey::ExternalId), i1(v1, MatchKey::ExternalId),
        i2(v2, MatchKey::ExternalId);
    Plan plan = head.plan;
    std::vector<std::string> changed = label_actions(plan, at_base.plan, i0, i2, base);
    EntryHistory history(changed);
    bool more = history.add_change(c2, i2, &i1);
    if (more && !capped_after_first) {
      more = history.add_change(c1, i1, &i0);
    }
    CHECK_FALSE(more == !capped_after_first); // all found unless capped
    history.attach(plan, capped_after_first);
    return plan;
  }
};

const Action& action_for(const Plan& plan, const std::string& key, ActionOp op) {
  for (const Action& a : plan.actions) {
    if (a.key == key && a.op == op) {
      return a;
    }
  }
  FAIL("no " << action_op_name(op) << " action for " << key);
  return plan.actions.front();
}

} // namespace

TEST_CASE("base labels: an action planned at the base too is drift, the rest change") {
  LabelScenario s;
  Plan plan = s.labelled_plan();
  REQUIRE(plan.provenance.base);
  CHECK(plan.provenance.base->ref == "main");
  for (const Action& a : plan.actions) {
    REQUIRE(a.label);
  }
  const Action& joiner = action_for(plan, "joiner", ActionOp::Create);
  CHECK(joiner.label->kind == ActionLabel::Change);
  REQUIRE(joiner.label->reasons.size() == 2);
  CHECK(joiner.label->reasons[0].code == ReasonCode::ChangeAdded);
  CHECK(joiner.label->reasons[1].text == "joined group JiraAlign-Users");
  REQUIRE(joiner.label->commit);
  CHECK(joiner.label->commit->id == s.c1.id); // added in v1, not v2
  CHECK(joiner.label->history == HistorySearch::Found);

  const Action& leaver = action_for(plan, "leaver", ActionOp::Deactivate);
  CHECK(leaver.label->kind == ActionLabel::Change);
  CHECK(leaver.label->reasons[0].code == ReasonCode::ChangeRemoved);
  CHECK(leaver.label->reasons[1].code == ReasonCode::ChangeLeftGroup);
  CHECK(leaver.label->commit->author == "Ana Lead");

  const Action& mover = action_for(plan, "mover", ActionOp::Update);
  CHECK(mover.label->kind == ActionLabel::Change);
  CHECK(label_reasons_text(*mover.label) ==
        "joined group JiraAlign-Admins; title from 'Engineer' to 'Staff Engineer'");

  // Drift: the hand deactivation (desired at both revisions) and a stranger
  // nobody approved are planned at the base too.
  CHECK(action_for(plan, "handedit", ActionOp::Reactivate).label->kind == ActionLabel::Drift);
  const Action& stranger = action_for(plan, "stranger", ActionOp::Deactivate);
  CHECK(stranger.label->kind == ActionLabel::Drift);
  CHECK(stranger.label->reasons[0].code == ReasonCode::DriftPlannedAtBase);
  CHECK_FALSE(stranger.label->commit);
  CHECK_FALSE(stranger.label->history);
}

TEST_CASE("base labels: the same desired state at base and head makes every action drift") {
  LabelScenario s;
  PlanOutcome head = reconcile(s.v2, s.live_users, test_policy(), test_context());
  DesiredIndex index(s.v2, MatchKey::ExternalId);
  Plan plan = head.plan;
  CHECK(label_actions(plan, head.plan, index, index, s.base).empty());
  for (const Action& a : plan.actions) {
    CHECK(a.label->kind == ActionLabel::Drift);
  }
}

TEST_CASE("base labels: a request that differs from the base's is a change") {
  // The user is updated at the base too, but to another title: not the same
  // request, so this revision changed it.
  LabelScenario s;
  DesiredState base = s.v2;
  DesiredState head = s.v2;
  LiveUser stay = live(4, "stay");
  stay.title = "Old";
  base.users.back().title = "Engineer";
  head.users.back().title = "Principal";
  PlanOutcome at_base = reconcile(base, {stay}, test_policy(), test_context());
  PlanOutcome now = reconcile(head, {stay}, test_policy(), test_context());
  REQUIRE(at_base.ok());
  REQUIRE(now.ok());
  Plan plan = now.plan;
  label_actions(plan, at_base.plan, DesiredIndex(base, MatchKey::ExternalId),
                DesiredIndex(head, MatchKey::ExternalId), s.base);
  const Action& update = action_for(plan, "stay", ActionOp::Update);
  CHECK(update.label->kind == ActionLabel::Change);
  CHECK(label_reasons_text(*update.label) == "title from 'Engineer' to 'Principal'");
}

TEST_CASE("base labels: a history walk cut short says so instead of naming a commit") {
  LabelScenario s;
  Plan plan = s.labelled_plan(true);
  const Action& joiner = action_for(plan, "joiner", ActionOp::Create);
  CHECK_FALSE(joiner.label->commit);
  CHECK(joiner.label->history == HistorySearch::Capped);
  CHECK(label_commit_text(*joiner.label) ==
        "last change not found: the history walk stopped at its cap");
  CHECK(action_for(plan, "mover", ActionOp::Update).label->commit->id == s.c2.id);
}

TEST_CASE("plan file: who, labels and base round-trip, and plans without them still load") {
  LabelScenario s;
  Plan plan = s.labelled_plan();
  std::string text = write_plan_file(plan, std::nullopt);
  auto back = read_plan_file(text, "plan.json", std::nullopt);
  REQUIRE(back.ok());
  CHECK(write_plan_file(back->plan, std::nullopt) == text);
  CHECK(back->plan.provenance.base->commit == s.base.commit);
  const Action& joiner = action_for(back->plan, "joiner", ActionOp::Create);
  REQUIRE(joiner.who);
  CHECK(joiner.who->name == "First joiner Last joiner");
  CHECK(joiner.who->email == "joiner@corp.example.com");
  auto doc = nlohmann::json::parse(text);
  CHECK(doc["summary"]["labels"] == nlohmann::json({{"change", 3}, {"drift", 2}}));

  // A plan written before these fields: none of them, still reads and renders.
  for (auto& a : doc["actions"]) {
    a.erase("who");
    a.erase("label");
  }
  for (auto& n : doc["notices"]) {
    n.erase("who");
  }
  doc["provenance"].erase("base");
  doc["summary"].erase("labels");
  doc.erase("checksum");
  doc["checksum"] = "sha256:" + sha256_hex(doc.dump());
  auto old = read_plan_file(doc.dump(), "old.json", std::nullopt);
  REQUIRE(old.ok());
  CHECK_FALSE(old->plan.actions.front().who);
  CHECK_FALSE(old->plan.provenance.base);
  CHECK(render_markdown(old->plan).find("#### This change") == std::string::npos);
  CHECK(render_text(old->plan).find("Deactivate (2):\n  - leaver (id 1): ") != std::string::npos);

  // An unknown label is refused like an unknown reason code.
  auto odd = nlohmann::json::parse(text);
  odd["actions"][0]["label"]["kind"] = "maybe";
  odd.erase("checksum");
  odd["checksum"] = "sha256:" + sha256_hex(odd.dump());
  auto refused = read_plan_file(odd.dump(), "plan.json", std::nullopt);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message ==
        "plan.json: plan file: field 'actions[0].label.kind': unknown label 'maybe'");
}

TEST_CASE("golden: text, Markdown and JSON with names, labels and reasons") {
  LabelScenario s;
  Plan plan = s.labelled_plan();
  RenderOptions o;
  o.plan_artifact = "plan.json";
  check_golden_in("tests/unit/planner/golden", "labelled.txt", render_text(plan));
  check_golden_in("tests/unit/planner/golden", "labelled.md", render_markdown(plan, o));
  check_golden_in("tests/unit/planner/golden", "labelled.json", render_json(plan));
}

TEST_CASE("Markdown: a big labelled plan truncates rows, never a section") {
  std::vector<DesiredUser> base_users;
  std::vector<DesiredUser> head_users;
  std::vector<LiveUser> live_users;
  for (int i = 0; i < 1500; ++i) {
    head_users.push_back(desired("new" + std::to_string(10000 + i)));
  }
  for (int i = 0; i < 300; ++i) {
    live_users.push_back(live(100 + i, "old" + std::to_string(10000 + i)));
  }
  Policy policy = test_policy(std::string(k_policy_text) + "  max_creates: 100000\n");
  policy.max_deactivations.reset();
  DesiredState base = desired_state(base_users);
  DesiredState head = desired_state(head_users);
  policy.allow_empty_desired = true;
  PlanOutcome at_base = reconcile(base, live_users, policy, test_context());
  PlanOutcome now = reconcile(head, live_users, policy, test_context());
  REQUIRE(at_base.ok());
  REQUIRE(now.ok());
  Plan plan = now.plan;
  label_actions(plan, at_base.plan, DesiredIndex(base, MatchKey::ExternalId),
                DesiredIndex(head, MatchKey::ExternalId), BaseRef{"main", std::string(40, 'a')});
  for (std::size_t limit : {60000u, 8000u}) {
    RenderOptions o;
    o.markdown_limit = limit;
    std::string md = render_markdown(plan, o);
    CHECK(md.size() < limit);
    CHECK(md.find("#### This change (1500)") != std::string::npos);
    CHECK(md.find("#### Drift (300)") != std::string::npos);
    CHECK(md.find("<details><summary>Deactivate (300)</summary>") != std::string::npos);
    CHECK(md.find("| `old10000` |") != std::string::npos); // drift rows are not all dropped
    CHECK(md.find("more rows are not shown") != std::string::npos);
  }
}

TEST_CASE("base labels: planning only the changed entries at the base labels as the whole base") {
  LabelScenario s;
  // A keyless pre-integration account whose email a changed entry has: in scope.
  LiveUser keyless = live(7, "x");
  keyless.external_id.reset();
  keyless.email = "joiner@corp.example.com";
  std::vector<LiveUser> live_users = s.live_users;
  live_users.push_back(keyless);
  Policy policy = test_policy();
  PlanOutcome head = reconcile(s.v2, live_users, policy, test_context());
  PlanOutcome whole = reconcile(s.v0, live_users, policy, test_context());
  REQUIRE(head.ok());
  REQUIRE(whole.ok());
  DesiredIndex i0(s.v0, MatchKey::ExternalId), i2(s.v2, MatchKey::ExternalId);
  BaseScope scope = base_scope(s.v0, i0, s.v2, i2, live_users, MatchKey::ExternalId);
  CHECK(scope.keys == std::unordered_set<std::string>{"joiner", "leaver", "mover"});
  CHECK(scope.desired.users.size() == 2); // leaver and mover (joiner is new)
  REQUIRE(scope.live.size() == 3);        // leaver, mover, and the keyless account
  CHECK_FALSE(scope.live[2].external_id);
  PlanOutcome part = reconcile(scope.desired, scope.live, policy, test_context());
  REQUIRE(part.ok());
  Plan full_labels = head.plan;
  Plan scoped_labels = head.plan;
  label_actions(full_labels, whole.plan, i0, i2, s.base);
  label_actions(scoped_labels, part.plan, i0, i2, s.base, &scope);
  CHECK(write_plan_file(scoped_labels, std::nullopt) == write_plan_file(full_labels, std::nullopt));
  CHECK(action_for(scoped_labels, "joiner", ActionOp::Link).label->kind == ActionLabel::Change);
}
