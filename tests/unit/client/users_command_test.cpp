#include "cmd/cmd_users.hpp"
#include "state/util/fatal.hpp"

#include <CLI/CLI.hpp>
#include <catch2/catch.hpp>
#include <cstdlib>

using namespace alignctl;

namespace {

void parse(CLI::App& app, std::vector<std::string> args) {
  std::reverse(args.begin(), args.end()); // CLI11 takes them reversed
  app.parse(args);
}

LiveUser user(std::int64_t id, int locked, std::optional<std::string> ext = std::nullopt) {
  LiveUser u;
  u.id = id;
  u.external_id = std::move(ext);
  u.first_name = "Zoë";
  u.last_name = "Smith";
  u.email = "z" + std::to_string(id) + "@example.com";
  u.is_locked = locked;
  u.role_id = 3;
  return u;
}

} // namespace

TEST_CASE("users: options are parsed into the connection and filters", "[users]") {
  CLI::App app;
  UsersOptions o;
  add_users_options(app, o);
  parse(app, {"--url", "https://acme.jiraalign.com/rest/align/api/2", "--token-file", "/t",
              "--ca-bundle", "/ca.pem", "--concurrency", "8", "--max-rps", "2.5", "--timeout", "5",
              "--json", "--active"});
  CHECK(o.connection.url == "https://acme.jiraalign.com/rest/align/api/2");
  CHECK(o.connection.token_file == "/t");
  CHECK(o.connection.ca_bundle == "/ca.pem");
  CHECK(o.connection.concurrency == 8);
  CHECK(o.connection.max_rps == 2.5);
  CHECK(o.connection.timeout_s == 5);
  CHECK(o.json);
  CHECK(o.active);
  CHECK_FALSE(o.inactive);
  CHECK_FALSE(o.connection.insecure);
}

TEST_CASE("users: defaults and refused combinations", "[users]") {
  {
    CLI::App app;
    UsersOptions o;
    add_users_options(app, o);
    parse(app, {});
    CHECK(o.connection.concurrency == 4);
    CHECK(o.connection.max_rps == 0);
    CHECK_FALSE(o.json);
  }
  for (std::vector<std::string> bad : {std::vector<std::string>{"--active", "--inactive"},
                                       {"--concurrency", "0"},
                                       {"--concurrency", "65"},
                                       {"--max-rps", "-1"},
                                       {"--timeout", "0"}}) {
    CLI::App app;
    UsersOptions o;
    add_users_options(app, o);
    CHECK_THROWS_AS(parse(app, bad), CLI::ParseError);
  }
}

TEST_CASE("users: resolving the connection reads the token and checks the URL", "[users]") {
  ConnectionOptions o;
  CHECK_THROWS_WITH(
      resolve_connection(o),
      "no Jira Align URL: give --url (e.g. https://acme.jiraalign.com/rest/align/api/2)");
  o.url = "http://acme.jiraalign.com/rest/align/api/2";
  CHECK_THROWS_WITH(resolve_connection(o), Catch::Contains("refusing plain http://"));
  o.url = "https://acme.jiraalign.com/rest/align/api/2/";
  o.token_env = "ALIGNCTL_TEST_TOKEN_UNSET_X";
  ::unsetenv("ALIGNCTL_TEST_TOKEN_UNSET_X");
  CHECK_THROWS_WITH(resolve_connection(o),
                    "Jira Align token: environment variable ALIGNCTL_TEST_TOKEN_UNSET_X is not set "
                    "(or give a file)");
  ::setenv("ALIGNCTL_TEST_TOKEN_SET_X", "user:1|s3cr3t/;{", 1);
  o.token_env = "ALIGNCTL_TEST_TOKEN_SET_X";
  o.concurrency = 8;
  o.timeout_s = 2.5;
  ClientConfig c = resolve_connection(o);
  CHECK(c.base_url == "https://acme.jiraalign.com/rest/align/api/2");
  CHECK(c.token.reveal() == "user:1|s3cr3t/;{");
  CHECK(c.token_origin == "environment variable ALIGNCTL_TEST_TOKEN_SET_X");
  CHECK(c.concurrency == 8);
  CHECK(c.timeout == std::chrono::milliseconds(2500));
  CHECK(c.auth == AuthScheme::Bearer);
  // The policy's variable is used when no --token-env is given.
  o.token_env.clear();
  Policy policy;
  policy.jira_token_env = "ALIGNCTL_TEST_TOKEN_SET_X";
  ClientConfig p = resolve_connection(o, &policy);
  CHECK(p.token_origin == "environment variable ALIGNCTL_TEST_TOKEN_SET_X");
}

TEST_CASE("users: Basic auth takes the email from --user, --user-env or the policy", "[users]") {
  ::setenv("ALIGNCTL_TEST_TOKEN_SET_Y", "atlassian-api-token", 1);
  ConnectionOptions o;
  o.url = "https://acme.jiraalign.com/rest/align/api/2";
  o.token_env = "ALIGNCTL_TEST_TOKEN_SET_Y";
  Policy policy;
  policy.jira_auth = "basic";
  policy.jira_user = "policy@example.com";
  ClientConfig from_policy = resolve_connection(o, &policy);
  CHECK(from_policy.auth == AuthScheme::Basic);
  CHECK(from_policy.basic_user == "policy@example.com");
  CHECK(from_policy.token_origin == "environment variable ALIGNCTL_TEST_TOKEN_SET_Y (sent with "
                                    "Basic auth as policy@example.com)");
  o.user = "cli@example.com";
  CHECK(resolve_connection(o, &policy).basic_user == "cli@example.com");
  o.auth = "bearer"; // the command line wins over the policy
  CHECK_THROWS_WITH(resolve_connection(o, &policy),
                    "--user and --user-env are only used with --auth basic");
  o.auth = "basic";
  o.user.clear();
  o.user_env = "ALIGNCTL_TEST_USER_Y";
  ::setenv("ALIGNCTL_TEST_USER_Y", "env@example.com", 1);
  CHECK(resolve_connection(o).basic_user == "env@example.com");
  ::setenv("ALIGNCTL_TEST_USER_Y", "user:1|pasted-token", 1);
  CHECK_THROWS_WITH(resolve_connection(o), "Basic auth: the email from ALIGNCTL_TEST_USER_Y "
                                           "contains ':', which an email cannot");
  ::unsetenv("ALIGNCTL_TEST_USER_Y");
  CHECK_THROWS_WITH(resolve_connection(o), "Basic auth: environment variable ALIGNCTL_TEST_USER_Y "
                                           "(the email of the API token's account) is not set");
  o.user_env.clear();
  CHECK_THROWS_WITH(resolve_connection(o), Catch::StartsWith("Basic auth needs the email"));
}

TEST_CASE("users: --active and --inactive filter on isLocked", "[users]") {
  std::vector<LiveUser> all = {user(1, 0), user(2, -1), user(3, 1), user(4, 0)};
  UsersOptions o;
  CHECK(filter_users(all, o).size() == 4);
  o.active = true;
  auto active = filter_users(all, o);
  REQUIRE(active.size() == 2);
  CHECK(active[0].id == 1);
  CHECK(active[1].id == 4);
  o.active = false;
  o.inactive = true;
  auto inactive = filter_users(all, o);
  REQUIRE(inactive.size() == 2);
  CHECK(inactive[0].id == 2);
  CHECK(inactive[1].id == 3);
}

TEST_CASE("users: the table aligns columns, multi-byte names included", "[users]") {
  std::string t = users_table({user(7, 0, "S-7"), user(1234, -1)});
  CHECK(t == "ID    EXTERNAL ID  NAME       EMAIL              STATUS    ROLE\n"
             "7     S-7          Zoë Smith  z7@example.com     Active    3\n"
             "1234  -            Zoë Smith  z1234@example.com  Inactive  3\n");
}
