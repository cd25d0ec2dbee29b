// The simulator's API variants without sockets: --orderby honour|ignore|reject
// and --auth bearer|basic|both.
#include "sim_test_util.hpp"
#include "tests/sim/core/own_order.hpp"
#include "tests/sim/core/sim_app.hpp"

#include <catch2/catch.hpp>
#include <set>

using namespace alignctl::sim;
using namespace alignctl::sim::testutil;

namespace {

HttpRequest variant_request(const std::string& target, const std::string& authorization) {
  std::string head = "GET " + target + " HTTP/1.1\r\nHost: x\r\n";
  if (!authorization.empty()) {
    head += "Authorization: " + authorization + "\r\n";
  }
  auto r = parse_request_head(head);
  REQUIRE(r.ok());
  return r.value();
}

SimApp variant_app(OrderbyMode orderby, AuthMode auth = AuthMode::Bearer, int users = 250) {
  SimConfig c;
  c.token = "sim-token";
  c.readonly_token = "ro-token";
  c.orderby = orderby;
  c.auth = auth;
  c.basic_user = "admin@example.com";
  return SimApp(std::move(c), store_with(users), [] { return k_now; });
}

std::vector<std::int64_t> page_ids(SimApp& app, const std::string& query) {
  auto r = app.handle(variant_request("/rest/align/api/2/Users?" + query, "Bearer sim-token"));
  REQUIRE(r.status == 200);
  std::vector<std::int64_t> ids;
  for (const auto& u : nlohmann::json::parse(r.body)) {
    ids.push_back(u.at("id").get<std::int64_t>());
  }
  return ids;
}

} // namespace

TEST_CASE("variants: base64 decoding") {
  CHECK(base64_decode("YWRtaW5AZXhhbXBsZS5jb206c2ltLXRva2Vu") == "admin@example.com:sim-token");
  CHECK(base64_decode("YQ==") == "a");
  CHECK(base64_decode("YWI=") == "ab");
  CHECK(base64_decode("") == "");
  CHECK_FALSE(base64_decode("YQ=").has_value());
  CHECK_FALSE(base64_decode("Y=Q=").has_value());
  CHECK_FALSE(base64_decode("YW*=").has_value());
}

TEST_CASE("variants: --orderby honour sorts by id, ignore keeps a stable other order") {
  SimApp honour = variant_app(OrderbyMode::Honour);
  auto sorted = page_ids(honour, "$top=100&$skip=0&$orderby=id");
  CHECK(std::is_sorted(sorted.begin(), sorted.end()));

  SimApp ignore = variant_app(OrderbyMode::Ignore);
  auto first = page_ids(ignore, "$top=100&$skip=0&$orderby=id");
  CHECK_FALSE(std::is_sorted(first.begin(), first.end()));
  CHECK(page_ids(ignore, "$top=100&$skip=0") == first); // the same with or without $orderby
  // Deterministic across pages: the pages partition every user once.
  std::vector<std::int64_t> all;
  for (int skip : {0, 100, 200}) {
    auto p = page_ids(ignore, "$top=100&$skip=" + std::to_string(skip) + "&$orderby=id desc");
    all.insert(all.end(), p.begin(), p.end());
  }
  CHECK(all.size() == 250);
  CHECK(std::set<std::int64_t>(all.begin(), all.end()).size() == 250);
  CHECK(std::vector<std::int64_t>(all.begin(), all.begin() + 100) == first);
  // A filter keeps the own order too; unknown $orderby values are ignored, not 400.
  CHECK(page_ids(ignore, "$filter=email eq 'u7@example.com'&$orderby=lastName") ==
        std::vector<std::int64_t>{7});
}

TEST_CASE("variants: a user added under --orderby ignore lands inside the order") {
  SimConfig c;
  c.orderby = OrderbyMode::Ignore;
  c.side_door = true;
  SimApp app(c, store_with(300), [] { return k_now; });
  auto listing = [&] {
    std::vector<std::int64_t> all;
    for (int skip = 0; skip < 400; skip += 100) {
      auto p = page_ids(app, "$top=100&$skip=" + std::to_string(skip));
      all.insert(all.end(), p.begin(), p.end());
    }
    return all;
  };
  auto before = listing();
  auto put = variant_request("/_sim/users", "");
  put.method = "POST";
  put.body = nlohmann::json::array({valid_create("n1", "n1@example.com")}).dump();
  REQUIRE(app.handle(put).status == 200);
  auto after = listing();
  REQUIRE(after.size() == 301);
  auto at = std::find(after.begin(), after.end(), 301) - after.begin();
  CHECK(at < 300); // not appended: every later row moved one place
  CHECK(std::equal(before.begin(), before.begin() + at, after.begin()));
  CHECK(std::equal(before.begin() + at, before.end(), after.begin() + at + 1));
}

TEST_CASE("variants: --orderby reject answers 400 to any $orderby, on every list endpoint") {
  SimApp app = variant_app(OrderbyMode::Reject);
  for (const char* path :
       {"/rest/align/api/2/Users?$orderby=id", "/rest/align/api/2/Cities?$orderby=id",
        "/rest/align/api/2/users?$ORDERBY=name"}) {
    auto r = app.handle(variant_request(path, "Bearer sim-token"));
    CHECK(r.status == 400);
    CHECK(r.body.find("$orderby") != std::string::npos);
  }
  auto ids = page_ids(app, "$top=100&$skip=0");
  CHECK(std::is_sorted(ids.begin(), ids.end()));
  CHECK(ids.size() == 100);
}

TEST_CASE("variants: --auth basic checks base64(email:token), both takes either") {
  // base64("admin@example.com:sim-token"), base64("ADMIN@example.com:ro-token"),
  // base64("other@example.com:sim-token"), base64("admin@example.com:wrong")
  const std::string good = "Basic YWRtaW5AZXhhbXBsZS5jb206c2ltLXRva2Vu";
  const std::string readonly = "Basic QURNSU5AZXhhbXBsZS5jb206cm8tdG9rZW4=";
  const std::string other_user = "Basic b3RoZXJAZXhhbXBsZS5jb206c2ltLXRva2Vu";
  const std::string wrong_token = "Basic YWRtaW5AZXhhbXBsZS5jb206d3Jvbmc=";
  const std::string users = "/rest/align/api/2/Users/1";

  SimApp basic = variant_app(OrderbyMode::Honour, AuthMode::Basic, 3);
  CHECK(basic.handle(variant_request(users, good)).status == 200);
  CHECK(basic.handle(variant_request(users, "basic YWRtaW5AZXhhbXBsZS5jb206c2ltLXRva2Vu")).status ==
        200);
  CHECK(basic.handle(variant_request(users, readonly)).status == 200);
  CHECK(basic.handle(variant_request(users, other_user)).status == 401);
  CHECK(basic.handle(variant_request(users, wrong_token)).status == 401);
  CHECK(basic.handle(variant_request(users, "Basic not-base64!")).status == 401);
  CHECK(basic.handle(variant_request(users, "Bearer sim-token")).status == 401);

  SimApp bearer = variant_app(OrderbyMode::Honour, AuthMode::Bearer, 3);
  CHECK(bearer.handle(variant_request(users, good)).status == 401);

  SimApp both = variant_app(OrderbyMode::Honour, AuthMode::Both, 3);
  CHECK(both.handle(variant_request(users, good)).status == 200);
  CHECK(both.handle(variant_request(users, "Bearer sim-token")).status == 200);
  CHECK(both.handle(variant_request(users, wrong_token)).status == 401);
}
