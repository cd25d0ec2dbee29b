// graph-sim's GraphApp without sockets: the token endpoint's answers and
// AADSTS errors, Graph's query options (400 on any alignctl must not rely
// on), paging through @odata.nextLink, transitive members with a cycle, the
// user cast, token expiry and injected faults.
#include "tests/sim/core/graph_app.hpp"
#include "tests/unit/sim/sim_test_util.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <set>

using namespace alignctl::sim;
using alignctl::sim::testutil::bearer_request;

namespace {

const std::string k_graph_origin = "http://127.0.0.1:9";

HttpRequest graph_request(const std::string& method, const std::string& target,
                          const std::string& token = "", const std::string& body = "") {
  return bearer_request(method, target, token, body);
}

std::unique_ptr<GraphApp> graph_app_for_test(GraphSimConfig c = {}) {
  c.client_secret = "s3cret";
  auto app =
      std::make_unique<GraphApp>(std::move(c), GraphDirectory::generate_nested("All", 25, 2));
  app->set_origin(k_graph_origin);
  return app;
}

std::string token_body(const std::string& secret) {
  return "grant_type=client_credentials&client_id=11111111-1111-1111-1111-111111111111&scope="
         "https%3A%2F%2Fgraph.microsoft.com%2F.default&client_secret=" +
         secret;
}

std::string get_token(GraphApp& app) {
  auto r = app.handle(graph_request(
      "POST", "/00000000-0000-0000-0000-0000000000aa/oauth2/v2.0/token", "", token_body("s3cret")));
  REQUIRE(r.status == 200);
  auto j = nlohmann::json::parse(r.body);
  CHECK(j["token_type"] == "Bearer");
  CHECK(j["expires_in"] == 3599);
  return j["access_token"].get<std::string>();
}

std::string root_id(GraphApp& app, const std::string& token) {
  auto r = app.handle(graph_request(
      "GET", "/v1.0/groups?$filter=displayName%20eq%20%27All%27&$select=id,displayName", token));
  REQUIRE(r.status == 200);
  auto j = nlohmann::json::parse(r.body);
  REQUIRE(j["value"].size() == 1);
  return j["value"][0]["id"].get<std::string>();
}

} // namespace

TEST_CASE("graph-sim: the token endpoint answers as the identity platform does", "[sim][graph]") {
  auto owned = graph_app_for_test();
  GraphApp& app = *owned;
  const std::string path = "/00000000-0000-0000-0000-0000000000aa/oauth2/v2.0/token";
  auto wrong = app.handle(graph_request("POST", path, "", token_body("nope")));
  CHECK(wrong.status == 401);
  CHECK(nlohmann::json::parse(wrong.body)["error"] == "invalid_client");
  CHECK(nlohmann::json::parse(wrong.body)["error_codes"][0] == 7000215);
  auto tenant = app.handle(
      graph_request("POST", "/other-tenant/oauth2/v2.0/token", "", token_body("s3cret")));
  CHECK(tenant.status == 400);
  CHECK(tenant.body.find("AADSTS90002") != std::string::npos);
  auto scope = app.handle(graph_request(
      "POST", path, "",
      "grant_type=client_credentials&client_id=11111111-1111-1111-1111-111111111111&scope=x"
      "&client_secret=s3cret"));
  CHECK(scope.status == 400);
  CHECK(scope.body.find("invalid_scope") != std::string::npos);
  auto assertion = app.handle(graph_request(
      "POST", path, "",
      "grant_type=client_credentials&client_id=11111111-1111-1111-1111-111111111111&scope="
      "https%3A%2F%2Fgraph.microsoft.com%2F.default&client_assertion_type=urn%3Aietf%3Aparams%3A"
      "oauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=a.b.c"));
  CHECK(assertion.status == 401);
  CHECK(assertion.body.find("AADSTS700027") != std::string::npos);
  CHECK_FALSE(get_token(app).empty());
}

TEST_CASE("graph-sim: query options alignctl may not rely on are refused", "[sim][graph]") {
  auto owned = graph_app_for_test();
  GraphApp& app = *owned;
  const std::string token = get_token(app);
  const std::string id = root_id(app, token);
  const std::string base = "/v1.0/groups/" + id + "/transitiveMembers";
  for (const char* query :
       {"$count=true", "$orderby=displayName", "$skip=10", "$expand=manager", "$search=x",
        "$top=1000", "$top=0", "$select=bad-name", "$skiptoken=nonsense"}) {
    auto r = app.handle(graph_request("GET", base + "?" + query, token));
    INFO(query);
    CHECK(r.status == 400);
  }
  auto filter = app.handle(
      graph_request("GET", "/v1.0/groups?$filter=startswith(displayName,%27A%27)", token));
  CHECK(filter.status == 400);
  auto plain = app.handle(graph_request("GET", base + "?$top=5", token));
  CHECK(plain.status == 200);
  auto none = app.handle(graph_request("GET", "/v1.0/groups/no-such-id", token));
  CHECK(none.status == 404);
  CHECK(none.body.find("Request_ResourceNotFound") != std::string::npos);
}

TEST_CASE("graph-sim: transitive members page through @odata.nextLink, cycles cut",
          "[sim][graph]") {
  auto owned = graph_app_for_test();
  GraphApp& app = *owned;
  const std::string token = get_token(app);
  const std::string id = root_id(app, token);
  std::string target = "/v1.0/groups/" + id + "/transitiveMembers?$select=id,accountEnabled&$top=7";
  std::map<std::string, int> types;
  std::set<std::string> ids;
  int pages = 0;
  while (!target.empty()) {
    auto r = app.handle(graph_request("GET", target, token));
    REQUIRE(r.status == 200);
    ++pages;
    auto j = nlohmann::json::parse(r.body);
    for (const auto& item : j["value"]) {
      ++types[item["@odata.type"].get<std::string>()];
      CHECK(ids.insert(item["id"].get<std::string>()).second); // each object once
      CHECK(item.contains("accountEnabled") == (item["@odata.type"] == "#microsoft.graph.user"));
    }
    target.clear();
    if (j.contains("@odata.nextLink")) {
      const std::string link = j["@odata.nextLink"].get<std::string>();
      REQUIRE(link.rfind(k_graph_origin, 0) == 0);
      CHECK(link.find("$select=id,accountEnabled") != std::string::npos);
      target = link.substr(k_graph_origin.size());
    }
  }
  // 25 users + a disabled one + a guest; 2 subgroups + the loop group; 3 others.
  CHECK(types["#microsoft.graph.user"] == 27);
  CHECK(types["#microsoft.graph.group"] == 3);
  CHECK(types["#microsoft.graph.device"] == 1);
  CHECK(pages == 5); // 33 objects, 7 a page

  auto users = app.handle(graph_request(
      "GET", "/v1.0/groups/" + id + "/transitiveMembers/microsoft.graph.user?$top=999", token));
  REQUIRE(users.status == 200);
  CHECK(nlohmann::json::parse(users.body)["value"].size() == 27);
}

TEST_CASE("graph-sim: expired, revoked and missing tokens get 401, and faults are injected",
          "[sim][graph]") {
  GraphSimConfig c;
  c.revoke_after = 1;
  auto owned = graph_app_for_test(c);
  GraphApp& app = *owned;
  const std::string token = get_token(app);
  root_id(app, token); // its one request
  auto revoked = app.handle(graph_request("GET", "/v1.0/groups/x", token));
  CHECK(revoked.status == 401);
  CHECK(revoked.body.find("InvalidAuthenticationToken") != std::string::npos);
  CHECK(app.handle(graph_request("GET", "/v1.0/groups/x")).status == 401);

  GraphSimConfig faulty;
  faulty.faults.rate_429 = 1;
  faulty.faults.retry_after_s = 3;
  auto throttled_owned = graph_app_for_test(faulty);
  GraphApp& throttled = *throttled_owned;
  const std::string t2 = get_token(throttled); // the token endpoint has no faults
  auto r = throttled.handle(graph_request("GET", "/v1.0/groups/x", t2));
  CHECK(r.status == 429);
  bool retry_after = false;
  for (const auto& [name, value] : r.headers) {
    retry_after = retry_after || (name == "Retry-After" && value == "3");
  }
  CHECK(retry_after);

  GraphSimConfig dropping;
  dropping.faults.drop_rate = 1;
  auto dropper_owned = graph_app_for_test(dropping);
  GraphApp& dropper = *dropper_owned;
  CHECK(dropper.handle(graph_request("GET", "/v1.0/groups/x", get_token(dropper))).drop);
}
