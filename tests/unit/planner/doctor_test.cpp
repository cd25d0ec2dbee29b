// `alignctl doctor`'s pure half: the census of live users, its findings and
// the two renderings (tests/integration/planner/doctor_command_test.cpp runs
// the command against the simulator).
#include "fixtures.hpp"
#include "planner/doctor/doctor_render.hpp"
#include "planner/doctor/live_census.hpp"

#include <nlohmann/json.hpp>

using namespace alignctl;
using namespace alignctl::test;

namespace {

const Finding& doctor_finding(const std::vector<Finding>& findings, const std::string& check) {
  for (const Finding& f : findings) {
    if (f.check == check) {
      return f;
    }
  }
  FAIL("no finding " << check);
  throw std::logic_error("unreachable");
}

// A user made by a Jira connector: no externalId, no division or city.
LiveUser connector_user(std::int64_t id, std::int64_t role) {
  LiveUser u = live(id, "x");
  u.external_id.reset();
  u.division_id.reset();
  u.city_id.reset();
  u.role_id = role;
  return u;
}

} // namespace

TEST_CASE("doctor census: counts isLocked values, keyless and connector-like users") {
  std::vector<LiveUser> users = {live(1, "a"), live(2, "b"),          live(3, "c"),
                                 live(4, "d"), connector_user(5, 12), connector_user(6, 15)};
  users[1].is_locked = -1;
  users[2].is_locked = 1;
  users[3].division_id.reset();
  LiveCensus c = take_census(users, test_policy());
  CHECK(c.total == 6);
  CHECK(c.is_locked == std::map<int, std::size_t>{{-1, 1}, {0, 4}, {1, 1}});
  CHECK(c.without_external_id == 2);
  CHECK(c.without_division_or_city == 3);
  CHECK(c.connector_like == 2);
  CHECK(c.connector_like_ignored == 1); // role 12 is ignored by the test policy
  CHECK(c.connector_like_roles == std::vector<std::int64_t>{15});

  auto findings = census_findings(c, test_policy());
  CHECK(doctor_finding(findings, "users").found ==
        "6 users: 4 active (isLocked 0), 1 deactivated (isLocked -1)");
  const Finding& locked = doctor_finding(findings, "locked");
  CHECK(locked.verdict == Verdict::Note);
  CHECK(locked.found.find("isLocked 1: 1 user — isLocked 1 may be the failed-password lockout") ==
        0);
  CHECK(doctor_finding(findings, "legacy-fields").verdict == Verdict::Ok); // repair values set
  const Finding& connector = doctor_finding(findings, "connector-users");
  CHECK(connector.verdict == Verdict::Note);
  CHECK(connector.fix == "if they are, add their role to the policy: `ignored: {roleIds: [15]}`");
}

TEST_CASE("doctor census: a connector role the policy also gives its own users is not "
          "suggested for `ignored`") {
  std::vector<LiveUser> users = {connector_user(1, 7)}; // 7 is create.roleId
  auto findings = census_findings(take_census(users, test_policy()), test_policy());
  const Finding& connector = doctor_finding(findings, "connector-users");
  CHECK(connector.fix.find("roleIds") == std::string::npos);
  CHECK(connector.fix.find("role 7 is also given by the policy to its own users") == 0);
  CHECK(connector.fix.find("`ignored: {no_external_id: true}`") != std::string::npos);
}

TEST_CASE("doctor census: missing legacy fields without repair values is a note naming the fix") {
  Policy p = test_policy();
  p.repair_division_id.reset();
  std::vector<LiveUser> users = {live(1, "a")};
  users[0].city_id.reset();
  auto findings = census_findings(take_census(users, p), p);
  const Finding& legacy = doctor_finding(findings, "legacy-fields");
  CHECK(legacy.verdict == Verdict::Note);
  CHECK(legacy.fix == "add `repair: {divisionId: <id>, cityId: <id>}` to the policy");
}

TEST_CASE("doctor report: ready unless a finding blocks — text and JSON say so") {
  DoctorReport r;
  r.target = "https://acme.jiraalign.com/rest/align/api/2";
  r.findings.push_back({"auth", Verdict::Ok, "a", "accepted", ""});
  r.findings.push_back({"orderby", Verdict::Note, "honoured", "ignored", ""});
  CHECK(r.ready());
  std::string text = render_doctor_text(r);
  CHECK(text.find("  ok     auth     accepted\n") != std::string::npos);
  CHECK(text.find("ready: alignctl can run against this instance as configured (1 note).") !=
        std::string::npos);

  r.findings.push_back({"policy-ids", Verdict::Block, "ids exist", "99 is not a city", "change"});
  CHECK_FALSE(r.ready());
  text = render_doctor_text(r);
  CHECK(text.find("not ready: 1 blocking finding;") != std::string::npos);
  CHECK(text.find("fix: change\n") != std::string::npos);
  auto doc = nlohmann::json::parse(render_doctor_json(r));
  CHECK(doc["format"] == "alignctl-doctor");
  CHECK(doc["ready"] == false);
  CHECK(doc["findings"].size() == 3);
  CHECK(doc["findings"][2]["verdict"] == "block");
  CHECK(doc["findings"][2]["fix"] == "change");
}
