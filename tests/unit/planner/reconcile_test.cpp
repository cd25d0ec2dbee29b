// Every reconciliation rule, with in-memory live users (no server).
#include "fixtures.hpp"
#include "planner/policy_loader.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>

using namespace alignctl;
using namespace alignctl::test;
using nlohmann::json;

namespace {

const Action& only_action(const PlanOutcome& out) {
  REQUIRE(out.ok());
  REQUIRE(out.plan.actions.size() == 1);
  return out.plan.actions.front();
}

} // namespace

TEST_CASE("identical desired and live state gives no actions") {
  auto out = plan_for({desired("adavis"), desired("bkhan")}, {live(1, "adavis"), live(2, "bkhan")});
  REQUIRE(out.ok());
  CHECK(out.plan.actions.empty());
  CHECK(out.plan.notices.empty());
  CHECK(out.plan.match_key == MatchKey::ExternalId);
  CHECK(out.plan.created_at == "2026-01-02T03:04:05Z");
}

TEST_CASE("create: defaults, mapped region and city, role from the first matching group") {
  auto out = plan_for(
      {desired("adavis", "AMER", {"JiraAlign-Admins", "JiraAlign-Users"}), desired("keep")},
      {live(1, "keep")});
  const Action& a = only_action(out);
  CHECK(a.op == ActionOp::Create);
  CHECK(a.key == "adavis");
  CHECK_FALSE(a.user_id);
  CHECK(a.precondition == json({{"exists", false}}));
  CHECK(a.request.method == "POST");
  CHECK(a.request.path == "/Users");
  CHECK(a.request.body == json({{"externalId", "adavis"},
                                {"firstName", "First adavis"},
                                {"lastName", "Last adavis"},
                                {"email", "adavis@corp.example.com"},
                                {"title", "Engineer"},
                                {"roleId", 9},
                                {"costCenterId", 3},
                                {"divisionId", 2},
                                {"regionId", 2},
                                {"cityId", 21},
                                {"isExternal", 0}}));
  CHECK(a.after == a.request.body);
  CHECK(a.reason == "in the desired state, no Jira Align user has this externalId; roleId 9 from "
                    "group 'JiraAlign-Admins'; region 'AMER' → regionId 2, cityId 21");
}

TEST_CASE("create: no matching group gives create.roleId — unknown region gives the default") {
  auto out = plan_for({desired("x", "Mars", {"Other"}), desired("k")}, {live(1, "k")});
  const Action& a = only_action(out);
  CHECK(a.request.body["roleId"] == 7);
  CHECK(a.request.body["regionId"] == 1);
  CHECK(a.request.body["cityId"] == 11);
  CHECK(a.reason.find("region 'Mars' is not mapped, so regions.default → regionId 1, cityId 11") !=
        std::string::npos);
  CHECK(a.reason.find("roleId 7 (create.roleId)") != std::string::npos);
}

TEST_CASE("create: region values compare case-insensitively") {
  auto out = plan_for({desired("x", "amer"), desired("k")}, {live(1, "k")});
  CHECK(only_action(out).request.body["cityId"] == 21);
}

TEST_CASE("create: an unmapped region without a default is an error") {
  Policy p = policy_with("  default: {regionId: 1, cityId: 11}\n", "  unknown: error\n");
  DesiredUser u = desired("x", "Mars");
  u.line = 12;
  auto out = plan_for({u, desired("k")}, {live(1, "k")}, p);
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0] == "users.yaml:12: user 'x' has region 'Mars', which regions.map does not "
                         "list, and the policy (alignctl.yaml) has no regions.default; add the "
                         "value to regions.map");
  CHECK(out.plan.actions.empty());
}

TEST_CASE("reactivate: isLocked -1, and isLocked 1 with locked: reactivate") {
  LiveUser a = live(1, "adavis");
  a.is_locked = -1;
  a.user_end_date = "2024-01-01T00:00:00Z";
  LiveUser b = live(2, "bkhan");
  b.is_locked = 1;
  Policy p = policy_with("limits:", "locked: reactivate\nlimits:");
  auto out = plan_for({desired("adavis"), desired("bkhan")}, {a, b}, p);
  REQUIRE(out.ok());
  REQUIRE(out.plan.actions.size() == 2);
  for (const Action& act : out.plan.actions) {
    CHECK(act.op == ActionOp::Reactivate);
    CHECK(act.request.method == "PATCH");
    CHECK(act.request.body == json::parse(R"([{"op":"replace","path":"/isLocked","value":0},
                                               {"op":"replace","path":"/userEndDate","value":null}])"));
    CHECK(act.after == json({{"isLocked", 0}, {"userEndDate", nullptr}}));
  }
  CHECK(out.plan.actions[0].request.path == "/Users/1");
  CHECK(out.plan.actions[0].precondition == json({{"isLocked", -1}, {"externalId", "adavis"}}));
  CHECK(out.plan.actions[1].precondition == json({{"isLocked", 1}, {"externalId", "bkhan"}}));
  CHECK(out.plan.actions[1].reason == "in the desired state, but deactivated (isLocked 1); "
                                      "userEndDate is cleared so the user can log in");
}

TEST_CASE("deactivate: active and not desired — deactivated users (-1 or 1) are left alone") {
  LiveUser gone = live(1, "gone");
  LiveUser locked = live(2, "locked");
  locked.is_locked = -1;
  LiveUser odd = live(3, "odd");
  odd.is_locked = 1;
  auto out = plan_for({desired("k1"), desired("k2"), desired("k3")},
                      {gone, locked, odd, live(4, "k1"), live(5, "k2"), live(6, "k3")});
  const Action& a = only_action(out);
  CHECK(a.op == ActionOp::Deactivate);
  CHECK(a.key == "gone");
  CHECK(a.user_id == 1);
  CHECK(a.reason == "active, but not in the desired state");
  CHECK(a.precondition == json({{"isLocked", 0}, {"externalId", "gone"}}));
  CHECK(a.after == json({{"isLocked", -1}}));
  CHECK(a.request.body == json::parse(R"([{"op":"replace","path":"/isLocked","value":-1}])"));
}

TEST_CASE("protected users are never deactivated or changed, by externalId, pattern or roleId") {
  LiveUser by_id = live(1, "BreakGlass");
  LiveUser by_pattern = live(2, "svc-backup");
  LiveUser by_role = live(3, "boss");
  by_role.role_id = 9;
  LiveUser changed = live(4, "svc-sync");
  changed.first_name = "Old";
  changed.is_locked = -1;
  auto out = plan_for({desired("svc-sync"), desired("k1")},
                      {by_id, by_pattern, by_role, changed, live(5, "k1")});
  REQUIRE(out.ok());
  CHECK(out.plan.actions.empty());
  REQUIRE(out.plan.notices.size() == 4);
  for (const Notice& n : out.plan.notices) {
    CHECK(n.kind == NoticeKind::Protected);
  }
  CHECK(out.plan.notices[0].key == "boss");
  CHECK(out.plan.notices[0].reason ==
        "active and not in the desired state, but protected (roleId 9 is listed in "
        "protected.roleIds); kept");
  CHECK(out.plan.notices[1].reason ==
        "active and not in the desired state, but protected (externalId 'BreakGlass' is listed "
        "in protected.externalIds); kept");
  CHECK(out.plan.notices[3].key == "svc-sync");
  CHECK(out.plan.notices[3].reason ==
        "in the desired state; protected ('svc-sync' matches protected pattern 'svc-*'), so "
        "never changed");
}

TEST_CASE("ignored users (connector role) are reported and never touched, nor duplicated") {
  LiveUser connector = live(1, "jira-bot");
  connector.role_id = 12;
  connector.division_id.reset();
  LiveUser desired_connector = live(2, "adavis");
  desired_connector.role_id = 12;
  desired_connector.is_locked = -1;
  auto out =
      plan_for({desired("adavis"), desired("k")}, {connector, desired_connector, live(3, "k")});
  REQUIRE(out.ok());
  CHECK(out.plan.actions.empty());
  REQUIRE(out.plan.notices.size() == 2);
  CHECK(out.plan.notices[0].kind == NoticeKind::Ignored);
  CHECK(out.plan.notices[0].key == "adavis");
  CHECK(out.plan.notices[0].reason == "in the desired state, but ignored by the policy (roleId 12 "
                                      "is listed in ignored.roleIds); not changed");
  CHECK(out.plan.notices[1].key == "jira-bot");
  CHECK(out.plan.notices[1].reason == "ignored by the policy (roleId 12 is listed in "
                                      "ignored.roleIds)");
}

TEST_CASE("repair comes first, as its own PATCH, for a user that will be changed") {
  LiveUser u = live(5, "gone");
  u.division_id.reset();
  u.city_id.reset();
  u.company = "";
  auto out = plan_for({desired("k")}, {u, live(6, "k")});
  REQUIRE(out.ok());
  CHECK(ops(out.plan) == "repair:gone deactivate:gone");
  const Action& r = out.plan.actions[0];
  CHECK(r.user_id == 5);
  CHECK(r.request.body == json::parse(R"([{"op":"replace","path":"/divisionId","value":2},
                                           {"op":"replace","path":"/cityId","value":11},
                                           {"op":"replace","path":"/company","value":"Acme"}])"));
  CHECK(
      r.precondition ==
      json(
          {{"divisionId", nullptr}, {"cityId", nullptr}, {"company", ""}, {"externalId", "gone"}}));
  CHECK(r.after == json({{"divisionId", 2}, {"cityId", 11}, {"company", "Acme"}}));
  CHECK(r.reason == "lacks divisionId, cityId, company, which the API needs before any change "
                    "(PATCH validates the whole record); filled from the policy's repair values "
                    "before the deactivate");
  CHECK(out.plan.actions[1].precondition == json({{"isLocked", 0}, {"externalId", "gone"}}));
}

TEST_CASE("repair: a user missing legacy fields but not changed is left alone") {
  LiveUser u = live(5, "k");
  u.division_id.reset();
  auto out = plan_for({desired("k")}, {u});
  REQUIRE(out.ok());
  CHECK(out.plan.actions.empty());
}

TEST_CASE("repair: later actions never depend on a field the repair changes") {
  LiveUser u = live(5, "adavis");
  u.city_id.reset();
  u.is_locked = -1;
  auto out = plan_for({desired("adavis", "AMER")}, {u});
  REQUIRE(out.ok());
  CHECK(ops(out.plan) == "repair:adavis reactivate:adavis update:adavis");
  const Action& upd = out.plan.actions[2];
  CHECK(upd.after == json({{"regionId", 2}, {"cityId", 21}}));
  // cityId was pinned (null) by the repair, which sets it; the update must not
  // expect null any more.
  CHECK(upd.precondition == json({{"regionId", 1}, {"externalId", "adavis"}}));
  CHECK(out.plan.actions[0].precondition == json({{"cityId", nullptr}, {"externalId", "adavis"}}));
}

TEST_CASE("repair: a missing repair value is an error, not a PATCH that would fail") {
  Policy p = policy_with("repair:\n  divisionId: 2\n  cityId: 11\n  company: Acme\n",
                         "repair:\n  cityId: 11\n");
  LiveUser u = live(5, "gone");
  u.division_id.reset();
  auto out = plan_for({desired("k")}, {u, live(6, "k")}, p);
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0] == "Jira Align user id 5 ('gone') lacks divisionId, and every change to it "
                         "would be refused (PATCH validates the whole record); set "
                         "repair.divisionId in the policy (alignctl.yaml), or list the user's "
                         "roleId in ignored.roleIds");
}

TEST_CASE("update: managed attributes that differ, with old and new values") {
  LiveUser u = live(5, "adavis");
  u.first_name = "Ann";
  u.title.reset();
  auto out = plan_for({desired("adavis")}, {u});
  const Action& a = only_action(out);
  CHECK(a.op == ActionOp::Update);
  CHECK(a.reason == "firstName 'Ann' → 'First adavis'; title null → 'Engineer'");
  CHECK(a.precondition ==
        json({{"firstName", "Ann"}, {"title", nullptr}, {"externalId", "adavis"}}));
  CHECK(a.after == json({{"firstName", "First adavis"}, {"title", "Engineer"}}));
  CHECK(a.request.body ==
        json::parse(R"([{"op":"replace","path":"/firstName","value":"First adavis"},
                        {"op":"replace","path":"/title","value":"Engineer"}])"));
}

TEST_CASE("update: email differing only in case is not a change") {
  LiveUser u = live(5, "adavis");
  u.email = "ADavis@Corp.Example.com";
  CHECK(plan_for({desired("adavis")}, {u}).plan.actions.empty());
}

TEST_CASE("update: an empty sync list is create-only, like the seed") {
  Policy p = policy_with("sync: [firstName, lastName, email, title, region]\n", "sync: []\n");
  LiveUser u = live(5, "adavis");
  u.first_name = "Ann";
  u.region_id = 2;
  auto out = plan_for({desired("adavis")}, {u}, p);
  REQUIRE(out.ok());
  CHECK(out.plan.actions.empty());
}

TEST_CASE("roles: create-only leaves roles alone — always enforces them") {
  LiveUser u = live(5, "adavis");
  u.role_id = 4;
  CHECK(plan_for({desired("adavis")}, {u}).plan.actions.empty());
  Policy p = policy_with("enforce: create-only", "enforce: always");
  auto out = plan_for({desired("adavis", "EMEA", {"JiraAlign-Admins"})}, {u}, p);
  const Action& a = only_action(out);
  CHECK(a.after == json({{"roleId", 9}}));
  CHECK(a.reason == "roleId 4 → 9 (roleId 9 from group 'JiraAlign-Admins'; roles.enforce: always)");
}

TEST_CASE("duplicate desired keys (case-insensitive) are an error naming both") {
  DesiredUser a = desired("JDoe");
  a.line = 4;
  DesiredUser b = desired("jdoe");
  b.line = 12;
  auto out = plan_for({a, b}, {});
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0] == "duplicate externalId in the desired state: 'JDoe' (users.yaml:4) and "
                         "'jdoe' (users.yaml:12) are the same key compared case-insensitively");
}

TEST_CASE("duplicate live keys (case-insensitive) are an error naming both ids") {
  auto out = plan_for({desired("k")}, {live(3, "JDoe"), live(8, "jdoe"), live(9, "k")});
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0] == "two Jira Align users have the same externalId (compared "
                         "case-insensitively): id 3 ('JDoe') and id 8 ('jdoe'); fix one of them "
                         "in Jira Align first");
  CHECK(out.plan.actions.empty());
}

TEST_CASE("keys match case-insensitively") {
  LiveUser u = live(5, "ADavis");
  auto out = plan_for({desired("adavis")}, {u});
  REQUIRE(out.ok());
  // Same person; the externalId's case is not an attribute we sync.
  for (const Action& a : out.plan.actions) {
    CHECK(a.op != ActionOp::Create);
    CHECK(a.op != ActionOp::Deactivate);
  }
}

TEST_CASE("link: a keyless live user whose email matches a desired user gets its externalId") {
  LiveUser u = live(5, "adavis");
  u.external_id.reset();
  u.email = "ADAVIS@corp.example.com";
  u.is_locked = -1;
  auto out = plan_for({desired("adavis")}, {u});
  REQUIRE(out.ok());
  CHECK(ops(out.plan) == "reactivate:adavis link:adavis");
  const Action& react = out.plan.actions[0];
  const Action& link = out.plan.actions[1];
  CHECK(link.user_id == 5);
  CHECK(link.request.body ==
        json::parse(R"([{"op":"replace","path":"/externalId","value":"adavis"}])"));
  CHECK(link.precondition == json({{"externalId", nullptr}, {"email", "ADAVIS@corp.example.com"}}));
  CHECK(link.after == json({{"externalId", "adavis"}}));
  CHECK(react.precondition == json({{"isLocked", -1}, {"externalId", nullptr}}));
  // The email differs only in case: no update.
  CHECK(out.plan.actions.size() == 2);
}

TEST_CASE("link: an email shared by several keyless live users is an error naming them") {
  LiveUser a = live(5, "x");
  a.external_id.reset();
  a.email = "adavis@corp.example.com";
  LiveUser b = a;
  b.id = 9;
  b.external_id = "";
  b.email = "AdAvis@corp.example.com";
  DesiredUser d = desired("adavis");
  d.line = 7;
  auto out = plan_for({d}, {a, b});
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0] == "desired user 'adavis' (users.yaml:7) has email "
                         "'adavis@corp.example.com', which 2 Jira Align users without externalId "
                         "share (id 5, id 9); give the right one the externalId 'adavis' in Jira "
                         "Align, or deactivate the others");
}

TEST_CASE("several keyless live users are each listed, never collapsed or deactivated") {
  // The seed script keys a dict by externalId, so all of these became one entry.
  std::vector<LiveUser> users;
  for (int i = 1; i <= 3; ++i) {
    LiveUser u = live(i, "x");
    u.external_id = i == 2 ? std::optional<std::string>("") : std::nullopt;
    u.email = "nobody" + std::to_string(i) + "@corp.example.com";
    users.push_back(u);
  }
  users.push_back(live(10, "k"));
  auto out = plan_for({desired("k")}, users);
  REQUIRE(out.ok());
  CHECK(out.plan.actions.empty());
  REQUIRE(out.plan.notices.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(out.plan.notices[i].kind == NoticeKind::Unmatched);
    CHECK(out.plan.notices[i].user_id == i + 1);
  }
  CHECK(out.plan.notices[0].reason ==
        "has no externalId and its email matches no desired user, so it is never matched or "
        "deactivated; give it an externalId in Jira Align to manage it");
}

TEST_CASE("ignored.no_external_id: keyless users are not linked, and a create is refused") {
  Policy p = policy_with("ignored:\n  roleIds: [12]\n",
                         "ignored:\n  roleIds: [12]\n  no_external_id: true\n");
  LiveUser u = live(5, "x");
  u.external_id.reset();
  u.email = "other@corp.example.com";
  auto out = plan_for({desired("k")}, {u, live(6, "k")}, p);
  REQUIRE(out.ok());
  REQUIRE(out.plan.notices.size() == 1);
  CHECK(out.plan.notices[0].kind == NoticeKind::Ignored);
  CHECK(out.plan.notices[0].reason == "has no externalId; ignored.no_external_id is true");
  u.email = "adavis@corp.example.com";
  auto out2 = plan_for({desired("adavis")}, {u}, p);
  REQUIRE(out2.errors.size() == 1);
  CHECK(out2.errors[0].find("which Jira Align user id 5 already has without externalId") !=
        std::string::npos);
}

TEST_CASE("a desired user whose email belongs to a live user with another key is an error") {
  LiveUser u = live(5, "ann.davis");
  u.email = "adavis@corp.example.com";
  auto out = plan_for({desired("adavis"), desired("ann.davis")}, {u});
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0] == "desired user 'adavis' (users.yaml) has email 'adavis@corp.example.com', "
                         "which Jira Align user id 5 already has with externalId 'ann.davis'; "
                         "creating a second account is refused — correct the externalId in Jira "
                         "Align or in the directory");
}

TEST_CASE("match by email: keys are emails, compared case-insensitively") {
  Policy p = policy_with("  key: externalId", "  key: email");
  LiveUser u = live(5, "adavis");
  u.external_id.reset();
  u.email = "ADAVIS@corp.example.com";
  LiveUser gone = live(6, "gone");
  auto out = plan_for({desired("adavis"), desired("new")}, {u, gone}, p);
  REQUIRE(out.ok());
  CHECK(ops(out.plan) == "deactivate:gone@corp.example.com create:new@corp.example.com");
  CHECK(out.plan.match_key == MatchKey::Email);
  CHECK(out.plan.actions[0].precondition ==
        json({{"isLocked", 0}, {"email", "gone@corp.example.com"}}));
}

TEST_CASE("safety limit on deactivations: no plan, says which limit, how many, how to raise") {
  std::vector<LiveUser> users;
  for (int i = 0; i < 10; ++i) {
    users.push_back(live(i + 1, "u" + std::to_string(i)));
  }
  // 6 of 10 managed active users would go; the policy allows 50% = 5.
  auto out = plan_for({desired("u0"), desired("u1"), desired("u2"), desired("u3")}, users);
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0] == "safety limit exceeded: the plan would deactivate 6 users, but "
                         "limits.max_deactivations is 50% of 10 managed active users = 5; no plan "
                         "was written. If this is intended, raise limits.max_deactivations in the "
                         "reviewed policy (alignctl.yaml)");
  CHECK(out.plan.actions.empty());
  // 5 is allowed.
  auto ok =
      plan_for({desired("u0"), desired("u1"), desired("u2"), desired("u3"), desired("u4")}, users);
  REQUIRE(ok.ok());
  CHECK(ok.plan.actions.size() == 5);
}

TEST_CASE("safety limit on creates, as a count") {
  Policy p =
      policy_with("  max_deactivations: 50%\n", "  max_deactivations: 50%\n  max_creates: 2\n");
  auto out = plan_for({desired("a"), desired("b"), desired("c")}, {}, p);
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0] == "safety limit exceeded: the plan would create 3 users, but "
                         "limits.max_creates is 2; no plan was written. If this is intended, raise "
                         "limits.max_creates in the reviewed policy (alignctl.yaml)");
  CHECK(plan_for({desired("a"), desired("b")}, {}, p).ok());
}

TEST_CASE("the default deactivation limit (10%) applies when the policy sets none") {
  Policy p = policy_with("limits:\n  max_deactivations: 50%\n", "");
  std::vector<LiveUser> users;
  std::vector<DesiredUser> want;
  for (int i = 0; i < 20; ++i) {
    users.push_back(live(i + 1, "u" + std::to_string(100 + i)));
    if (i >= 3) {
      want.push_back(desired("u" + std::to_string(100 + i)));
    }
  }
  auto out = plan_for(want, users, p);
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0].find("limits.max_deactivations is 10% (default) of 20 managed active users "
                           "= 2") != std::string::npos);
}

TEST_CASE("an empty desired state is refused unless explicitly allowed") {
  auto out = plan_for({}, {live(1, "a")});
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0] == "the desired state (users.yaml) lists no users; refusing to plan, since "
                         "that would deactivate every managed user. If that is really intended, "
                         "set limits.allow_empty_desired: true in the policy (alignctl.yaml)");
  Policy p = policy_with("  max_deactivations: 50%\n",
                         "  max_deactivations: 100%\n  allow_empty_desired: true\n");
  auto allowed = plan_for({}, {live(1, "a")}, p);
  REQUIRE(allowed.ok());
  CHECK(ops(allowed.plan) == "deactivate:a");
}

TEST_CASE("a truncated desired state cannot deactivate everyone: the limit stops it") {
  std::vector<LiveUser> users;
  for (int i = 0; i < 100; ++i) {
    users.push_back(live(i + 1, "user" + std::to_string(i)));
  }
  auto out = plan_for({desired("user0")}, users);
  REQUIRE_FALSE(out.ok());
  CHECK(out.errors[0].find("would deactivate 99 users") != std::string::npos);
}

TEST_CASE("actions are sorted by apply order then key, regardless of input order") {
  std::vector<LiveUser> users = {live(1, "zed"), live(2, "Bob"), live(3, "amy"), live(4, "keep"),
                                 live(5, "k2"),  live(6, "k3"),  live(7, "k4")};
  users[2].is_locked = -1;
  users[3].first_name = "changed";
  std::vector<DesiredUser> want = {desired("keep"), desired("amy"), desired("new2"),
                                   desired("New1"), desired("k2"),  desired("k3"),
                                   desired("k4")};
  auto first = plan_for(want, users);
  REQUIRE(first.ok());
  CHECK(ops(first.plan) ==
        "deactivate:Bob deactivate:zed reactivate:amy create:New1 create:new2 update:keep");
  std::mt19937 rng(42);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(users.begin(), users.end(), rng);
    std::shuffle(want.begin(), want.end(), rng);
    auto again = plan_for(want, users);
    REQUIRE(again.ok());
    CHECK(ops(again.plan) == ops(first.plan));
  }
}

TEST_CASE("check_desired_against_policy reports unmapped regions when there is no default") {
  Policy p = policy_with("  default: {regionId: 1, cityId: 11}\n", "");
  DesiredUser a = desired("a", "Mars");
  a.line = 9;
  a.region_line = 14; // the diagnostic points at the region value when its place is known
  a.region_column = 13;
  DesiredUser b = desired("b", "");
  b.line = 15;
  auto diags =
      check_desired_against_policy(desired_state({a, b, desired("c", "emea")}), p, "users.yaml");
  REQUIRE(diags.size() == 2);
  CHECK(diags[0].to_string() == "users.yaml:14:13: error: user 'a' has region 'Mars', which "
                                "regions.map in alignctl.yaml does not list (and there is no "
                                "regions.default)");
  CHECK(diags[1].to_string() == "users.yaml:15: error: user 'b' has no region, which regions.map "
                                "in alignctl.yaml does not list (and there is no regions.default)");
  CHECK(check_desired_against_policy(desired_state({a}), test_policy(), "users.yaml").empty());
}
