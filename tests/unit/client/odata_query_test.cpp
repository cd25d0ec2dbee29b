#include "state/jira/odata_query.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;

TEST_CASE("OData: string literals double single quotes", "[odata]") {
  CHECK(odata_string_literal("a@b.com") == "'a@b.com'");
  CHECK(odata_string_literal("O'Brien") == "'O''Brien'");
  CHECK(odata_string_literal("''") == "''''''");
  CHECK(odata_string_literal("") == "''");
}

TEST_CASE("OData: query values are percent-encoded, keys kept", "[odata]") {
  CHECK(percent_encode("externalId eq 'a b'") == "externalId%20eq%20%27a%20b%27");
  CHECK(percent_encode("id,email") == "id,email");
  CHECK(percent_encode("x&y=z#") == "x%26y%3Dz%23");
  CHECK(percent_encode("é") == "%C3%A9");
  CHECK(make_target("/Users", {{"$skip", "99"}, {"$filter", "email eq 'a+b@c'"}}) ==
        "/Users?$skip=99&$filter=email%20eq%20%27a%2Bb%40c%27");
  CHECK(make_target("/Regions", {}) == "/Regions");
}

TEST_CASE("OData: labels show the request readably", "[odata]") {
  CHECK(make_label("GET", "/Users", {{"$filter", "email eq 'a@b'"}}) ==
        "GET /Users?$filter=email eq 'a@b'");
  CHECK(make_label("GET", "/Users", {}) == "GET /Users");
}
