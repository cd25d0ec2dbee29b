// Exceptions that expire: `until:` on protected/ignored entries — loading
// (with file:line:col diagnostics), which apply at the plan's time, and the
// notices plan writes (no server, no clock).
#include "fixtures.hpp"
#include "planner/exception_expiry.hpp"
#include "state/util/calendar_date.hpp"

#include <string>

using namespace alignctl;
using namespace alignctl::test;

namespace {

const std::string k_old_exceptions = R"(protected:
  externalIds: [breakglass]
  patterns: ["svc-*"]
  roleIds: [9]
ignored:
  roleIds: [12]
)";

// The test policy with its protected/ignored sections replaced by `sections`.
std::string expiry_policy_text(const std::string& sections) {
  return policy_text_with(k_old_exceptions, sections);
}

const std::string k_dated = R"(protected:
  externalIds:
    - breakglass
    - {externalId: contractor, until: 2026-01-10}
    - externalId: auditor
      until: 2025-12-31
  patterns: [{pattern: "svc-*", until: 2026-06-30}]
  roleIds: [9]
ignored:
  roleIds: [{roleId: 12, until: 2026-01-02}]
)";

PlanContext expiry_context(const std::string& created_at) {
  PlanContext c = test_context();
  c.created_at = created_at;
  return c;
}

} // namespace

TEST_CASE("calendar_day: real dates only, as day numbers") {
  CHECK(calendar_day("1970-01-01") == 0);
  CHECK(calendar_day("2026-12-01") == 20788);
  CHECK(*calendar_day("2024-03-01") - *calendar_day("2024-02-28") == 2); // leap year
  CHECK(*calendar_day("2100-03-01") - *calendar_day("2100-02-28") == 1); // not a leap year
  CHECK(calendar_day("2024-02-29"));
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-05",
                          "26-01-05", "2026-01-05T00:00:00Z", "", "1969-12-31", "2026/01/05"}) {
    INFO(bad);
    CHECK_FALSE(calendar_day(bad));
  }
  CHECK(calendar_day_of("2026-12-01T16:49:56Z") == calendar_day("2026-12-01"));
  CHECK_FALSE(calendar_day_of("2026-12-01X"));
}

TEST_CASE("until: entries load as a value with a date, beside plain entries") {
  Policy p = test_policy(expiry_policy_text(k_dated));
  CHECK(p.protected_external_ids ==
        std::vector<std::string>{"breakglass", "contractor", "auditor"});
  CHECK(p.protected_patterns == std::vector<std::string>{"svc-*"});
  REQUIRE(p.ignored_role_ids.size() == 1);
  CHECK(p.ignored_role_ids[0].value == 12);
  REQUIRE(p.exceptions_until.size() == 4);
  const ExceptionUntil& c = p.exceptions_until[0];
  CHECK(c.list == ExceptionList::ProtectedExternalIds);
  CHECK(c.index == 1);
  CHECK(c.value == "contractor");
  CHECK(c.until == "2026-01-10");
  CHECK(c.line == 25);
  CHECK(p.exceptions_until[1].value == "auditor");
  CHECK(p.exceptions_until[1].index == 2);
  CHECK(p.exceptions_until[2].list == ExceptionList::ProtectedPatterns);
  CHECK(p.exceptions_until[3].list == ExceptionList::IgnoredRoleIds);
  CHECK(p.exceptions_until[3].value == "12");
}

TEST_CASE("bad until: entries get file:line:col diagnostics") {
  auto m = policy_load_messages(expiry_policy_text(R"(protected:
  externalIds:
    - {externalId: a, until: 2026-02-30}
    - {externalId: b, until: tomorrow}
    - {until: 2026-01-01}
    - {externalId: c, until: 2026-01-01, why: x}
  roleIds: [{roleId: 9, until: [2026-01-01]}]
)"));
  REQUIRE(m.size() == 5);
  CHECK(m[0] == "alignctl.yaml:24:30: error: protected.externalIds entry: until must be a date "
                "YYYY-MM-DD, not '2026-02-30'");
  CHECK(m[1] == "alignctl.yaml:25:30: error: protected.externalIds entry: until must be a date "
                "YYYY-MM-DD, not 'tomorrow'");
  CHECK(m[2].rfind("alignctl.yaml:26:7: error: protected.externalIds entry has no 'externalId'",
                   0) == 0);
  CHECK(m[3].rfind("alignctl.yaml:27:", 0) == 0);
  CHECK(m[3].find("unknown key 'why'") != std::string::npos);
  CHECK(m[4].rfind("alignctl.yaml:28:", 0) == 0);
  CHECK(m[4].find("protected.roleIds entry: until must be a date") != std::string::npos);
}

TEST_CASE("an expired exception no longer applies, an expiring one still does, with a notice") {
  Policy p = test_policy(expiry_policy_text(k_dated));
  // Not desired, all active: contractor expires 2026-01-10, auditor expired
  // 2025-12-31, role 12 is ignored through 2026-01-02.
  LiveUser robot = live(5, "robot");
  robot.role_id = 12;
  std::vector<LiveUser> l = {live(1, "keep"), live(2, "contractor"), live(3, "auditor"),
                             live(4, "breakglass"), robot};
  auto out =
      reconcile(desired_state({desired("keep")}), l, p, expiry_context("2026-01-02T10:00:00Z"));
  REQUIRE(out.ok());
  REQUIRE(out.plan.actions.size() == 1);
  CHECK(out.plan.actions[0].op == ActionOp::Deactivate);
  CHECK(out.plan.actions[0].key == "auditor");

  std::vector<std::string> codes;
  for (const Notice& n : out.plan.notices) {
    if (n.kind == NoticeKind::Exception) {
      codes.push_back(std::string(reason_code_name(n.reason_code)) + ":" + n.key);
      CHECK_FALSE(n.user_id);
    }
  }
  // Sorted by key; svc-* (2026-06-30) is not within 14 days.
  CHECK(codes == std::vector<std::string>{"exception.expiring:12", "exception.expired:auditor",
                                          "exception.expiring:contractor"});
  const Notice* auditor = nullptr;
  for (const Notice& n : out.plan.notices) {
    auditor = n.kind == NoticeKind::Exception && n.key == "auditor" ? &n : auditor;
  }
  REQUIRE(auditor);
  CHECK(auditor->reason == "protected.externalIds entry 'auditor' (alignctl.yaml:26) expired after "
                           "2025-12-31 and no longer applies; renew its 'until' in the reviewed "
                           "policy, or remove the entry");

  // The day after role 12's last day: robot is deactivated too (with one
  // more managed user, so that max_deactivations: 50% allows two).
  l.push_back(live(6, "keep2"));
  auto next = reconcile(desired_state({desired("keep"), desired("keep2")}), l, p,
                        expiry_context("2026-01-03T00:00:00Z"));
  INFO((next.errors.empty() ? "" : next.errors.front()));
  REQUIRE(next.ok());
  std::string keys;
  for (const Action& a : next.plan.actions) {
    keys += a.key + " ";
  }
  CHECK(keys == "auditor robot ");
}

TEST_CASE("expiring: the last 14 days, the last day included") {
  Policy p = test_policy(expiry_policy_text(R"(protected:
  externalIds: [{externalId: contractor, until: 2026-01-20}]
)"));
  CHECK(exception_statuses(p, "2026-01-06T23:59:59Z").empty()); // 14 days left
  auto first = exception_statuses(p, "2026-01-07T00:00:00Z");
  REQUIRE(first.size() == 1);
  CHECK_FALSE(first[0].expired);
  CHECK(first[0].days_left == 13);
  CHECK(exception_status_text(first[0], "alignctl.yaml") ==
        "protected.externalIds entry 'contractor' (alignctl.yaml:23) applies until 2026-01-20 (13 "
        "days left); after that it no longer applies unless its 'until' is renewed in the "
        "reviewed policy");
  auto last = exception_statuses(p, "2026-01-20T23:00:00Z");
  REQUIRE(last.size() == 1);
  CHECK_FALSE(last[0].expired);
  CHECK(exception_status_text(last[0], "alignctl.yaml").find("today is its last day") !=
        std::string::npos);
  CHECK(policy_in_force(p, "2026-01-20").protected_external_ids.size() == 1);
  auto after = exception_statuses(p, "2026-01-21");
  REQUIRE(after.size() == 1);
  CHECK(after[0].expired);
  CHECK(policy_in_force(p, "2026-01-21").protected_external_ids.empty());
}

TEST_CASE("a plan with an exception notice round-trips through the plan file") {
  Policy p = test_policy(expiry_policy_text(R"(protected:
  externalIds: [{externalId: contractor, until: 2026-01-05}]
)"));
  auto out = reconcile(desired_state({desired("keep")}), {live(1, "keep"), live(2, "contractor")},
                       p, test_context());
  REQUIRE(out.ok());
  REQUIRE(out.plan.notices.size() == 2);
  CHECK(out.plan.notices[0].kind == NoticeKind::Exception);
  CHECK(out.plan.notices[0].reason_code == ReasonCode::ExceptionExpiring);
  CHECK(out.plan.notices[1].kind == NoticeKind::Protected);
}
