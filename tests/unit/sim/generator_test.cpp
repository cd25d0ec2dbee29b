#include "tests/sim/core/tenant_file.hpp"
#include "tests/sim/core/tenant_generator.hpp"

#include <catch2/catch.hpp>
#include <set>

using namespace alignctl::sim;

TEST_CASE("generator: deterministic for a seed, different for another") {
  GenOptions o;
  o.users = 300;
  o.seed = 5;
  auto a = generate_tenant(o);
  auto b = generate_tenant(o);
  CHECK(a.tenant.dump() == b.tenant.dump());
  CHECK(desired_state_yaml(a.desired, "x") == desired_state_yaml(b.desired, "x"));
  o.seed = 6;
  CHECK(generate_tenant(o).tenant.dump() != a.tenant.dump());
}

TEST_CASE("generator: shares of each kind of account are exact") {
  GenOptions o;
  o.users = 1000;
  auto t = generate_tenant(o);
  const auto& users = t.tenant["users"];
  REQUIRE(users.size() == 1000);
  int connector = 0, no_external = 0, deactivated = 0, legacy = 0;
  std::set<std::string> emails, external_ids;
  for (const auto& u : users) {
    emails.insert(u["email"].get<std::string>());
    if (u.contains("externalId")) {
      external_ids.insert(u["externalId"].get<std::string>());
    } else {
      ++no_external;
    }
    if (u["roleId"] == k_connector_role_id) {
      ++connector;
      CHECK_FALSE(u.contains("divisionId"));
      CHECK_FALSE(u.contains("cityId"));
    }
    if (u["isLocked"] == -1) {
      ++deactivated;
      CHECK(u.contains("userEndDate"));
    }
    if (u["isLocked"] == 1) {
      ++legacy;
    }
  }
  CHECK(connector == 50);
  CHECK(no_external == 50 + 20); // connector + pre-integration
  CHECK(deactivated + legacy == 80);
  CHECK(legacy == 10);
  CHECK(emails.size() == 1000);                                       // unique
  CHECK(static_cast<int>(external_ids.size()) == 1000 - no_external); // unique
}

TEST_CASE("generator: the tenant loads into the simulator and passes create rules") {
  GenOptions o;
  o.users = 200;
  auto t = generate_tenant(o);
  auto store = tenant_from_json_text(t.tenant.dump(), "gen");
  REQUIRE(store.ok());
  CHECK(store.value().size() == 200);
  // Every ordinary user would pass PATCH validation; connector users would not.
  int patchable = 0;
  for (const auto& u : store.value().users()) {
    auto r = store.value().patch(u.id, nlohmann::json::array(), "2026-01-01T00:00:00Z");
    patchable += r.ok() ? 1 : 0;
  }
  CHECK(patchable == 190);
}

TEST_CASE("generator: desired state differs by the change share and is sorted") {
  GenOptions o;
  o.users = 1000;
  o.change_share = 0.05;
  auto t = generate_tenant(o);
  CHECK(t.changes.added == 15);
  CHECK(t.changes.removed == 15);
  CHECK(t.changes.reactivated == 5);
  CHECK(t.changes.changed == 15);
  CHECK(static_cast<std::int64_t>(t.desired.size()) == t.active - 15 + 5 + 15);
  for (std::size_t i = 1; i < t.desired.size(); ++i) {
    CHECK(to_lower(t.desired[i - 1].external_id) < to_lower(t.desired[i].external_id));
  }
  std::set<std::string> regions;
  for (const auto& p : t.desired) {
    regions.insert(p.region);
  }
  CHECK(regions == std::set<std::string>{"AMER", "APAC", "EMEA"});
}

TEST_CASE("generator: desired YAML follows the canonical layout") {
  std::vector<Person> people = {{"adavis", "Ann", "Davis", "ann@x.com", "Lead, QA", "EMEA"},
                                {"bno", "Bo", "yes", "bo@x.com", "", ""}};
  CHECK(desired_state_yaml(people, "test") ==
        "# alignctl desired state \xE2\x80\x94 who should have a Jira Align account.\n"
        "# Source: test\n"
        "# Written by jira-align-gen (synthetic test data).\n"
        "version: 1\n"
        "users:\n"
        "  - externalId: adavis\n"
        "    firstName: Ann\n"
        "    lastName: Davis\n"
        "    email: ann@x.com\n"
        "    title: \"Lead, QA\"\n"
        "    region: EMEA\n"
        "    groups: [JiraAlign-Users]\n"
        "  - externalId: bno\n"
        "    firstName: Bo\n"
        "    lastName: \"yes\"\n"
        "    email: bo@x.com\n"
        "    groups: [JiraAlign-Users]\n");
}

TEST_CASE("generator: YAML scalars are quoted when plain would change their meaning") {
  CHECK(yaml_scalar("O'Brien") == "O'Brien");
  CHECK(yaml_scalar("Zoë") == "Zoë");
  CHECK(yaml_scalar("123") == "\"123\"");
  CHECK(yaml_scalar("null") == "\"null\"");
  CHECK(yaml_scalar("a: b") == "\"a: b\"");
  CHECK(yaml_scalar("-x") == "\"-x\"");
  CHECK(yaml_scalar("say \"hi\"") == "\"say \\\"hi\\\"\"");
  CHECK(yaml_scalar("") == "\"\"");
}

TEST_CASE("generator: real-tenant variants are exact, disjoint, and off by default") {
  GenOptions o;
  o.users = 400;
  const std::string plain = generate_tenant(o).tenant.dump();
  o.account_id_share = 0; // zero shares: the very same bytes
  CHECK(generate_tenant(o).tenant.dump() == plain);

  o.account_id_share = 0.5;
  o.lockout_share = 0.05;
  o.future_start_share = 0.05;
  auto t = generate_tenant(o);
  CHECK(t.account_ids == 200);
  CHECK(t.lockouts == 20);
  CHECK(t.future_starts == 20);
  int ids = 0, locked_active = 0, future = 0;
  for (const auto& u : t.tenant["users"]) {
    if (u.contains("externalId") && u["externalId"].get<std::string>().rfind("712020:", 0) == 0) {
      CHECK(u["externalId"].get<std::string>().size() == 7 + 36);
      ++ids;
    }
    if (u["isLocked"] == 1 && !u.contains("userEndDate")) {
      ++locked_active; // the legacy isLocked 1 accounts of the deactivated share have none too
    }
    if (u["userStartDate"].get<std::string>().rfind("2030", 0) == 0) {
      ++future;
      CHECK(u["isLocked"] == 0);
    }
  }
  CHECK(ids == 200);
  CHECK(locked_active == 20 + t.legacy_locked);
  CHECK(future == 20);
  // The desired state keeps the directory's names, never an account id.
  for (const Person& p : t.desired) {
    CHECK(p.external_id.find(':') == std::string::npos);
  }
}
