// The integration scenario shared by the planner's integration tests: a policy,
// a desired state and a seeded simulator tenant that together exercise every
// kind of action and notice.
#pragma once

#include "tests/support/golden.hpp"
#include "tests/support/process.hpp"
#include "tests/support/sim_fixture.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace alignctl::test {

inline const char* k_scenario_policy =
    R"(# Integration-test policy (ids of the simulator's seed tenant).
jira:
  token_env: SIM_TOKEN
match:
  key: externalId
create:
  roleId: 7
  costCenterId: 100
  divisionId: 200
  isExternal: 0
regions:
  map:
    AMER: {regionId: 1, cityId: 11}
    EMEA: {regionId: 2, cityId: 21}
  default: {regionId: 1, cityId: 11}
roles:
  from_groups:
    - {group: JiraAlign-Admins, roleId: 9}
  enforce: create-only
sync: [firstName, lastName, title, region]
protected:
  externalIds: [breakglass]
ignored:
  roleIds: [12]
repair:
  divisionId: 200
  cityId: 11
  company: Acme
limits:
  max_deactivations: 50%
)";

inline const char* k_scenario_desired =
    R"(# alignctl desired state — who should have a Jira Align account.
# Source: integration test
version: 1
users:
  - externalId: adavis
    firstName: Ann
    lastName: Davis
    email: ann.davis@corp.example.com
    title: Engineer
    region: EMEA
    groups: [JiraAlign-Users]
  - externalId: cjones
    firstName: Carl
    lastName: Jones
    email: carl.jones@corp.example.com
    title: Engineer
    region: AMER
    groups: [JiraAlign-Users]
  - externalId: dlee
    firstName: Dana
    lastName: Lee
    email: dana.lee@corp.example.com
    title: Engineer
    region: AMER
    groups: [JiraAlign-Users]
  - externalId: eng
    firstName: Eve
    lastName: Ng
    email: Eve.Ng@corp.example.com
    title: Engineer
    region: AMER
    groups: [JiraAlign-Users]
  - externalId: gwu
    firstName: Gus
    lastName: Wu
    email: gus.wu@corp.example.com
    title: Staff Engineer
    region: AMER
    groups: [JiraAlign-Users]
  - externalId: ipatel
    firstName: Ira
    lastName: Patel
    email: ira.patel@corp.example.com
    title: Engineer
    region: AMER
    groups: [JiraAlign-Users]
  - externalId: jnew
    firstName: Jo
    lastName: New
    email: jo.new@corp.example.com
    title: Manager
    region: APAC
    groups: [JiraAlign-Admins, JiraAlign-Users]
)";

inline nlohmann::json scenario_user(int id, const char* ext, const char* first, const char* last,
                                    int region, int city) {
  nlohmann::json u = {
      {"id", id},          {"firstName", first},  {"lastName", last},   {"title", "Engineer"},
      {"isLocked", 0},     {"roleId", 7},         {"regionId", region}, {"cityId", city},
      {"divisionId", 200}, {"costCenterId", 100}, {"company", "Acme"},  {"isExternal", 0}};
  u["externalId"] = ext == nullptr ? nlohmann::json(nullptr) : nlohmann::json(ext);
  std::string email = std::string(first) + "." + last + "@corp.example.com";
  for (char& c : email) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  u["email"] = email;
  return u;
}

// 12 live users: in sync, to deactivate, deactivated (-1 and 1) but desired,
// a pre-integration account to link, a connector user, a user lacking
// divisionId, a protected account, a changed title, a keyless stranger.
inline nlohmann::json scenario_live_users() {
  using nlohmann::json;
  json users = json::array();
  users.push_back(scenario_user(1, "adavis", "Ann", "Davis", 2, 21));
  users.push_back(scenario_user(2, "bkhan", "Bilal", "Khan", 1, 11));
  json c = scenario_user(3, "cjones", "Carl", "Jones", 1, 11);
  c["isLocked"] = -1;
  c["userEndDate"] = "2025-06-30T00:00:00Z";
  users.push_back(c);
  json d = scenario_user(4, "dlee", "Dana", "Lee", 1, 11);
  d["isLocked"] = 1;
  users.push_back(d);
  users.push_back(scenario_user(5, nullptr, "Eve", "Ng", 1, 11));
  json connector = scenario_user(6, nullptr, "Jira", "Integration", 1, 11);
  connector["roleId"] = 12;
  connector["divisionId"] = nullptr;
  connector["cityId"] = nullptr;
  users.push_back(connector);
  json f = scenario_user(7, "fgarcia", "Fay", "Garcia", 1, 11);
  f["divisionId"] = nullptr;
  users.push_back(f);
  users.push_back(scenario_user(8, "breakglass", "Break", "Glass", 1, 11));
  users.push_back(scenario_user(9, "gwu", "Gus", "Wu", 1, 11));
  users.push_back(scenario_user(10, nullptr, "No", "Match", 1, 11));
  json h = scenario_user(11, "hkim", "Hana", "Kim", 1, 11);
  h["isLocked"] = -1;
  users.push_back(h);
  users.push_back(scenario_user(12, "ipatel", "Ira", "Patel", 1, 11));
  return users;
}

// Replaces every occurrence of `from` in `text` (the simulator's port varies).
inline std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

// Compares `actual` with the golden file; ALIGNCTL_UPDATE_GOLDEN=1 rewrites it.
inline void check_golden(const std::string& name, const std::string& actual) {
  check_golden_in("tests/integration/planner/golden", name, actual);
}

} // namespace alignctl::test
