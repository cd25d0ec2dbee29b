// provenance.listing_mode in the plan file: optional, so plans written
// before it existed still load, and a plan without it writes no key.
#include "planner/plan_file.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace alignctl;

namespace {

Plan listing_plan(const std::string& mode) {
  Plan p;
  p.tool_version = "0.1.0";
  p.target_url = "https://acme.jiraalign.com/rest/align/api/2";
  p.created_at = "2026-01-02T03:04:05Z";
  p.match_key = MatchKey::ExternalId;
  p.provenance.desired_source = "users.yaml";
  p.provenance.listing_mode = mode;
  return p;
}

} // namespace

TEST_CASE("plan file: the listing mode is recorded and read back, absent when unknown") {
  std::string with = write_plan_file(listing_plan("ignored"), std::nullopt);
  CHECK(nlohmann::json::parse(with)["provenance"]["listing_mode"] == "ignored");
  auto loaded = read_plan_file(with, "plan.json", std::nullopt);
  REQUIRE(loaded.ok());
  CHECK(loaded->plan.provenance.listing_mode == "ignored");
  CHECK(write_plan_file(loaded->plan, std::nullopt) == with);

  std::string without = write_plan_file(listing_plan(""), std::nullopt);
  CHECK_FALSE(nlohmann::json::parse(without)["provenance"].contains("listing_mode"));
  auto old = read_plan_file(without, "plan.json", std::nullopt);
  REQUIRE(old.ok());
  CHECK(old->plan.provenance.listing_mode.empty());
}
