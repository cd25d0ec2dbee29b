// In-process micro-benchmark (hidden; not run by ctest): reconcile + plan-file
// write for 100,000 desired vs 100,000 live users with 5 % changes.
//   alignctl_unit_planner_tests "[bench]"
#include "fixtures.hpp"
#include "planner/plan_file.hpp"

#include <chrono>
#include <iostream>

using namespace alignctl;
using namespace alignctl::test;

TEST_CASE("benchmark: reconcile and write 100k users", "[.][bench]") {
  const int n = 100000;
  std::vector<DesiredUser> want;
  std::vector<LiveUser> have;
  want.reserve(n);
  have.reserve(n);
  for (int i = 0; i < n; ++i) {
    std::string id = "user" + std::to_string(i);
    LiveUser l = live(i + 1, id);
    switch (i % 100) {
    case 0: // 1 %: not desired any more
      have.push_back(l);
      continue;
    case 1: // 1 %: new
      want.push_back(desired(id));
      continue;
    case 2: // 1 %: deactivated
      l.is_locked = -1;
      break;
    case 3: // 1 %: title changed
      l.title = "Old";
      break;
    case 4: // 1 %: missing division, deactivated
      l.division_id.reset();
      l.is_locked = -1;
      break;
    default:
      break;
    }
    have.push_back(l);
    want.push_back(desired(id));
  }
  Policy p = test_policy();
  auto t0 = std::chrono::steady_clock::now();
  PlanOutcome out = plan_for(want, have, p);
  auto t1 = std::chrono::steady_clock::now();
  REQUIRE(out.ok());
  std::string file = write_plan_file(out.plan, std::nullopt);
  auto t2 = std::chrono::steady_clock::now();
  auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
  std::cout << "reconcile: " << ms(t1 - t0) << " ms, write: " << ms(t2 - t1) << " ms, "
            << out.plan.actions.size() << " actions, " << file.size() << " bytes\n";
  CHECK(out.plan.actions.size() == 6000);
  CHECK(ms(t2 - t0) < 1000);
}
