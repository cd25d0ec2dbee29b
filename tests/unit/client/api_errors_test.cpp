#include "state/jira/api_errors.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;

TEST_CASE("server messages: JSON message extracted, text collapsed and cut", "[errors]") {
  CHECK(quote_server_message(R"({"message":"Cannot create user. Value for cityId is invalid."})") ==
        "Cannot create user. Value for cityId is invalid.");
  CHECK(quote_server_message("Cannot update\n  user  with id 7.\r\n") ==
        "Cannot update user with id 7.");
  CHECK(quote_server_message("") == "");
  CHECK(quote_server_message(std::string(1000, 'x'), 10) == "xxxxxxxxxx…");
  // A cut never splits a UTF-8 sequence.
  CHECK(quote_server_message("aé", 2) == "a…");
}

TEST_CASE("HTTP errors: each status gets an actionable message", "[errors]") {
  auto e401 =
      http_status_error("GET /Users/42", 401, "nope", "environment variable ALIGNCTL_TOKEN", 1);
  CHECK(e401.kind == ErrorKind::Auth);
  CHECK(e401.http_status == 401);
  CHECK(e401.message ==
        "GET /Users/42: the token was rejected (HTTP 401) — check that environment variable "
        "ALIGNCTL_TOKEN holds a current Jira Align API token (a token ends when it is "
        "regenerated) and that --url points at the right site");

  auto e403 = http_status_error("PATCH /Users/42", 403, "", "", 1);
  CHECK(e403.kind == ErrorKind::Forbidden);
  CHECK(e403.message == "PATCH /Users/42: the token's user lacks the privilege (HTTP 403) — "
                        "provisioning needs a Super Admin token");

  auto e400 =
      http_status_error("POST /Users (email 'a@b')", 400,
                        R"({"message":"Cannot create user. Value for cityId is invalid."})", "", 1);
  CHECK(e400.kind == ErrorKind::BadRequest);
  CHECK(e400.message == "POST /Users (email 'a@b'): the server rejected the request (HTTP 400): "
                        "server said \"Cannot create user. Value for cityId is invalid.\"");

  auto e404 = http_status_error("GET /Divisions", 404, "", "", 1);
  CHECK(e404.kind == ErrorKind::NotFound);
  CHECK(e404.message == "GET /Divisions: not found (HTTP 404) — check the id and that --url "
                        "ends in /rest/align/api/2");

  auto e503 = http_status_error("GET /Users?$skip=0", 503, "busy", "", 6);
  CHECK(e503.kind == ErrorKind::Server);
  CHECK(e503.message == "GET /Users?$skip=0: server error (HTTP 503) after 6 attempts: server "
                        "said \"busy\"");

  auto e429 = http_status_error("GET /Users", 429, "", "", 31);
  CHECK(e429.kind == ErrorKind::RateLimited);
  CHECK(e429.message == "GET /Users: still rate-limited (HTTP 429) after 31 attempts — lower "
                        "--concurrency or set --max-rps");

  auto e302 = http_status_error("GET /Users", 302, "", "", 1);
  CHECK(e302.kind == ErrorKind::Protocol);
}
