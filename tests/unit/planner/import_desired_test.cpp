#include "planner/import_desired.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;

namespace {
LiveUser user(std::int64_t id, const char* external_id, const char* email, int is_locked = 0) {
  LiveUser u;
  u.id = id;
  if (external_id != nullptr) {
    u.external_id = external_id;
  }
  if (email != nullptr) {
    u.email = email;
  }
  u.first_name = "First" + std::to_string(id);
  u.last_name = "Last";
  u.is_locked = is_locked;
  u.role_id = 3;
  u.region_id = 2;
  u.city_id = 21;
  return u;
}

Policy policy() {
  Policy p;
  p.regions = {{"EMEA-North", {{2, 0, 0}, {22, 0, 0}}}, {"EMEA", {{2, 0, 0}, {21, 0, 0}}}};
  p.roles_from_groups = {{"JiraAlign-Users", {3, 0, 0}}, {"Admins", {9, 0, 0}}};
  p.ignored_role_ids = {{7, 0, 0}};
  return p;
}
} // namespace

TEST_CASE("import: active keyed users kept, others counted by reason", "[import]") {
  std::vector<LiveUser> live = {user(1, "ann", "ann@x"), user(2, "bob", "bob@x", -1),
                                user(3, nullptr, "cy@x"), user(4, "dee", "dee@x", 1),
                                user(5, "conn", "conn@x")};
  live[4].role_id = 7;
  ImportResult r = import_desired(live, policy(), "alignctl import from test");
  REQUIRE(r.errors.empty());
  REQUIRE(r.desired.users.size() == 1);
  CHECK(r.desired.users[0].external_id == "ann");
  CHECK(r.desired.users[0].region == "EMEA"); // region and city both match the second entry
  CHECK(r.desired.users[0].groups == std::vector<std::string>{"JiraAlign-Users"});
  CHECK(r.skipped_inactive == 2);
  CHECK(r.skipped_keyless == 1);
  CHECK(r.skipped_ignored == 1);
  CHECK(r.desired.source == "alignctl import from test");
}

TEST_CASE("import: region falls back to regionId alone — unknown role gives no group", "[import]") {
  std::vector<LiveUser> live = {user(1, "ann", "ann@x")};
  live[0].city_id = 99;
  live[0].role_id = 42;
  ImportResult r = import_desired(live, policy(), "s");
  REQUIRE(r.desired.users.size() == 1);
  CHECK(r.desired.users[0].region == "EMEA-North");
  CHECK(r.desired.users[0].groups.empty());
}

TEST_CASE("import: keys compared case-insensitively — duplicates are errors", "[import]") {
  Policy p = policy();
  p.match_key = MatchKey::Email;
  std::vector<LiveUser> live = {user(1, "ann", "Ann@X"), user(2, "ann2", "ann@x")};
  ImportResult r = import_desired(live, p, "s");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "live users 1 and 2 share the email 'ann@x'");
}
