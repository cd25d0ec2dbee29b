// Reason codes: every action and notice reconcile makes carries the code of
// its rule, the plan file keeps it beside the text, and the names are stable
// (docs/plan-format.md "Reason codes").
#include "fixtures.hpp"
#include "planner/digest.hpp"
#include "planner/plan_file.hpp"
#include "planner/reason_code.hpp"

#include <map>
#include <nlohmann/json.hpp>

using namespace alignctl;
using namespace alignctl::test;

namespace {

// The reason codes of the plan, by the key of the user they concern.
std::map<std::string, std::vector<std::string>> codes_by_key(const Plan& plan) {
  std::map<std::string, std::vector<std::string>> out;
  for (const Action& a : plan.actions) {
    out[a.key].push_back(std::string(reason_code_name(a.reason_code)));
  }
  for (const Notice& n : plan.notices) {
    out[n.key].push_back(std::string(reason_code_name(n.reason_code)));
  }
  return out;
}

// An active live user the test policy ignores (role 12).
LiveUser connector(std::int64_t id) {
  LiveUser u = live(id, "conn");
  u.role_id = 12;
  return u;
}

} // namespace

TEST_CASE("reason codes: each rule of reconcile gives its own code") {
  std::vector<LiveUser> l;
  l.push_back(live(2, "gone")); // active, not desired
  l.push_back(live(3, "back"));
  l.back().is_locked = -1; // deactivated, desired
  l.push_back(live(4, "chg"));
  l.back().title = "Old title"; // attribute differs
  LiveUser keyless = live(5, "linkme");
  keyless.external_id.reset(); // pre-integration account: email matches
  l.push_back(keyless);
  l.push_back(live(6, "fix"));
  l.back().division_id.reset(); // missing legacy field before an update
  l.back().title = "Old title";
  l.push_back(live(7, "conn"));
  l.back().role_id = 12;              // ignored by role
  l.push_back(live(8, "breakglass")); // protected, not desired
  LiveUser stranger = live(9, "nobody");
  stranger.external_id.reset(); // no key, email matches no one
  l.push_back(stranger);
  l.push_back(live(10, "lock"));
  l.back().is_locked = 1; // lockout: left alone by default
  std::vector<DesiredUser> d = {desired("new1"),   desired("back"), desired("chg"),
                                desired("linkme"), desired("fix"),  desired("lock")};
  PlanOutcome out = plan_for(d, l);
  REQUIRE(out.errors.empty());
  auto codes = codes_by_key(out.plan);
  CHECK(codes["new1"] == std::vector<std::string>{"create.not-in-jira-align"});
  CHECK(codes["gone"] == std::vector<std::string>{"deactivate.not-desired"});
  CHECK(codes["back"] == std::vector<std::string>{"reactivate.desired"});
  CHECK(codes["chg"] == std::vector<std::string>{"update.attributes"});
  CHECK(codes["linkme"] == std::vector<std::string>{"link.email-match"});
  CHECK(codes["fix"] == std::vector<std::string>{"repair.before-change", "update.attributes"});
  CHECK(codes["conn"] == std::vector<std::string>{"ignored.by-policy"});
  CHECK(codes["breakglass"] == std::vector<std::string>{"protected.kept"});
  CHECK(codes["nobody@corp.example.com"] == std::vector<std::string>{"unmatched.no-key"});
  CHECK(codes["lock"] == std::vector<std::string>{"locked.not-reactivated"});
  for (const Notice& n : out.plan.notices) {
    INFO(n.key);
    CHECK(n.reason_code != ReasonCode::Unspecified);
  }
}

TEST_CASE("reason codes: the plan file keeps them, and refuses an unknown one") {
  // Two users in sync keep the one deactivation within limits.max_deactivations (50%).
  PlanOutcome out = plan_for({desired("new1"), desired("stay"), desired("stay2")},
                             {live(2, "gone"), live(3, "stay"), live(4, "stay2"), connector(7)});
  REQUIRE(out.errors.empty());
  REQUIRE(out.plan.actions.size() == 2);
  REQUIRE(out.plan.notices.size() == 1);
  out.plan.created_at = "2026-01-02T03:04:05Z";
  std::string text = write_plan_file(out.plan, std::nullopt);
  auto doc = nlohmann::json::parse(text);
  CHECK(doc["actions"][0]["reason_code"] == "deactivate.not-desired");
  CHECK(doc["actions"][1]["reason_code"] == "create.not-in-jira-align");
  CHECK(doc["notices"][0]["reason_code"] == "ignored.by-policy");
  auto back = read_plan_file(text, "plan.json", std::nullopt);
  REQUIRE(back.ok());
  CHECK(back->plan.actions[0].reason_code == ReasonCode::DeactivateNotDesired);
  CHECK(back->plan.notices[0].reason_code == ReasonCode::IgnoredByPolicy);
  CHECK(back->plan.notices[0].kind == NoticeKind::Ignored);

  // A code this alignctl does not know, in a file whose checksum matches.
  auto odd = nlohmann::json::parse(text);
  odd["actions"][0]["reason_code"] = "deactivate.newer-rule";
  auto refused = read_plan_file(with_checksum(odd), "plan.json", std::nullopt);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message == "plan.json: plan file: field 'actions[0].reason_code': unknown "
                                   "reason code 'deactivate.newer-rule' (written by a newer "
                                   "alignctl?)");
}

TEST_CASE("reason codes: names round-trip and older plans without codes still load") {
  for (int i = 0; i <= static_cast<int>(k_last_reason_code); ++i) {
    auto code = static_cast<ReasonCode>(i);
    CHECK(reason_code_from_name(reason_code_name(code)) == code);
  }
  CHECK_FALSE(reason_code_from_name("create").has_value());
  // A plan written before reason codes: no "reason_code" field at all.
  PlanOutcome out = plan_for({desired("new1")}, {connector(7)});
  auto doc = nlohmann::json::parse(write_plan_file(out.plan, std::nullopt));
  doc["actions"][0].erase("reason_code");
  doc["notices"][0].erase("reason_code");
  auto back = read_plan_file(with_checksum(doc), "plan.json", std::nullopt);
  REQUIRE(back.ok());
  CHECK(back->plan.actions[0].reason_code == ReasonCode::Unspecified);
  CHECK(back->plan.notices[0].reason_code == ReasonCode::Unspecified);
}
