// The policy's jira.auth / jira.user / jira.user_env keys (Basic auth).
#include "fixtures.hpp"
#include "planner/policy_loader.hpp"

using namespace alignctl;

namespace {

const char* k_auth_rest = "create: {roleId: 7, costCenterId: 3, divisionId: 2}\n"
                          "regions: {default: {regionId: 1, cityId: 11}}\n";

std::vector<std::string> auth_messages(const std::string& jira) {
  std::vector<std::string> out;
  for (const Diagnostic& d : load_policy(jira + k_auth_rest, "alignctl.yaml").diagnostics) {
    out.push_back(d.to_string());
  }
  return out;
}

} // namespace

TEST_CASE("jira.auth defaults to bearer, basic takes jira.user or jira.user_env") {
  auto plain = load_policy(std::string("jira: {url: https://x/rest/align/api/2}\n") + k_auth_rest,
                           "alignctl.yaml");
  REQUIRE(plain.ok());
  CHECK(plain.policy.jira_auth == "bearer");
  CHECK(plain.policy.jira_user.empty());

  auto basic =
      load_policy(std::string("jira:\n  auth: basic\n  user: admin@example.com\n") + k_auth_rest,
                  "alignctl.yaml");
  REQUIRE(basic.ok());
  CHECK(basic.policy.jira_auth == "basic");
  CHECK(basic.policy.jira_user == "admin@example.com");

  auto by_env = load_policy(
      std::string("jira:\n  auth: basic\n  user_env: JA_USER\n") + k_auth_rest, "alignctl.yaml");
  REQUIRE(by_env.ok());
  CHECK(by_env.policy.jira_user_env == "JA_USER");
  CHECK(by_env.policy.jira_user.empty());
}

TEST_CASE("jira auth keys: each mistake named with its position") {
  CHECK(auth_messages("jira:\n  auth: digest\n") ==
        std::vector<std::string>{
            "alignctl.yaml:2:9: error: jira.auth must be bearer or basic, not 'digest'"});
  CHECK(auth_messages("jira:\n  auth: basic\n") ==
        std::vector<std::string>{"alignctl.yaml:2:9: error: jira.auth: basic needs jira.user (the "
                                 "email of the API token's account) or jira.user_env"});
  CHECK(auth_messages("jira:\n  user: admin@example.com\n") ==
        std::vector<std::string>{"alignctl.yaml:2:9: error: jira.user and jira.user_env are only "
                                 "used with jira.auth: basic"});
  CHECK(auth_messages("jira:\n  auth: basic\n  user: admin\n") ==
        std::vector<std::string>{"alignctl.yaml:3:9: error: jira.user must be the email of the API "
                                 "token's account, not 'admin'"});
  CHECK(auth_messages("jira:\n  auth: basic\n  user: a@b.c\n  user_env: X\n") ==
        std::vector<std::string>{
            "alignctl.yaml:4:13: error: give jira.user or jira.user_env, not both"});
  CHECK(auth_messages("jira:\n  auth: basic\n  user_env: \"A B\"\n") ==
        std::vector<std::string>{"alignctl.yaml:3:13: error: jira.user_env must name an "
                                 "environment variable (letters, digits, _), not 'A B'"});
}
