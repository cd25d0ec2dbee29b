// Entra ID (issue 15) without a server: the directory section's entra options
// through the one parser, the type's defaults and checks, a Graph user as a
// DirectoryEntry, object ids, and the client assertion's shape.
#include "state/directory/directory_config.hpp"
#include "state/directory/entra_reader.hpp"
#include "state/directory/entra_token.hpp"
#include "state/directory/user_mapping.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;

namespace {

DirectoryConfig entra_config_for_test() {
  DirectoryConfig c;
  REQUIRE(set_directory_option(c, "type", "entra"));
  REQUIRE(set_directory_option(c, "tenant_id", "00000000-0000-0000-0000-0000000000aa"));
  REQUIRE(set_directory_option(c, "client_id", "11111111-1111-1111-1111-111111111111"));
  c.groups = {"JiraAlign-Users"};
  return c;
}

} // namespace

TEST_CASE("entra: the type's defaults and the options' checks", "[export][entra]") {
  DirectoryConfig c = entra_config_for_test();
  REQUIRE(finalize_directory_config(c, true)); // need_ldap does not apply to entra
  CHECK(c.type == DirectoryType::Entra);
  CHECK(c.fields.at("externalId").attribute == "onPremisesSamAccountName");
  CHECK(c.fields.at("lastName").attribute == "surname");
  CHECK(c.fields.at("title").attribute == "jobTitle");
  CHECK(c.page_size == 999);
  CHECK(c.client_secret_env == "ALIGNCTL_ENTRA_CLIENT_SECRET");
  CHECK(c.authority == "https://login.microsoftonline.com");
  CHECK(c.guests == GuestPolicy::Exclude);

  DirectoryConfig big = entra_config_for_test();
  REQUIRE(set_directory_option(big, "page_size", "1000"));
  auto r = finalize_directory_config(big, false);
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("at most 999") != std::string::npos);

  DirectoryConfig clear = entra_config_for_test();
  REQUIRE(set_directory_option(clear, "graph_url", "http://graph.example.com"));
  CHECK_FALSE(finalize_directory_config(clear, false)); // a token never in clear text

  DirectoryConfig no_tenant;
  REQUIRE(set_directory_option(no_tenant, "type", "entra"));
  auto t = finalize_directory_config(no_tenant, false);
  REQUIRE_FALSE(t);
  CHECK(t.error().message.find("--tenant-id") != std::string::npos);

  DirectoryConfig both = entra_config_for_test();
  both.client_certificate = "app.pem";
  both.client_secret_file = "secret";
  CHECK_FALSE(finalize_directory_config(both, false));

  DirectoryConfig g;
  CHECK(set_directory_option(g, "guests", "include"));
  CHECK(g.guests == GuestPolicy::Include);
  auto bad = set_directory_option(g, "guests", "maybe");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message == "guests must be include or exclude, not 'maybe'");
  CHECK_FALSE(set_directory_option(g, "concurrency", "0"));
}

TEST_CASE("entra: a Graph user becomes a DirectoryEntry the LDAP mapping reads",
          "[export][entra]") {
  const nlohmann::json user = {
      {"@odata.type", "#microsoft.graph.user"},
      {"id", "uuuuuuuu-0000-4000-8000-000000000001"},
      {"userPrincipalName", "ann@contoso.example"},
      {"onPremisesSamAccountName", "ann"},
      {"givenName", "Ann"},
      {"surname", "Example"},
      {"mail", nullptr},
      {"accountEnabled", true},
      {"proxyAddresses", {"SMTP:ann@contoso.example", "smtp:a@contoso.example"}},
      {"onPremisesExtensionAttributes", {{"extensionAttribute3", "EMEA"}}}};
  DirectoryEntry e = entra_user_entry(user);
  CHECK(e.dn == "ann@contoso.example");
  CHECK(e.first("onPremisesSamAccountName") == "ann");
  CHECK(e.first("accountenabled") == "true");
  CHECK_FALSE(e.has("mail"));
  CHECK_FALSE(e.has("@odata.type"));
  CHECK(e.values("proxyAddresses").size() == 2);
  CHECK(e.first("onPremisesExtensionAttributes.extensionAttribute3") == "EMEA");

  DirectoryConfig c = entra_config_for_test();
  c.fields["region"] = FieldMapping{"onPremisesExtensionAttributes.extensionAttribute3", "", true};
  REQUIRE(finalize_directory_config(c, false));
  auto u = map_user(e, {"JiraAlign-Users"}, c, e.dn);
  REQUIRE(u);
  CHECK(u->external_id == "ann");
  CHECK(u->last_name == "Example");
  CHECK(u->region == "EMEA");
}

TEST_CASE("entra: object ids are GUIDs, display names are not", "[export][entra]") {
  CHECK(is_object_id("3f6b9a52-1c1e-4b8e-9d2a-6b0d7c1f0a11"));
  CHECK(is_object_id("3F6B9A52-1C1E-4B8E-9D2A-6B0D7C1F0A11"));
  CHECK_FALSE(is_object_id("JiraAlign-Users"));
  CHECK_FALSE(is_object_id("3f6b9a52-1c1e-4b8e-9d2a-6b0d7c1f0a1"));
  CHECK_FALSE(is_object_id("3f6b9a52x1c1e-4b8e-9d2a-6b0d7c1f0a11"));
}

TEST_CASE("entra: a client assertion needs a readable certificate and its RSA key",
          "[export][entra]") {
  auto missing = make_client_assertion("/nonexistent/app.pem", "/nonexistent/app.key", "c",
                                       "https://login/t/oauth2/v2.0/token", 0);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message.find("/nonexistent/app.pem") != std::string::npos);
}
