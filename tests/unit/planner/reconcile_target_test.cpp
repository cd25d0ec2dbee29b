// plan --target: a partial plan of only the given users, with every safety
// check of a full plan (no server).
#include "fixtures.hpp"
#include "planner/plan_file.hpp"
#include "planner/render/render.hpp"

#include <string>

using namespace alignctl;
using namespace alignctl::test;

namespace {

PlanOutcome target_plan_for(const std::vector<DesiredUser>& d, const std::vector<LiveUser>& l,
                            std::vector<std::string> targets, const Policy& p = test_policy()) {
  PlanContext c = test_context();
  c.targets = std::move(targets);
  return reconcile(desired_state(d), l, p, c);
}

} // namespace

TEST_CASE("plan targets: plans only the targeted users and marks the plan partial") {
  // A full plan would create newbie and other, and deactivate leaver.
  std::vector<DesiredUser> d = {desired("keep"), desired("newbie"), desired("other")};
  std::vector<LiveUser> l = {live(1, "keep"), live(2, "leaver")};
  REQUIRE(ops(plan_for(d, l).plan) == "deactivate:leaver create:newbie create:other");

  auto out = target_plan_for(d, l, {"NEWBIE"}); // compared case-insensitively
  REQUIRE(out.ok());
  CHECK(ops(out.plan) == "create:newbie");
  CHECK(out.plan.partial());
  CHECK(out.plan.targets == std::vector<std::string>{"NEWBIE"});

  auto leaver = target_plan_for(d, l, {"leaver", "newbie", "Leaver"}); // repeated once
  REQUIRE(leaver.ok());
  CHECK(ops(leaver.plan) == "deactivate:leaver create:newbie");
  CHECK(leaver.plan.targets == std::vector<std::string>{"leaver", "newbie"});

  CHECK_FALSE(plan_for(d, l).plan.partial());
}

TEST_CASE("plan targets: keeps notices of the targeted users only") {
  LiveUser svc = live(3, "svc-build"); // protected by pattern
  LiveUser robot = live(4, "robot");
  robot.role_id = 12; // ignored
  std::vector<LiveUser> l = {live(1, "keep"), svc, robot};
  auto out = target_plan_for({desired("keep")}, l, {"svc-build"});
  REQUIRE(out.ok());
  CHECK(out.plan.actions.empty());
  REQUIRE(out.plan.notices.size() == 1);
  CHECK(out.plan.notices[0].kind == NoticeKind::Protected);
  CHECK(out.plan.notices[0].key == "svc-build");
}

TEST_CASE("plan targets: refuses a value that is the key of no desired and no live user") {
  auto out = target_plan_for({desired("keep")}, {live(1, "keep")}, {"keep", "nobody", "ghost"});
  REQUIRE_FALSE(out.ok());
  REQUIRE(out.errors.size() == 2);
  CHECK(out.errors[0].find("--target 'nobody'") != std::string::npos);
  CHECK(out.errors[0].find("externalId") != std::string::npos);
  CHECK(out.errors[1].find("--target 'ghost'") != std::string::npos);
  CHECK(out.plan.actions.empty());
}

TEST_CASE("plan targets: keeps the safety limits, with percentages of every managed active user") {
  // 4 managed active users, 50% → 2 deactivations allowed.
  std::vector<LiveUser> l = {live(1, "a"), live(2, "b"), live(3, "c"), live(4, "d")};
  std::vector<DesiredUser> d = {desired("c"), desired("d")};
  auto ok = target_plan_for(d, l, {"a", "b"});
  REQUIRE(ok.ok());
  CHECK(ops(ok.plan) == "deactivate:a deactivate:b");

  // A count limit counts only this plan's actions: 1 allowed, 2 targeted.
  Policy one = policy_with("max_deactivations: 50%", "max_deactivations: 1");
  auto refused = target_plan_for(d, l, {"a", "b"}, one);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.errors.front().find("max_deactivations") != std::string::npos);
  CHECK(target_plan_for(d, l, {"a"}, one).ok());

  // 25% of 4 is 1: two targeted deactivations exceed it even though only two
  // users are in the plan (a partial plan is not judged against itself).
  Policy quarter = policy_with("max_deactivations: 50%", "max_deactivations: 25%");
  auto pct = target_plan_for(d, l, {"a", "b"}, quarter);
  REQUIRE_FALSE(pct.ok());
  CHECK(pct.errors.front().find("of 4 managed active") != std::string::npos);
  CHECK(target_plan_for(d, l, {"a"}, quarter).ok());
}

TEST_CASE("plan targets: keeps the checks that cover every user") {
  // A duplicate key elsewhere in the desired state still refuses the plan.
  auto dup =
      target_plan_for({desired("keep"), desired("x"), desired("X")}, {live(1, "keep")}, {"keep"});
  CHECK_FALSE(dup.ok());
  // An empty email on the targeted create is refused.
  DesiredUser no_email = desired("newbie");
  no_email.email.clear();
  auto empty = target_plan_for({desired("keep"), no_email}, {live(1, "keep")}, {"newbie"});
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.errors.front().find("email") != std::string::npos);
  // A protected targeted user is still never changed.
  auto prot =
      target_plan_for({desired("keep")}, {live(1, "keep"), live(2, "breakglass")}, {"breakglass"});
  REQUIRE(prot.ok());
  CHECK(prot.plan.actions.empty());
}

TEST_CASE("a partial plan says so in text, Markdown and JSON, and its file keeps the targets") {
  auto out = target_plan_for({desired("keep"), desired("newbie")}, {live(1, "keep")}, {"newbie"});
  REQUIRE(out.ok());
  const std::string note = "only the users given by --target (externalId newbie)";
  CHECK(render_text(out.plan).find("PARTIAL PLAN:  " + note) != std::string::npos);
  CHECK(render_markdown(out.plan).find("**Partial plan:** " + note) != std::string::npos);
  CHECK(render_json(out.plan).find("\"targets\": [\n    \"newbie\"\n  ]") != std::string::npos);

  auto loaded = read_plan_file(write_plan_file(out.plan, std::nullopt), "p.json", std::nullopt);
  REQUIRE(loaded);
  CHECK(loaded->plan.targets == std::vector<std::string>{"newbie"});

  auto full = plan_for({desired("keep"), desired("newbie")}, {live(1, "keep")});
  CHECK(render_json(full.plan).find("\"targets\"") == std::string::npos);
  CHECK(render_text(full.plan).find("PARTIAL") == std::string::npos);
  CHECK(render_markdown(full.plan).find("Partial") == std::string::npos);
}

TEST_CASE("plan targets: a plan file with a malformed targets field is refused") {
  auto out = target_plan_for({desired("keep"), desired("newbie")}, {live(1, "keep")}, {"newbie"});
  REQUIRE(out.ok());
  auto doc = nlohmann::json::parse(write_plan_file(out.plan, std::nullopt));
  for (const nlohmann::json& bad : {nlohmann::json::array(), nlohmann::json({1}),
                                    nlohmann::json({""}), nlohmann::json("newbie")}) {
    INFO(bad.dump());
    doc["targets"] = bad;
    auto refused = read_plan_file(with_checksum(doc), "plan.json", std::nullopt);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("field 'targets'") != std::string::npos);
  }
  doc.erase("targets"); // a full plan, as every plan before --target
  auto full = read_plan_file(with_checksum(doc), "plan.json", std::nullopt);
  REQUIRE(full);
  CHECK_FALSE(full->plan.partial());
}

TEST_CASE("plan targets: a target refused by matching is not also called unknown") {
  // The desired user's email belongs to a live user with another externalId.
  DesiredUser d = desired("newbie");
  d.email = "keep@corp.example.com";
  auto out = target_plan_for({desired("keep"), d}, {live(1, "keep")}, {"newbie"});
  REQUIRE_FALSE(out.ok());
  for (const std::string& e : out.errors) {
    CHECK(e.find("--target") == std::string::npos);
  }
}
