// Hostile answers from a Jira Align server, at the parsing functions
// (state/jira/response_json): not JSON, truncated JSON, deep nesting, an
// object where a page belongs, ids of the wrong type or beyond 64 bits,
// floats beyond int64, nulls. Each is a Protocol error naming the request,
// quoting at most 80 characters — never a crash, never undefined behaviour.
#include "state/jira/response_json.hpp"
#include "state/model/live_user_json.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace alignctl;
using nlohmann::json;

namespace {

const std::string k_label = "GET /Users?$skip=0&$top=100&$orderby=id";

std::string page_error(const std::string& body) {
  auto r = parse_users_page(body, k_label);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Protocol);
  return r.error().message;
}

} // namespace

TEST_CASE("server answers: not JSON, truncated, or nested without end", "[client][hostile]") {
  CHECK(page_error("<html><body>Service Unavailable</body></html>") ==
        k_label +
            ": the answer is not valid JSON: \"<html><body>Service Unavailable</body></html>\"");
  CHECK(page_error(R"([{"id": 1, "firstName": "An)") ==
        k_label + R"(: the answer is not valid JSON: "[{"id": 1, "firstName": "An")");
  CHECK(page_error("") == k_label + ": the answer is not valid JSON: \"\"");
  const std::string long_text(100000, 'x');
  CHECK(page_error(long_text) ==
        k_label + ": the answer is not valid JSON: \"" + std::string(80, 'x') + "…\"");
  CHECK(page_error(std::string(1000000, '[')) ==
        k_label + ": the answer nests JSON deeper than 64 levels (at byte 65)");
  CHECK(page_error(R"([{"id": 1, "x": 1e999}])") ==
        k_label + R"(: the answer is not valid JSON: "[{"id": 1, "x": 1e999}]")");
}

TEST_CASE("server answers: a page that is not a list", "[client][hostile]") {
  CHECK(page_error(R"({"value": [{"id": 1}], "count": 1})") ==
        k_label + R"(: expected a JSON array of users, got "{"value": [{"id": 1}], "count": 1}")");
  CHECK(page_error("null") == k_label + ": expected a JSON array of users, got \"null\"");
  CHECK(page_error("[1]") == k_label + ": user #0: user is not a JSON object: 1");
  CHECK(page_error("[null]") == k_label + ": user #0: user is not a JSON object: null");
}

TEST_CASE("server answers: ids and fields of the wrong type", "[client][hostile]") {
  CHECK(page_error(R"([{"id": "abc"}])") ==
        k_label + R"(: user #0: user field 'id' is not an integer: "abc")");
  CHECK(page_error(R"([{"id": 1}, {"id": 1.5}])") ==
        k_label + ": user #1: user field 'id' is not an integer: 1.5");
  CHECK(page_error(R"([{"id": 18446744073709551615}])") ==
        k_label + ": user #0: user field 'id' is not an integer: 18446744073709551615");
  // Beyond int64 as a float: converting it would be undefined behaviour.
  CHECK(page_error(R"([{"id": 1e300}])") ==
        k_label + ": user #0: user field 'id' is not an integer: 1e+300");
  CHECK(page_error(R"([{"id": 9223372036854775808.0}])") ==
        k_label + ": user #0: user field 'id' is not an integer: 9.223372036854776e+18");
  CHECK(page_error(R"([{"id": null}])") == k_label + ": user #0: user object has no 'id'");
  CHECK(page_error(R"([{"id": 1, "email": ["a@x"]}])") ==
        k_label + R"(: user #0: user field 'email' is not a string: ["a@x"])");
  CHECK(page_error(R"([{"id": 1, "isLocked": 4294967296}])") ==
        k_label + ": user #0: user field 'isLocked' is out of range: 4294967296");
  const std::string big_object =
      R"([{"id": 1, "title": {"k": ")" + std::string(1000, 'v') + R"("}}])";
  CHECK(page_error(big_object) == k_label +
                                      R"(: user #0: user field 'title' is not a string: {"k":")" +
                                      std::string(74, 'v') + "…");

  // Tolerated as the real API sends them: numeric strings, integral floats, nulls.
  auto ok = parse_users_page(R"([{"id": "7", "roleId": 9.0, "cityId": null, "email": null,
                                  "isLocked": "-1", "extra": {"nested": [1, 2]}}])",
                             k_label);
  REQUIRE(ok.ok());
  REQUIRE(ok->size() == 1);
  CHECK((*ok)[0].id == 7);
  CHECK((*ok)[0].role_id == 9);
  CHECK_FALSE((*ok)[0].city_id.has_value());
  CHECK((*ok)[0].is_locked == -1);
}

TEST_CASE("server answers: one user, reference lists, the created id", "[client][hostile]") {
  auto one = parse_user_answer(R"([{"id": 3}])", "GET /Users/3");
  REQUIRE(one.ok());
  CHECK(one->id == 3);
  auto two = parse_user_answer(R"([{"id": 3}, {"id": 4}])", "GET /Users/3");
  REQUIRE_FALSE(two.ok());
  CHECK(two.error().message == R"(GET /Users/3: user is not a JSON object: [{"id":3},{"id":4}])");

  auto refs = parse_reference_page(R"([{"id": 11, "name": "AMER", "regionId": "1"},
                                       {"id": 12, "name": null}])",
                                   "GET /Cities");
  REQUIRE(refs.ok());
  CHECK((*refs)[0].region_id == 1);
  CHECK((*refs)[1].name.empty());
  auto bad_ref = parse_reference_page(R"([{"id": 11, "regionId": "x1"}])", "GET /Cities");
  REQUIRE_FALSE(bad_ref.ok());
  CHECK(bad_ref.error().message ==
        R"(GET /Cities: item #0: field 'regionId' is not an integer: "x1")");
  auto no_id = parse_reference_page(R"([{"name": "x"}])", "GET /Regions");
  REQUIRE_FALSE(no_id.ok());
  CHECK(no_id.error().message == "GET /Regions: item #0: no 'id'");
  auto not_list = parse_reference_page(R"({"id": 1})", "GET /Regions");
  REQUIRE_FALSE(not_list.ok());
  CHECK(not_list.error().message == R"(GET /Regions: expected a JSON array, got "{"id": 1}")");

  CHECK(parse_created_id(R"({"id": 4242})") == std::optional<std::int64_t>(4242));
  CHECK(parse_created_id(R"({"id": "4242"})") == std::optional<std::int64_t>(4242));
  CHECK_FALSE(parse_created_id("").has_value());
  CHECK_FALSE(parse_created_id(R"({"id": "abc"})").has_value());
  CHECK_FALSE(parse_created_id(R"({"id": 1e400})").has_value());
  CHECK_FALSE(parse_created_id(R"({"id": -1.5})").has_value());
  CHECK_FALSE(parse_created_id(std::string(100000, '[')).has_value());
}
