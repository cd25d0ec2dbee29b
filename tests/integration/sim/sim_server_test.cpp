// jira-align-sim over real sockets: what only a real connection shows —
// commit-then-drop, the requests-per-second limit, auth, keep-alive, 100-continue,
// the side door being off by default, and persistence across a restart; and
// the fixture itself (an empty tenant, reference data, the side door's counts).
#include "tests/support/process.hpp"
#include "tests/support/sim_fixture.hpp"
#include "tests/support/temp_dir.hpp"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <chrono>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace alignctl::test;

namespace {

httplib::Headers bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

nlohmann::json new_user(const std::string& key) {
  return {{"externalId", key},  {"firstName", "New"},
          {"lastName", "User"}, {"email", key + "@example.com"},
          {"roleId", 3},        {"regionId", 1},
          {"cityId", 11},       {"costCenterId", 100},
          {"divisionId", 200}};
}

// Sends one raw HTTP request on a fresh connection and returns everything the
// server sent before closing (empty when it closed without answering).
std::string raw_exchange(int port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size()));
  std::string got;
  char buf[4096];
  while (true) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      break;
    }
    got.append(buf, static_cast<std::size_t>(n));
    if (got.find("\r\n\r\n") != std::string::npos &&
        request.find("Connection: close") == std::string::npos) {
      break; // an answer arrived; enough for these tests
    }
  }
  ::close(fd);
  return got;
}

std::string post_request(const std::string& token, const std::string& body) {
  return "POST /rest/align/api/2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
         token +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

} // namespace

TEST_CASE("sim server: drop-after-commit applies the POST, then closes without a byte") {
  SimServer sim({"", "sim-token", {"--drop-after-commit-rate", "1", "--fault-seed", "3"}});
  std::string got = raw_exchange(sim.port(), post_request("sim-token", new_user("dropped").dump()));
  CHECK(got.empty());
  auto state = sim.state();
  REQUIRE(state.size() == 1);
  CHECK(state[0]["externalId"] == "dropped");
  CHECK(sim.counts()["by_status"]["dropped"] == 1);
  // A client that retries blindly creates a second account? No: the email is
  // now taken, so the retry gets 400 — the duplicate-detection case.
  sim.set_faults({{"drop_after_commit_rate", 0}});
  httplib::Client c("127.0.0.1", sim.port());
  auto again = c.Post("/rest/align/api/2/Users", bearer(sim.token()), new_user("dropped").dump(),
                      "application/json");
  REQUIRE(again);
  CHECK(again->status == 400);
}

TEST_CASE("sim server: drop-after-commit on PATCH commits the change") {
  SimServer sim({"", "sim-token", {}});
  httplib::Client c("127.0.0.1", sim.port());
  auto created = c.Post("/rest/align/api/2/Users", bearer(sim.token()), new_user("p").dump(),
                        "application/json");
  REQUIRE(created);
  REQUIRE(created->status == 201);
  auto id = nlohmann::json::parse(created->body)["id"].get<int>();
  sim.set_faults({{"drop_after_commit_rate", 1}});
  std::string body = R"([{"op":"replace","path":"/isLocked","value":-1}])";
  std::string got = raw_exchange(
      sim.port(),
      "PATCH /rest/align/api/2/Users/" + std::to_string(id) +
          " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sim-token\r\nContent-Length: " +
          std::to_string(body.size()) + "\r\n\r\n" + body);
  CHECK(got.empty());
  CHECK(sim.state()[0]["isLocked"] == -1);
  CHECK(sim.counts()["committed_patches"] == 1);
}

TEST_CASE("sim server: the rps limit answers 429 with Retry-After beyond the limit") {
  SimServer sim({"", "sim-token", {"--rps-limit", "5"}});
  httplib::Client c("127.0.0.1", sim.port());
  std::vector<int> statuses;
  std::string retry_after;
  auto t0 = std::chrono::steady_clock::now();
  while (statuses.size() < 60) {
    auto r = c.Get("/rest/align/api/2/Regions", bearer(sim.token()));
    REQUIRE(r);
    statuses.push_back(r->status);
    if (r->status == 429) {
      retry_after = r->get_header_value("Retry-After");
      break;
    }
  }
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // The window opens with the first request: the first five pass, and the
  // 429 comes once a window holds five (whatever the machine's speed).
  REQUIRE(statuses.size() >= 6);
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(statuses[i] == 200);
  }
  CHECK(statuses.back() == 429);
  CHECK(static_cast<double>(statuses.size() - 1) <= 5 * (elapsed + 1));
  CHECK(retry_after == "1");
  CHECK(sim.counts()["faults"]["rps_limit"] == 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto later = c.Get("/rest/align/api/2/Regions", bearer(sim.token()));
  REQUIRE(later);
  CHECK(later->status == 200);
}

TEST_CASE("sim server: 401 without or with a wrong token, 403 for the read-only token") {
  SimServer sim({"", "tok|with/odd;chars{", {"--readonly-token", "reader"}});
  httplib::Client c("127.0.0.1", sim.port());
  auto none = c.Get("/rest/align/api/2/Users");
  REQUIRE(none);
  CHECK(none->status == 401);
  auto wrong = c.Get("/rest/align/api/2/Users", bearer("nope"));
  REQUIRE(wrong);
  CHECK(wrong->status == 401);
  auto good = c.Get("/rest/align/api/2/Users", bearer(sim.token()));
  REQUIRE(good);
  CHECK(good->status == 200);
  auto read = c.Get("/rest/align/api/2/Users", bearer("reader"));
  REQUIRE(read);
  CHECK(read->status == 200);
  auto write =
      c.Post("/rest/align/api/2/Users", bearer("reader"), new_user("x").dump(), "application/json");
  REQUIRE(write);
  CHECK(write->status == 403);
  CHECK(sim.state().empty());
  CHECK(sim.log().find("tok|with") == std::string::npos); // the token is never logged
}

TEST_CASE("sim server: the side door is off unless --side-door is given") {
  TempDir dir;
  auto port_file = dir / "port";
  ChildProcess child({sim_bin(), "--port", "0", "--port-file", port_file.string()},
                     (dir / "log").string());
  int port = 0;
  for (int i = 0; i < 500 && port == 0; ++i) {
    if (std::filesystem::exists(port_file)) {
      port = std::stoi(read_file(port_file));
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  REQUIRE(port != 0);
  httplib::Client c("127.0.0.1", port);
  for (const char* path : {"/_sim/health", "/_sim/state", "/_sim/counts"}) {
    auto r = c.Get(path);
    REQUIRE(r);
    CHECK(r->status == 404);
  }
  auto reset = c.Post("/_sim/users", "[]", "application/json");
  REQUIRE(reset);
  CHECK(reset->status == 404);
  auto api = c.Get("/rest/align/api/2/Regions", bearer("sim-token")); // the default token
  REQUIRE(api);
  CHECK(api->status == 200);
  CHECK(read_file(dir / "log").find("accepting the default token") != std::string::npos);
}

TEST_CASE("sim server: keep-alive serves many requests on one connection — 100-continue works") {
  SimServer sim;
  httplib::Client c("127.0.0.1", sim.port());
  c.set_keep_alive(true);
  for (int i = 0; i < 50; ++i) {
    auto r = c.Get("/rest/align/api/2/Cities", bearer(sim.token()));
    REQUIRE(r);
    CHECK(r->status == 200);
  }
  nlohmann::json big = new_user("big");
  big["title"] = std::string(5000, 't');
  std::string body = big.dump();
  std::string got = raw_exchange(
      sim.port(), "POST /rest/align/api/2/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  "sim-token\r\nExpect: 100-continue\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\n\r\n");
  CHECK(got.rfind("HTTP/1.1 100 Continue\r\n\r\n", 0) == 0);
  auto r = c.Post("/rest/align/api/2/Users", bearer(sim.token()), body, "application/json");
  REQUIRE(r);
  CHECK(r->status == 201);
}

TEST_CASE("sim server: --state persists writes across a restart (flushed on SIGTERM)") {
  TempDir dir;
  std::string state_file = (dir / "state.json").string();
  {
    SimServer sim({"", "sim-token", {"--state", state_file}});
    httplib::Client c("127.0.0.1", sim.port());
    auto r = c.Post("/rest/align/api/2/Users", bearer(sim.token()), new_user("kept").dump(),
                    "application/json");
    REQUIRE(r);
    REQUIRE(r->status == 201);
    auto p = c.Patch("/rest/align/api/2/Users/1", bearer(sim.token()),
                     R"([{"op":"replace","path":"/isLocked","value":-1}])", "application/json");
    REQUIRE(p);
    REQUIRE(p->status == 204);
    CHECK(sim.stop() == 0);
  }
  auto saved = nlohmann::json::parse(read_file(state_file));
  REQUIRE(saved["users"].size() == 1);
  CHECK(saved["users"][0]["isLocked"] == -1);
  // The state file wins over the (empty) seed on the next start.
  SimServer again({"", "sim-token", {"--state", state_file}});
  auto state = again.state();
  REQUIRE(state.size() == 1);
  CHECK(state[0]["externalId"] == "kept");
  CHECK(state[0]["status"] == "Inactive");
}

TEST_CASE("sim server: added latency is applied to /rest only") {
  SimServer sim({"", "sim-token", {"--latency-ms", "1000"}});
  httplib::Client c("127.0.0.1", sim.port());
  auto t0 = std::chrono::steady_clock::now();
  auto r = c.Get("/rest/align/api/2/Regions", bearer(sim.token()));
  auto rest_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  REQUIRE(r);
  CHECK(rest_ms >= 1000);
  t0 = std::chrono::steady_clock::now();
  sim.counts();
  auto side_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  CHECK(side_ms < 1000);
}

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
