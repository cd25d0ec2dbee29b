// The simulator over real HTTP: the fixture, auth, the side door.
#include "tests/support/sim_fixture.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>

using alignctl::test::SimOptions;
using alignctl::test::SimServer;

namespace {

httplib::Headers bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

} // namespace

TEST_CASE("sim: fixture starts an empty tenant and the side door reports it") {
  SimServer sim;
  CHECK(sim.state() == nlohmann::json::array());
  httplib::Client c("127.0.0.1", sim.port());
  auto res = c.Get("/rest/align/api/2/Regions", bearer(sim.token()));
  REQUIRE(res);
  CHECK(res->status == 200);
  auto regions = nlohmann::json::parse(res->body);
  REQUIRE(regions.size() == 3);
  CHECK(regions[1]["name"] == "EMEA");
  CHECK(sim.counts()["by_kind"]["reference"] == 1);
}
