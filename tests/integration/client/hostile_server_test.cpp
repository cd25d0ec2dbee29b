// A hostile server, end to end through the real client (libcurl): a tiny
// loopback server answers 200 with bodies that are not what the contract
// says — HTML, truncated JSON, an object where a page belongs, ids of the
// wrong type, JSON nested without end. Each call is a Protocol error naming
// the request, never a crash or a partial list. (The parsing functions are
// unit-tested and fuzzed; the oversized answer is in endpoints_test.cpp.)
#include "state/jira/http_client.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <httplib.h>
#include <thread>

using namespace alignctl;

namespace {

// Serves `body` with status 200 for every GET and POST; counts requests.
class HostileServer {
public:
  explicit HostileServer(std::string body) : m_body(std::move(body)) {
    auto handler = [this](const httplib::Request&, httplib::Response& res) {
      ++m_requests;
      res.set_content(m_body, "application/json");
    };
    m_server.Get(".*", handler);
    m_server.Post(".*", handler);
    m_port = m_server.bind_to_any_port("127.0.0.1");
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    while (!m_server.is_running()) { // listening since bind; stop() needs the loop running
      std::this_thread::yield();
    }
  }
  ~HostileServer() {
    m_server.stop();
    m_thread.join();
  }
  HostileServer(const HostileServer&) = delete;
  HostileServer& operator=(const HostileServer&) = delete;

  ClientConfig config() const {
    ClientConfig c;
    c.base_url = "http://127.0.0.1:" + std::to_string(m_port) + "/rest/align/api/2";
    c.token = Secret("user:1|not-a-real-token");
    c.max_attempts = 2;
    c.backoff_base = std::chrono::milliseconds(1);
    return c;
  }
  int requests() const { return m_requests; }

private:
  std::string m_body;
  httplib::Server m_server;
  int m_port = 0;
  std::thread m_thread;
  std::atomic<int> m_requests{0};
};

} // namespace

TEST_CASE("hostile server: listing users fails with a Protocol error naming the request",
          "[client][hostile]") {
  struct Case {
    std::string body;
    std::string says;
  };
  for (const Case& c : {
           Case{
               "<html><body>Service Unavailable</body></html>",
               ": the answer is not valid JSON: \"<html><body>Service Unavailable</body></html>\""},
           Case{R"([{"id": 1, "firstName": "An)",
                R"(: the answer is not valid JSON: "[{"id": 1, "firstName": "An")"},
           Case{R"({"value": [{"id": 1}]})",
                R"(: expected a JSON array of users, got "{"value": [{"id": 1}]}")"},
           Case{R"([{"id": "abc"}])", R"(: user #0: user field 'id' is not an integer: "abc")"},
           Case{R"([{"id": 1e300}])", ": user #0: user field 'id' is not an integer: 1e+300"},
           Case{R"([{"id": 1, "isLocked": {}}])",
                ": user #0: user field 'isLocked' is not an integer: {}"},
           Case{std::string(100000, '['), ": the answer nests JSON deeper than 64 levels (at byte "
                                          "65)"},
       }) {
    HostileServer server(c.body);
    auto r = make_http_client(server.config())->list_users();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Protocol);
    CHECK_THAT(r.error().message, Catch::StartsWith("GET /Users?$skip=0&$top=100&$orderby=id"));
    CHECK_THAT(r.error().message, Catch::EndsWith(c.says));
    CHECK(server.requests() >= 1);
  }
}

TEST_CASE("hostile server: one user, reference lists and a create", "[client][hostile]") {
  {
    HostileServer server(R"({"id": 2})");
    auto r = make_http_client(server.config())->get_user(1);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Protocol);
    CHECK(r.error().message == "GET /Users/1: the answer is user 2, not 1");
  }
  {
    HostileServer server(R"([{"id": 1, "regionId": [1]}])");
    auto r = make_http_client(server.config())->list_reference(RefKind::Cities);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Protocol);
    CHECK_THAT(r.error().message,
               Catch::EndsWith(": item #0: field 'regionId' is not an integer: [1]"));
  }
  {
    // The contract promises no body for a create: a hostile one gives no id
    // (the caller looks the user up), not a wrong one.
    HostileServer server(R"({"id": 1e400})");
    auto r = make_http_client(server.config())->create_user(R"({"externalId": "n1"})");
    REQUIRE(r.ok());
    CHECK_FALSE(r->has_value());
  }
}
