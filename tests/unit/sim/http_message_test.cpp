#include "tests/sim/core/http_message.hpp"

#include <catch2/catch.hpp>

using namespace alignctl::sim;

TEST_CASE("http: request head with headers and a decoded query") {
  auto r =
      parse_request_head("GET /rest/align/api/2/Users?%24top=10&$filter=externalId+eq+'a%20b'"
                         " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nX-A: 1\r\nx-a: 2");
  REQUIRE(r.ok());
  CHECK(r.value().method == "GET");
  CHECK(r.value().path == "/rest/align/api/2/Users");
  REQUIRE(r.value().query.size() == 2);
  CHECK(r.value().query[0] == std::make_pair(std::string("$top"), std::string("10")));
  CHECK(r.value().query[1].second == "externalId eq 'a b'");
  CHECK(*r.value().header("authorization") == "Bearer t");
  CHECK(*r.value().header("x-a") == "1, 2");
  CHECK(r.value().keep_alive());
}

TEST_CASE("http: keep-alive rules for 1.0 and 1.1") {
  auto close = parse_request_head("GET / HTTP/1.1\r\nConnection: close");
  REQUIRE(close.ok());
  CHECK_FALSE(close.value().keep_alive());
  auto old = parse_request_head("GET / HTTP/1.0");
  REQUIRE(old.ok());
  CHECK_FALSE(old.value().keep_alive());
  auto old_ka = parse_request_head("GET / HTTP/1.0\r\nConnection: Keep-Alive");
  REQUIRE(old_ka.ok());
  CHECK(old_ka.value().keep_alive());
}

TEST_CASE("http: malformed heads are rejected") {
  CHECK_FALSE(parse_request_head("GARBAGE").ok());
  CHECK_FALSE(parse_request_head("GET / HTTP/2").ok());
  CHECK_FALSE(parse_request_head("GET x HTTP/1.1").ok());
  CHECK_FALSE(parse_request_head("GET / HTTP/1.1\r\nno colon here").ok());
}

TEST_CASE("http: content length") {
  auto r = parse_request_head("POST / HTTP/1.1\r\nContent-Length: 12");
  REQUIRE(r.ok());
  CHECK(r.value().content_length() == 12);
  auto bad = parse_request_head("POST / HTTP/1.1\r\nContent-Length: x");
  REQUIRE(bad.ok());
  CHECK(bad.value().content_length() == -1);
}

TEST_CASE("http: responses carry length and connection — 204 has no body") {
  auto r = HttpResponse::json(200, "[]");
  CHECK(serialize_response(r, true) == "HTTP/1.1 200 OK\r\nContent-Type: application/json; "
                                       "charset=utf-8\r\nContent-Length: 2\r\nConnection: "
                                       "keep-alive\r\n\r\n[]");
  CHECK(serialize_response(HttpResponse::empty(204), false) ==
        "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
}

TEST_CASE("http: percent decoding keeps malformed escapes literally") {
  CHECK(percent_decode("a%2Fb%zz%4", false) == "a/b%zz%4");
  CHECK(percent_decode("a+b", true) == "a b");
  CHECK(percent_decode("a+b", false) == "a+b");
}
