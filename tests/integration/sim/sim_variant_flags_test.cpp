// jira-align-sim's variant flags over real sockets: --auth basic with
// --basic-user, and the flag checks that keep a misconfigured run from starting.
#include "tests/support/process.hpp"
#include "tests/support/sim_fixture.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>

using namespace alignctl::test;

TEST_CASE("sim: --auth basic without --basic-user or with an unknown mode does not start") {
  auto no_user = run_command({sim_bin(), "--port", "0", "--auth", "basic"});
  CHECK(no_user.exit_code == 2);
  CHECK(no_user.err.find("--auth basic needs --basic-user EMAIL") != std::string::npos);
  auto bad_mode = run_command({sim_bin(), "--port", "0", "--orderby", "sometimes"});
  CHECK(bad_mode.exit_code != 0);
  CHECK(bad_mode.err.find("--orderby") != std::string::npos);
}

TEST_CASE("sim: --auth both takes Basic and Bearer over HTTP, and says so in its log") {
  SimOptions o;
  o.extra_args = {"--auth", "both", "--basic-user", "admin@example.com", "--orderby", "reject"};
  SimServer sim(o);
  httplib::Client c("127.0.0.1", sim.port());
  c.set_basic_auth("admin@example.com", sim.token());
  auto basic = c.Get("/rest/align/api/2/Users?$top=1");
  REQUIRE(basic);
  CHECK(basic->status == 200);
  auto refused = c.Get("/rest/align/api/2/Users?$orderby=id");
  REQUIRE(refused);
  CHECK(refused->status == 400);
  httplib::Client b("127.0.0.1", sim.port());
  b.set_bearer_token_auth(sim.token());
  auto bearer = b.Get("/rest/align/api/2/Users?$top=1");
  REQUIRE(bearer);
  CHECK(bearer->status == 200);
  CHECK(sim.log().find("$orderby: reject, auth: both") != std::string::npos);
}
