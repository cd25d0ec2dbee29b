// The policy loader: a complete policy, and broken policies with the exact
// diagnostics (every problem, each with file:line:col).
#include "fixtures.hpp"
#include "planner/policy_loader.hpp"

using namespace alignctl;
using namespace alignctl::test;

TEST_CASE("a complete policy loads with every value") {
  PolicyLoad load = load_policy(k_policy_text, "alignctl.yaml");
  REQUIRE(load.ok());
  const Policy& p = load.policy;
  CHECK(p.jira_url == "https://acme.jiraalign.com/rest/align/api/2");
  CHECK(p.jira_token_env == "JA_TOKEN");
  CHECK(p.match_key == MatchKey::ExternalId);
  CHECK(p.create_role_id.value == 7);
  CHECK(p.create_role_id.line == 7);
  CHECK(p.create_role_id.column == 11);
  CHECK(p.create_cost_center_id.value == 3);
  CHECK(p.create_division_id.value == 2);
  REQUIRE(p.regions.size() == 2);
  CHECK(p.regions[1].value == "AMER");
  CHECK(p.regions[1].target.city_id.value == 21);
  REQUIRE(p.region_default);
  CHECK(p.region_default->region_id.value == 1);
  REQUIRE(p.roles_from_groups.size() == 2);
  CHECK(p.roles_from_groups[0].group == "JiraAlign-Admins");
  CHECK(p.role_enforce == RoleEnforce::CreateOnly);
  CHECK(p.sync == std::vector<std::string>{"firstName", "lastName", "email", "title", "region"});
  CHECK(p.protected_external_ids == std::vector<std::string>{"breakglass"});
  CHECK(p.protected_patterns == std::vector<std::string>{"svc-*"});
  REQUIRE(p.ignored_role_ids.size() == 1);
  CHECK(p.ignored_role_ids[0].value == 12);
  CHECK_FALSE(p.ignore_no_external_id);
  CHECK(p.repair_division_id->value == 2);
  CHECK(p.repair_city_id->value == 11);
  CHECK(p.repair_company == "Acme");
  REQUIRE(p.max_deactivations);
  CHECK(p.max_deactivations->is_percent);
  CHECK(p.max_deactivations->allowed(200) == 100);
  CHECK_FALSE(p.max_creates);
  CHECK_FALSE(p.allow_empty_desired);
}

TEST_CASE("the directory section is loaded and checked with the rest of the policy") {
  // It was skipped here and read by export alone, which stopped at its first problem.
  std::string text = std::string(k_policy_text) + "directory:\n  url: ldap://dc1\n";
  auto ok = load_policy(text, "alignctl.yaml");
  REQUIRE(ok.ok());
  CHECK(ok.policy.directory.url == "ldap://dc1");
  CHECK(ok.policy.directory.loaded_from == "alignctl.yaml");
  auto bad = load_policy(text + "  anything: {nested: [1, 2]}\n", "alignctl.yaml");
  REQUIRE(bad.diagnostics.size() == 1);
  CHECK(bad.diagnostics[0].message.rfind("unknown key 'anything' in section 'directory'", 0) == 0);
}

TEST_CASE("a minimal policy gets the documented defaults") {
  auto load = load_policy("create: {roleId: 7, costCenterId: 3, divisionId: 2}\n"
                          "regions: {default: {regionId: 1, cityId: 11}}\n",
                          "p.yaml");
  REQUIRE(load.ok());
  CHECK(load.policy.match_key == MatchKey::ExternalId);
  CHECK(load.policy.sync.empty());
  CHECK(load.policy.role_enforce == RoleEnforce::CreateOnly);
  REQUIRE(load.policy.max_deactivations);
  CHECK(load.policy.max_deactivations->text == "10% (default)");
  CHECK(load.policy.max_deactivations->allowed(1000) == 100);
  CHECK_FALSE(load.policy.max_creates);
}

TEST_CASE("limits: counts and percentages") {
  Limit count{false, 50, "50"};
  CHECK(count.allowed(10) == 50);
  Limit pct{true, 5, "5%"};
  CHECK(pct.allowed(1000) == 50);
  CHECK(pct.allowed(39) == 1);
  CHECK(pct.allowed(19) == 0);
}

TEST_CASE("every problem of a broken policy is reported with its position") {
  const char* text = R"(jira:
  url: https://x/rest/align/api/2
  token_env: "bad var"
  extra: 1
match:
  key: id
create:
  roleId: seven
  costCenterId: -3
regions:
  map:
    EMEA: {regionId: 1}
    emea: {regionId: 1, cityId: 11}
  default: {regionId: 1, cityId: 11}
  unknown: error
roles:
  from_groups:
    - {group: A, roleId: 9}
    - {group: a, roleId: 9}
    - {group: B}
  enforce: sometimes
sync: [firstName, phone, firstName]
protected:
  patterns: [""]
  roleIds: [x]
ignored:
  no_external_id: maybe
repair:
  company: ""
limits:
  max_deactivations: lots
  max_creates: 150%
match:
  key: email
colour: blue
directory:
  anything: goes
)";
  std::vector<std::string> expected = {
      "alignctl.yaml:3:14: error: jira.token_env must name an environment variable (letters, "
      "digits, _), not 'bad var'",
      "alignctl.yaml:4:3: error: unknown key 'extra' in section 'jira' (expected: url, token_env, "
      "auth, user, user_env)",
      "alignctl.yaml:6:8: error: match.key must be externalId or email, not 'id'",
      "alignctl.yaml:8:3: error: create.divisionId is required",
      "alignctl.yaml:8:11: error: create.roleId must be a whole number, not 'seven'",
      "alignctl.yaml:9:17: error: create.costCenterId must be a positive id, not -3",
      "alignctl.yaml:12:11: error: regions.map.EMEA needs cityId",
      "alignctl.yaml:13:5: error: duplicate region 'emea' in regions.map (first at line 12; "
      "region values are compared case-insensitively)",
      "alignctl.yaml:15:12: error: regions: give either 'default' or 'unknown: error', not both",
      "alignctl.yaml:19:15: error: group 'a' is listed twice in roles.from_groups (first at line "
      "18)",
      "alignctl.yaml:20:7: error: roles.from_groups[2] needs both group and roleId",
      "alignctl.yaml:21:12: error: roles.enforce must be create-only or always, not 'sometimes'",
      "alignctl.yaml:22:19: error: unknown sync attribute 'phone' (expected: firstName, lastName, "
      "email, title, region)",
      "alignctl.yaml:22:26: error: sync attribute 'firstName' is listed twice",
      "alignctl.yaml:24:14: error: protected.patterns entry must not be empty",
      "alignctl.yaml:25:13: error: protected.roleIds entry must be a whole number, not 'x'",
      "alignctl.yaml:27:19: error: ignored.no_external_id must be true or false, not 'maybe'",
      "alignctl.yaml:29:12: error: repair.company must not be empty (an empty company is what it "
      "repairs)",
      "alignctl.yaml:31:22: error: limits.max_deactivations must be a count or a percentage like "
      "'5%', not 'lots'",
      "alignctl.yaml:32:16: error: limits.max_creates must be a count or a percentage like '5%', "
      "not '150%'",
      "alignctl.yaml:33:1: error: duplicate key 'match' in the policy (first at line 5)",
      "alignctl.yaml:35:1: error: unknown key 'colour' in the policy (expected: jira, match, "
      "create, regions, roles, sync, protected, ignored, repair, limits, directory, locked, "
      "login_dates)",
      "alignctl.yaml:37:3: error: unknown key 'anything' in section 'directory' (expected: "
      "type, url, bind, bind_dn, password_env, password_file, sasl_mech, ca_file, starttls, "
      "tls_verify, connect_timeout, search_timeout, referrals, base_dn, nested, page_size, "
      "range_size, user_filter, group_filter, disabled_filter, key, lowercase_key, max_shrink, "
      "missing_email, email_fallback, csv_groups_column, csv_enabled_column, tenant_id, "
      "client_id, client_secret_env, client_secret_file, client_certificate, client_key, "
      "authority, graph_url, guests, concurrency, groups, attributes)",
  };
  CHECK(policy_load_messages(text) == expected);
}

TEST_CASE("invalid YAML, a non-mapping and missing sections") {
  CHECK(policy_load_messages("jira: [\n") ==
        std::vector<std::string>{
            "alignctl.yaml:2:1: error: not valid YAML: end of sequence flow not found"});
  CHECK(policy_load_messages("- a\n") ==
        std::vector<std::string>{"alignctl.yaml: error: the policy must be a "
                                 "YAML mapping (jira:, match:, create:, "
                                 "regions:, …)"});
  CHECK(policy_load_messages("match: {key: email}\n") ==
        std::vector<std::string>{
            "alignctl.yaml: error: missing section 'create' (roleId, costCenterId, divisionId for "
            "new users)",
            "alignctl.yaml: error: missing section 'regions' (where new users' regionId and cityId "
            "come from)"});
}

TEST_CASE("wrong kinds of values") {
  CHECK(policy_load_messages(
            "create: 5\nregions: {map: {}}\nsync: firstName\nlimits: {allow_empty_desired: "
            "yes}\n") ==
        std::vector<std::string>{
            "alignctl.yaml:1:9: error: section 'create' must be a mapping",
            "alignctl.yaml:2:10: error: regions needs a map of directory values or a default",
            "alignctl.yaml:3:7: error: sync must be a list",
            "alignctl.yaml:4:31: error: limits.allow_empty_desired must be true or false, not "
            "'yes'",
        });
}
