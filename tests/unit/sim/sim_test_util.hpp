// Helpers shared by the simulator's unit tests.
#pragma once

#include "tests/sim/core/http_message.hpp"
#include "tests/sim/core/user_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

namespace alignctl::sim::testutil {

inline const std::string k_now = "2026-01-02T03:04:05Z";
// A request as the HTTP server would hand it over: METHOD TARGET, with
// "Authorization: Bearer TOKEN" unless the token is empty.
inline HttpRequest bearer_request(const std::string& method, const std::string& target,
                                  const std::string& token, const std::string& body = "") {
  std::string head = method + " " + target + " HTTP/1.1\r\nHost: x\r\n";
  if (!token.empty()) {
    head += "Authorization: Bearer " + token + "\r\n";
  }
  auto r = parse_request_head(head);
  REQUIRE(r.ok());
  r.value().body = body;
  return r.value();
}

inline const std::string k_base = "http://127.0.0.1:1/rest/align/api/2/users";

// A POST /Users body that passes validation against the default reference data.
inline nlohmann::json valid_create(const std::string& external_id, const std::string& email) {
  return nlohmann::json{
      {"externalId", external_id}, {"firstName", "Ann"}, {"lastName", "Davis"}, {"email", email},
      {"title", "Engineer"},       {"roleId", 3},        {"regionId", 2},       {"cityId", 21},
      {"costCenterId", 100},       {"divisionId", 200},  {"isExternal", 0}};
}

// A store with `n` valid users, ids 1..n, externalId "u<i>", email "u<i>@example.com".
inline UserStore store_with(int n) {
  UserStore store;
  for (int i = 1; i <= n; ++i) {
    auto r = store.create(
        valid_create("u" + std::to_string(i), "u" + std::to_string(i) + "@example.com"), k_now);
    if (!r.ok()) {
      throw std::runtime_error(r.error().message);
    }
  }
  return store;
}

inline nlohmann::json op(const std::string& name, const std::string& path,
                         const nlohmann::json& value = nullptr) {
  nlohmann::json o{{"op", name}, {"path", path}};
  if (name != "remove") {
    o["value"] = value;
  }
  return o;
}

} // namespace alignctl::sim::testutil
