// `alignctl users` end to end: the binary against the simulator.
#include "client_fixture.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;
using namespace alignctl::test;
using nlohmann::json;

TEST_CASE("alignctl users --json prints exactly the simulator's users", "[client][cmd]") {
  SeededSim s(make_users(250));
  RunOptions o;
  o.env["ALIGNCTL_TOKEN"] = s.sim.token();
  auto r =
      run_command({alignctl_bin(), "users", "--url", s.sim.base_url(), "--concurrency", "3"}, o);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json out = json::parse(r.out); // not a terminal: JSON by default
  REQUIRE(out.is_array());
  std::vector<std::int64_t> ids;
  for (const auto& u : out) {
    ids.push_back(u.at("id").get<std::int64_t>());
  }
  CHECK(ids == stored_ids(s.sim));
  CHECK(out[0].at("email") == "u1@example.com");
  CHECK(r.err.empty()); // no progress noise when stderr is not a terminal

  auto active =
      run_command({alignctl_bin(), "users", "--url", s.sim.base_url(), "--active", "--json"}, o);
  REQUIRE(active.exit_code == 0);
  json a = json::parse(active.out);
  CHECK(a.size() == 225); // every tenth user is deactivated
  for (const auto& u : a) {
    CHECK(u.at("isLocked") == 0);
  }
}

TEST_CASE("alignctl users: a rejected token is reported without the token", "[client][cmd]") {
  SeededSim s(make_users(1));
  TempDir d;
  write_file(d / "token", "user:1|definitely-wrong\n");
  auto r = run_command(
      {alignctl_bin(), "users", "--url", s.sim.base_url(), "--token-file", (d / "token").string()});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK_THAT(r.err,
             Catch::StartsWith("alignctl: error: GET /Users?$skip=0&$top=100&$orderby=id: "
                               "the token was rejected (HTTP 401) — check that token file "));
  CHECK(r.err.find("definitely-wrong") == std::string::npos);
}

TEST_CASE("alignctl users: missing token and plain http to a remote host are refused",
          "[client][cmd]") {
  RunOptions o;
  o.unset_env = {"ALIGNCTL_TOKEN"};
  auto r = run_command(
      {alignctl_bin(), "users", "--url", "https://acme.jiraalign.com/rest/align/api/2"}, o);
  CHECK(r.exit_code == 1);
  CHECK(r.err == "alignctl: error: Jira Align token: environment variable ALIGNCTL_TOKEN is not "
                 "set (or give a file)\n");
  o.env["ALIGNCTL_TOKEN"] = "x";
  auto plain = run_command({alignctl_bin(), "users", "--url", "http://acme.jiraalign.com/rest"}, o);
  CHECK(plain.exit_code == 64);
  CHECK_THAT(plain.err,
             Catch::StartsWith("alignctl: error: refusing plain http:// to acme.jiraalign.com"));
}
