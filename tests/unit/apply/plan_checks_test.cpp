#include "applier/iso_time.hpp"
#include "applier/plan_checks.hpp"
#include "apply_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;
using namespace alignctl::test;

TEST_CASE("plan checks: target URL must be the configured instance", "[apply][checks]") {
  Plan plan = make_plan({});
  plan.target_url = "https://acme.jiraalign.com/rest/align/api/2";
  CHECK(check_plan_target(plan, "https://acme.jiraalign.com/rest/align/api/2").ok());
  CHECK(check_plan_target(plan, "https://ACME.jiraalign.com/rest/align/api/2/").ok());
  auto other = check_plan_target(plan, "https://other.jiraalign.com/rest/align/api/2");
  REQUIRE_FALSE(other.ok());
  CHECK(other.error().kind == ErrorKind::Config);
  CHECK(other.error().message ==
        "plan was made for https://acme.jiraalign.com/rest/align/api/2, but the configured "
        "instance is https://other.jiraalign.com/rest/align/api/2; apply a plan made against "
        "this instance");
}

TEST_CASE("plan checks: maximum age", "[apply][checks]") {
  Plan plan = make_plan({});
  auto now = *parse_iso8601_utc("2026-11-30T05:00:00Z");
  plan.created_at = "2026-11-29T06:00:00Z";
  CHECK(check_plan_age(plan, now, std::chrono::hours(24)).ok());
  plan.created_at = "2026-11-28T17:00:00.250Z";
  auto old = check_plan_age(plan, now, std::chrono::hours(24));
  REQUIRE_FALSE(old.ok());
  CHECK(old.error().kind == ErrorKind::Config);
  CHECK(old.error().message ==
        "plan is 1d 11h old (created 2026-11-28T17:00:00.250Z), older than the maximum age 1d; "
        "re-plan, or raise --max-plan-age");
  CHECK(check_plan_age(plan, now, std::chrono::seconds(0)).ok());
  plan.created_at = "yesterday";
  auto bad = check_plan_age(plan, now, std::chrono::hours(24));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message ==
        "plan created_at: not an ISO 8601 UTC time (like 2026-11-30T04:46:22Z): 'yesterday'");
}

TEST_CASE("plan checks: only POST /Users and PATCH /Users/{id} are sent", "[apply][checks]") {
  LiveUser u = live_user("ann", 7);
  CHECK(check_plan_requests(make_plan({create_action("bob"), deactivate_action(u)})).ok());
  Action wrong_id = deactivate_action(u);
  wrong_id.request.path = "/Users/8";
  auto r = check_plan_requests(make_plan({create_action("bob"), wrong_id}));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "action 2 (deactivate ann): apply sends a change only as PATCH "
                             "/Users/7 with a JSON Patch array, the plan has PATCH /Users/8");
  Action del = deactivate_action(u);
  del.request.method = "DELETE";
  CHECK_FALSE(check_plan_requests(make_plan({del})).ok());
  Action put = create_action("bob");
  put.request.path = "/Teams";
  auto p = check_plan_requests(make_plan({put}));
  REQUIRE_FALSE(p.ok());
  CHECK(p.error().message == "action 1 (create bob): apply sends a create only as POST /Users "
                             "with a JSON object body, the plan has POST /Teams");
}

TEST_CASE("iso time and durations", "[apply][checks]") {
  auto t = parse_iso8601_utc("2026-11-30T04:46:22Z");
  REQUIRE(t.ok());
  CHECK(format_iso8601_utc(*t) == "2026-11-30T04:46:22.000Z");
  CHECK(format_iso8601_utc(*parse_iso8601_utc("2026-11-30T04:46:22.5+00:00")) ==
        "2026-11-30T04:46:22.500Z");
  CHECK_FALSE(parse_iso8601_utc("2026-11-30T04:46:22+02:00").ok());
  CHECK_FALSE(parse_iso8601_utc("2026-13-30T04:46:22Z").ok());
  CHECK(parse_duration("24h")->count() == 86400);
  CHECK(parse_duration("90m")->count() == 5400);
  CHECK(parse_duration("7d")->count() == 7 * 86400);
  CHECK(parse_duration("45")->count() == 45);
  CHECK(parse_duration("0")->count() == 0);
  auto bad = parse_duration("1w");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "not a duration (like 90s, 15m, 24h or 7d): '1w'");
  CHECK_FALSE(parse_duration("-5m").ok());
  CHECK(format_duration(std::chrono::seconds(3600 * 26)) == "1d 2h");
  CHECK(format_duration(std::chrono::seconds(90)) == "1m");
}
