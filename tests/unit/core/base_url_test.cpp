#include "state/jira/base_url.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;

TEST_CASE("base URL: https accepted and trailing slashes dropped", "[base_url]") {
  auto r = normalize_base_url("https://acme.jiraalign.com/rest/align/api/2//");
  REQUIRE(r.ok());
  CHECK(*r == "https://acme.jiraalign.com/rest/align/api/2");
}

TEST_CASE("base URL: plain http only to loopback", "[base_url]") {
  CHECK(normalize_base_url("http://127.0.0.1:8080/rest/align/api/2").ok());
  CHECK(normalize_base_url("http://localhost/rest/align/api/2").ok());
  CHECK(normalize_base_url("http://[::1]:9/rest").ok());
  auto r = normalize_base_url("http://acme.jiraalign.com/rest/align/api/2");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message ==
        "refusing plain http:// to acme.jiraalign.com: the token would travel unencrypted; use "
        "https:// (plain http is allowed only to loopback)");
  // A userinfo part cannot smuggle a loopback name past the check.
  CHECK_FALSE(normalize_base_url("http://127.0.0.1@evil.example.com/").ok());
}

TEST_CASE("base URL: other schemes and empty hosts refused", "[base_url]") {
  CHECK_FALSE(normalize_base_url("ftp://x/").ok());
  CHECK_FALSE(normalize_base_url("https:///path").ok());
}
