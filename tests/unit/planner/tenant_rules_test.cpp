// The rules for what a real tenant holds: the account-ID guard (externalId
// shapes), lock states other than 0/-1, login dates, and repair.scope.
#include "fixtures.hpp"
#include "planner/external_id_shape.hpp"
#include "planner/login_dates.hpp"
#include "planner/policy_loader.hpp"

#include <nlohmann/json.hpp>

using namespace alignctl;
using namespace alignctl::test;
using nlohmann::json;

namespace {

Policy tenant_policy(const std::string& extra) {
  std::string text = k_policy_text;
  text += extra;
  return test_policy(text);
}

Policy policy_with_scope() {
  std::string text = k_policy_text;
  text.replace(text.find("  company: Acme\n"), 15, "  company: Acme\n  scope: all\n");
  return test_policy(text);
}

std::string op_list(const Plan& plan) {
  std::string s;
  for (const Action& a : plan.actions) {
    s += std::string(s.empty() ? "" : " ") + action_op_name(a.op) + ":" + a.key;
  }
  return s;
}

std::string guard_id(int n) {
  return "712020:" + std::string(8 - std::to_string(n).size(), '0') + std::to_string(n) +
         "-3f2a-4b1c-9d8e-0123456789ab";
}

// A live user of a Guard site: externalId holds the Atlassian account ID,
// the email is the person's.
LiveUser guard_user(std::int64_t id, const std::string& name) {
  LiveUser u = live(id, guard_id(static_cast<int>(id)));
  u.email = name + "@corp.example.com";
  u.first_name = "First " + name;
  u.last_name = "Last " + name;
  return u;
}

} // namespace

TEST_CASE("externalId shapes: account IDs, emails, account names, empty") {
  CHECK(classify_external_id("712020:3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b") ==
        ExternalIdShape::AtlassianAccountId);
  CHECK(classify_external_id("557058:F58131CB-B67D-43C7-B30D-6B58D40BD077") ==
        ExternalIdShape::AtlassianAccountId);
  CHECK(classify_external_id("5b10ac8d82e05b22cc7d4ef5") == ExternalIdShape::AtlassianAccountId);
  CHECK(classify_external_id("5b10ac8d82e05b22cc7d4ef") == ExternalIdShape::AccountName);
  CHECK(classify_external_id("712020:not-a-uuid") == ExternalIdShape::AccountName);
  CHECK(classify_external_id(":3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b") ==
        ExternalIdShape::AccountName);
  CHECK(classify_external_id("ann.davis@corp.example.com") == ExternalIdShape::Email);
  CHECK(classify_external_id("ann@localhost") == ExternalIdShape::AccountName);
  CHECK(classify_external_id("@corp.example.com") == ExternalIdShape::AccountName);
  CHECK(classify_external_id("CORP\\adavis") == ExternalIdShape::AccountName);
  CHECK(classify_external_id("adavis") == ExternalIdShape::AccountName);
  CHECK(classify_external_id("") == ExternalIdShape::Empty);
  CHECK(std::string(external_id_shape_name(ExternalIdShape::AtlassianAccountId)) ==
        "Atlassian account ID");
}

TEST_CASE("shape counts and key matches, as doctor reports them") {
  LiveUser keyless = live(4, "x");
  keyless.external_id.reset();
  keyless.email = "dora@corp.example.com";
  std::vector<LiveUser> l = {guard_user(1, "ann"), guard_user(2, "bob"), live(3, "carl"), keyless};
  ShapeCounts c = count_live_external_id_shapes(l);
  CHECK(c.total == 4);
  CHECK(c.non_empty() == 3);
  CHECK(c.count(ExternalIdShape::AtlassianAccountId) == 2);
  CHECK(c.count(ExternalIdShape::AccountName) == 1);
  CHECK(c.count(ExternalIdShape::Empty) == 1);
  CHECK(c.share(ExternalIdShape::AtlassianAccountId) == Approx(2.0 / 3.0));
  CHECK(c.share(ExternalIdShape::Email) == 0.0);

  DesiredUser ann = desired("ann");
  DesiredUser dora = desired("dora");
  DesiredUser nobody = desired("nobody");
  DesiredState d = desired_state({ann, desired("CARL"), dora, nobody});
  ShapeCounts dc = count_desired_external_id_shapes(d);
  CHECK(dc.count(ExternalIdShape::AccountName) == 4);
  KeyMatchCounts m = count_key_matches(d, l);
  CHECK(m.desired == 4);
  CHECK(m.by_external_id == 1); // CARL, case-insensitively
  CHECK(m.by_email == 3);       // ann, carl, dora
}

TEST_CASE("account-ID guard: Guard-style live ids and directory names refuse, naming email") {
  std::vector<LiveUser> l;
  std::vector<DesiredUser> d;
  const char* names[] = {"ann", "bob", "carl", "dora", "eve"};
  for (int i = 0; i < 5; ++i) {
    l.push_back(guard_user(i + 1, names[i]));
    if (i < 4) {
      d.push_back(desired(names[i]));
    }
  }
  d.push_back(desired("fred")); // nobody has fred's email
  auto out = plan_for(d, l);
  REQUIRE(out.errors.size() == 1); // the guard, not the deactivation limit
  CHECK(out.errors[0] ==
        "match.key is externalId, but 5 of the 5 live Jira Align users with an externalId (100%) "
        "hold an Atlassian account ID there (like '712020:00000001-3f2a-4b1c-9d8e-0123456789ab'), "
        "while the desired state's keys are directory account names (like 'ann'): Jira Align "
        "sites on Atlassian Guard (Atlassian accounts) fill externalId with the Atlassian account "
        "ID. Matching by externalId finds 0 of the 5 desired users; plan would create the others "
        "a second time and deactivate the live users. Set 'match.key: email' in the policy "
        "(alignctl.yaml): by email, 4 of the 5 desired users match a live user. Nothing was "
        "planned");
  CHECK(out.plan.actions.empty());

  SECTION("match.key: email plans normally") {
    Policy p = test_policy(
        std::string(k_policy_text)
            .replace(std::string(k_policy_text).find("key: externalId"), 15, "key: email"));
    auto by_email = plan_for(d, l, p);
    REQUIRE(by_email.ok());
    CHECK(op_list(by_email.plan) == "deactivate:eve@corp.example.com create:fred@corp.example.com");
  }
}

TEST_CASE("account-ID guard: emails in externalId refuse too, matching shapes do not") {
  std::vector<LiveUser> l = {live(1, "ann@corp.example.com"), live(2, "bob@corp.example.com")};
  auto out = plan_for({desired("ann"), desired("bob")}, l);
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0].find("hold an email address there") != std::string::npos);
  CHECK(out.errors[0].find("Set 'match.key: email'") != std::string::npos);

  // The directory exports emails as externalId too: they match, no refusal.
  auto same = plan_for({desired("ann@corp.example.com"), desired("bob@corp.example.com")}, l);
  CHECK(same.ok());
  // A few account ids among many directory names (a site mid-migration): no refusal.
  auto few = plan_for({desired("k1"), desired("k2"), desired("k3")},
                      {live(1, "k1"), live(2, "k2"), live(3, "k3"), guard_user(4, "zed")});
  CHECK(few.errors.empty());
}

TEST_CASE("locked: isLocked 1 is left alone by default, with a notice that says what to do") {
  LiveUser u = live(2, "bkhan");
  u.is_locked = 1;
  u.title = "Old";
  auto out = plan_for({desired("bkhan")}, {u});
  REQUIRE(out.ok());
  CHECK(op_list(out.plan) == "update:bkhan"); // attributes are still kept in sync
  REQUIRE(out.plan.notices.size() == 1);
  const Notice& n = out.plan.notices[0];
  CHECK(n.kind == NoticeKind::Locked);
  CHECK(n.key == "bkhan");
  CHECK(n.user_id == 2);
  CHECK(n.reason == "in the desired state, but isLocked 1, which is neither active (0) nor "
                    "deactivated (-1): it may be the lockout after too many failed password "
                    "attempts, which reactivating would silently undo; not reactivated. If the "
                    "person should get in, unlock them in Jira Align, or set 'locked: "
                    "reactivate' in the policy to reactivate such users");

  Policy p = tenant_policy("locked: reactivate\n");
  auto re = plan_for({desired("bkhan")}, {u}, p);
  REQUIRE(re.ok());
  CHECK(op_list(re.plan) == "reactivate:bkhan update:bkhan");
  CHECK(re.plan.notices.empty());
}

TEST_CASE("login dates: reported by default for active desired users") {
  LiveUser ended = live(1, "ended");
  ended.user_end_date = "2025-06-30T00:00:00Z";
  LiveUser later = live(2, "later");
  later.user_start_date = "2026-03-01T00:00:00Z"; // after created_at 2026-01-02
  LiveUser started = live(3, "started");
  started.user_start_date = "2026-01-02T00:00:00Z";
  LiveUser back = live(4, "back"); // reactivated: the end date goes, the start date stays
  back.is_locked = -1;
  back.user_end_date = "2025-01-01T00:00:00Z";
  back.user_start_date = "2027-01-01";
  auto out = plan_for({desired("ended"), desired("later"), desired("started"), desired("back")},
                      {ended, later, started, back});
  REQUIRE(out.ok());
  CHECK(op_list(out.plan) == "reactivate:back");
  REQUIRE(out.plan.notices.size() == 3);
  CHECK(out.plan.notices[0].kind == NoticeKind::Login);
  CHECK(out.plan.notices[0].key == "back");
  CHECK(out.plan.notices[0].reason ==
        "in the desired state and reactivated by this plan, but cannot log in: userStartDate "
        "'2027-01-01' is in the future. Correct the date in Jira Align, or set 'login_dates: fix' "
        "in the policy to plan the change");
  CHECK(out.plan.notices[1].key == "ended");
  CHECK(out.plan.notices[1].reason ==
        "in the desired state and active, but cannot log in: userEndDate '2025-06-30T00:00:00Z' "
        "is set. Correct the date in Jira Align, or set 'login_dates: fix' in the policy to plan "
        "the change");
  CHECK(out.plan.notices[2].key == "later");
}

TEST_CASE("login dates: fix plans an update with the reason, using the plan's time") {
  LiveUser ended = live(1, "ended");
  ended.user_end_date = "2025-06-30T00:00:00Z";
  ended.title = "Old";
  LiveUser later = live(2, "later");
  later.user_start_date = "2026-03-01T00:00:00Z";
  Policy p = tenant_policy("login_dates: fix\n");
  auto out = plan_for({desired("ended"), desired("later")}, {ended, later}, p);
  REQUIRE(out.ok());
  CHECK(out.plan.notices.empty());
  REQUIRE(op_list(out.plan) == "update:ended update:later");
  const Action& e = out.plan.actions[0];
  CHECK(e.after == json({{"title", "Engineer"}, {"userEndDate", nullptr}}));
  CHECK(e.precondition ==
        json({{"title", "Old"}, {"userEndDate", "2025-06-30T00:00:00Z"}, {"externalId", "ended"}}));
  CHECK(e.reason == "title 'Old' → 'Engineer'; userEndDate '2025-06-30T00:00:00Z' → null (while "
                    "it is set the user cannot log in; login_dates: fix)");
  const Action& l = out.plan.actions[1];
  CHECK(l.request.body == json::parse(R"([{"op":"replace","path":"/userStartDate",
                                           "value":"2026-01-02T00:00:00Z"}])"));
  CHECK(l.reason == "userStartDate '2026-03-01T00:00:00Z' → '2026-01-02T00:00:00Z' (a start date "
                    "in the future blocks login; login_dates: fix)");
}

TEST_CASE("login dates: ISO dates in the API's variants compare by time") {
  CHECK(iso_sortable("2022-10-19") == "2022-10-19T00:00:00");
  CHECK(iso_sortable("2022-10-19T08:30:00Z") == "2022-10-19T08:30:00");
  CHECK(iso_sortable("2022-10-19T08:30:12.123+02:00") == "2022-10-19T08:30:12");
  CHECK(iso_sortable("2022-10-19T08:30") == "2022-10-19T08:30:00");
  CHECK_FALSE(iso_sortable("19/10/2022"));
  CHECK_FALSE(iso_sortable(""));
  LiveUser u = live(1, "a");
  u.user_start_date = "garbage";
  CHECK_FALSE(login_block(u, "2026-01-02T03:04:05Z").blocked());
  u.user_start_date = "2026-01-02T03:04:06Z";
  CHECK(login_block(u, "2026-01-02T03:04:05Z").start_in_future);
  u.user_start_date = "2026-01-02T03:04:05Z";
  CHECK_FALSE(login_block(u, "2026-01-02T03:04:05Z").start_in_future);
  CHECK(start_of_day("2026-01-02T03:04:05Z") == "2026-01-02T00:00:00Z");
}

TEST_CASE("repair.scope: all repairs every managed user missing divisionId or cityId") {
  LiveUser same = live(1, "same"); // desired, nothing to change
  same.division_id.reset();
  LiveUser old = live(2, "old"); // not desired, already deactivated
  old.is_locked = -1;
  old.city_id.reset();
  LiveUser fine = live(3, "fine");
  LiveUser bot = live(4, "bot"); // ignored: never touched
  bot.role_id = 12;
  bot.division_id.reset();
  LiveUser guard = live(5, "breakglass"); // protected
  guard.is_locked = -1;
  guard.city_id.reset();
  std::vector<DesiredUser> d = {desired("same"), desired("fine")};
  std::vector<LiveUser> l = {same, old, fine, bot, guard};

  auto before = plan_for(d, l);
  REQUIRE(before.ok());
  CHECK(before.plan.actions.empty()); // default: only before a change

  Policy p = policy_with_scope();
  auto out = plan_for(d, l, p);
  REQUIRE(out.ok());
  CHECK(op_list(out.plan) == "repair:old repair:same");
  CHECK(out.plan.actions[0].after == json({{"cityId", 11}}));
  CHECK(out.plan.actions[1].after == json({{"divisionId", 2}}));
  CHECK(out.plan.actions[1].reason ==
        "lacks divisionId, which the API needs before any change (PATCH validates the whole "
        "record); filled from the policy's repair values (repair.scope: all)");
}

TEST_CASE("policy: locked, login_dates and repair.scope load, with defaults and errors") {
  Policy d = test_policy();
  CHECK(d.locked == LockedRule::Leave);
  CHECK(d.login_dates == LoginDatesRule::Report);
  CHECK(d.repair_scope == RepairScope::BeforeChange);
  Policy p = tenant_policy("locked: reactivate\nlogin_dates: fix\n");
  CHECK(p.locked == LockedRule::Reactivate);
  CHECK(p.login_dates == LoginDatesRule::Fix);
  CHECK(policy_with_scope().repair_scope == RepairScope::All);

  std::string text = k_policy_text;
  text += "locked: unlock\nlogin_dates: [fix]\n";
  text.replace(text.find("  company: Acme\n"), 15, "  company: Acme\n  scope: everyone\n");
  PolicyLoad load = load_policy(text, "alignctl.yaml");
  REQUIRE(load.diagnostics.size() == 3);
  CHECK(load.diagnostics[0].to_string() ==
        "alignctl.yaml:32:10: error: repair.scope must be before-change or all, not 'everyone'");
  CHECK(load.diagnostics[1].to_string() ==
        "alignctl.yaml:36:9: error: locked must be leave or reactivate, not 'unlock'");
  CHECK(load.diagnostics[2].to_string() == "alignctl.yaml:37:14: error: login_dates must be a "
                                           "string");
}
