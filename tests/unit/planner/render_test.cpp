// Renderers: text grouped by action with reasons, Markdown with the summary
// first and a size limit, JSON equal to the plan document.
#include "fixtures.hpp"
#include "planner/plan_file.hpp"
#include "planner/render/render.hpp"

using namespace alignctl;
using namespace alignctl::test;

namespace {

Plan big_plan(int creates) {
  std::vector<DesiredUser> want;
  for (int i = 0; i < creates; ++i) {
    want.push_back(desired("user" + std::to_string(1000 + i)));
  }
  auto out = plan_for(want, {});
  REQUIRE(out.ok());
  return out.plan;
}

} // namespace

TEST_CASE("text: grouped by action in apply order, one line per action with its reason") {
  LiveUser gone = live(5, "gone");
  auto out = plan_for({desired("new"), desired("k")}, {gone, live(6, "k")},
                      test_policy(std::string(k_policy_text) + ""));
  REQUIRE(out.ok());
  std::string text = render_text(out.plan);
  CHECK(
      text.find(
          "Deactivate (1):\n  - gone (id 5, First gone Last gone <gone@corp.example.com>): active, "
          "but not in the desired state\n") != std::string::npos);
  CHECK(text.find("Create (1):\n  + new (First new Last new <new@corp.example.com>): in the "
                  "desired state") != std::string::npos);
  CHECK(text.find("Deactivate") < text.find("Create"));
  CHECK(text.find("\nPlan: 1 to deactivate, 1 to create.\n") != std::string::npos);
  CHECK(render(out.plan, RenderFormat::Text) == text);
}

TEST_CASE("text and Markdown say when there are no changes") {
  auto out = plan_for({desired("k")}, {live(6, "k")});
  CHECK(render_text(out.plan).find("No changes. Jira Align matches the desired state.") !=
        std::string::npos);
  CHECK(render_markdown(out.plan).rfind("### alignctl plan: no changes\n", 0) == 0);
  CHECK(summary_line(out.plan) == "no changes");
}

TEST_CASE("Markdown: summary table first, details collapsed") {
  Plan plan = big_plan(3);
  std::string md = render_markdown(plan);
  CHECK(md.rfind("### alignctl plan: 3 to create\n\n| action | users |\n|---|---:|\n", 0) == 0);
  CHECK(md.find("| create | 3 |") < md.find("<details>"));
  CHECK(md.find("<details><summary>Create (3)</summary>") != std::string::npos);
  CHECK(md.find("| `user1000` | First user1000 Last user1000 · user1000@corp.example.com | new | "
                "in the desired state") != std::string::npos);
  CHECK(md.find("</details>") != std::string::npos);
  CHECK(md.find("more rows are not shown") == std::string::npos);
}

TEST_CASE("Markdown: a big plan stays under the limit and points at the full plan") {
  Plan plan = big_plan(2000);
  RenderOptions o;
  o.plan_artifact = "plan.json";
  std::string md = render_markdown(plan, o);
  CHECK(md.size() < 60000);
  CHECK(md.find("| **total** | **2000** |") != std::string::npos);
  CHECK(md.find("more rows are not shown** (this comment stays under 60000 characters). The full "
                "plan is in the plan artifact `plan.json`") != std::string::npos);
  // Every opened <details> is closed.
  std::size_t opened = 0;
  std::size_t closed = 0;
  for (auto p = md.find("<details>"); p != std::string::npos; p = md.find("<details>", p + 1)) {
    ++opened;
  }
  for (auto p = md.find("</details>"); p != std::string::npos; p = md.find("</details>", p + 1)) {
    ++closed;
  }
  CHECK(opened == closed);
  o.markdown_limit = 5000;
  CHECK(render_markdown(plan, o).size() < 5000);
}

TEST_CASE("Markdown: table cells cannot break the table") {
  DesiredUser u = desired("x|y");
  u.region = "a|b <script>";
  auto out = plan_for({u}, {});
  REQUIRE(out.ok());
  std::string md = render_markdown(out.plan);
  CHECK(md.find("`x\\|y`") != std::string::npos);
  CHECK(md.find("<script>") == std::string::npos);
}

TEST_CASE("JSON view is the plan document") {
  Plan plan = big_plan(2);
  CHECK(render_json(plan) == write_plan_file(plan, std::nullopt));
  CHECK(render_format_from_name("markdown") == RenderFormat::Markdown);
  CHECK_FALSE(render_format_from_name("html"));
}
