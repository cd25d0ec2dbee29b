// The Authorization header: Bearer, or Basic base64(email:token).
#include "state/jira/auth_header.hpp"
#include "state/jira/listing_mode.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;

TEST_CASE("base64 as RFC 4648 writes it", "[auth]") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_encode("\xff\xfe") == "//4=");
}

TEST_CASE("the header follows the configured scheme", "[auth]") {
  ClientConfig c;
  c.token = Secret("user:999999|a/b;{");
  CHECK(authorization_header(c).reveal() == "Authorization: Bearer user:999999|a/b;{");
  c.auth = AuthScheme::Basic;
  c.basic_user = "admin@example.com";
  c.token = Secret("sim-token");
  CHECK(authorization_header(c).reveal() ==
        "Authorization: Basic YWRtaW5AZXhhbXBsZS5jb206c2ltLXRva2Vu");
}

TEST_CASE("listing modes have stable names", "[paging]") {
  for (ListingMode m : {ListingMode::Honoured, ListingMode::Ignored, ListingMode::Rejected}) {
    CHECK(listing_mode_from_name(to_string(m)) == m);
    CHECK_FALSE(describe_listing_mode(m).empty());
  }
  CHECK(to_string(ListingMode::Ignored) == "ignored");
  CHECK_FALSE(listing_mode_from_name("honored").has_value());
}
