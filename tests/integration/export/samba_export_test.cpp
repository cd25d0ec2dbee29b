// alignctl export against a real Active Directory (Samba 4 as a domain
// controller): sAMAccountName, the in-chain rule over three levels of
// nesting, userAccountControl, a 2,000-member group read through range
// retrieval, the referral to CN=Configuration (followed, or refused), LDAPS
// and StartTLS with certificate verification, and a SASL/GSSAPI bind with a
// Kerberos ticket from the domain's own KDC. One domain for the whole
// process: provisioning is the expensive part.
#include "tests/support/desired_text.hpp"
#include "tests/support/process.hpp"
#include "tests/support/samba_fixture.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/core.h>

using namespace alignctl::test;

namespace {

const std::string k_users_ou = "OU=Staff,DC=corp,DC=example,DC=com";
const std::string k_groups_ou = "OU=Groups,DC=corp,DC=example,DC=com";

std::string ad_user(const std::string& sam, const std::string& given, const std::string& sn,
                    const std::string& region, bool disabled, const std::string& title = "") {
  // 544 = NORMAL_ACCOUNT | PASSWD_NOTREQD (enabled without a password); 546 adds ACCOUNTDISABLE.
  std::string s = fmt::format("dn: CN={0},{1}\nobjectClass: user\nsAMAccountName: {0}\n"
                              "givenName: {2}\nsn: {3}\nmail: {0}@corp.example.com\n"
                              "userAccountControl: {4}\n",
                              sam, k_users_ou, given, sn, disabled ? 546 : 544);
  if (!region.empty()) {
    s += "physicalDeliveryOfficeName: " + region + "\n";
  }
  if (!title.empty()) {
    s += "title: " + title + "\n";
  }
  return s + "\n";
}

std::string ad_group(const std::string& cn, const std::vector<std::string>& members) {
  std::string s =
      fmt::format("dn: CN={0},{1}\nobjectClass: group\nsAMAccountName: {0}\n", cn, k_groups_ou);
  for (const auto& m : members) {
    s += "member: " + m + "\n";
  }
  return s + "\n";
}

std::string udn(const std::string& sam) {
  return "CN=" + sam + "," + k_users_ou;
}
std::string gdn(const std::string& cn) {
  return "CN=" + cn + "," + k_groups_ou;
}

std::vector<std::string> args_for(const SambaDomain&, const std::string& url,
                                  const std::string& out, const std::string& group) {
  return {alignctl_bin(),
          "export",
          "--url",
          url,
          "--bind-dn",
          SambaDomain::admin_dn(),
          "--password-env",
          "TEST_AD_PW",
          "--base-dn",
          SambaDomain::base_dn(),
          "--group",
          group,
          "--region-attribute",
          "physicalDeliveryOfficeName",
          "--out",
          out};
}

RunOptions samba_env() {
  RunOptions o;
  o.env["TEST_AD_PW"] = SambaDomain::admin_password();
  return o;
}

} // namespace

TEST_CASE("Samba AD: in-chain nesting, userAccountControl, ranges, referrals, TLS, GSSAPI",
          "[integration][export][samba]") {
  SambaDomain ad;
  ad.add("dn: " + k_users_ou +
         "\nobjectClass: organizationalUnit\nou: Staff\n\n"
         "dn: " +
         k_groups_ou + "\nobjectClass: organizationalUnit\nou: Groups\n\n" +
         ad_user("adavis", "Ann", "Davis", "EMEA", false, "Senior Engineer") +
         ad_user("bkhan", "Bilal", "Khan", "AMER", false) +
         ad_user("cmoreau", "Céline", "Moreau", "EMEA", false) +
         ad_user("dlee", "Dana", "Lee", "APAC", false) +
         ad_user("edisabled", "Eve", "Disabled", "AMER", true) +
         ad_user("foutside", "Finn", "Outside", "AMER", false));
  // Three levels below the configured group: JiraAlign-Users ⊃ Level1 ⊃ Level2 ⊃ Level3.
  ad.add(ad_group("Level3", {udn("dlee"), udn("edisabled")}) +
         ad_group("Level2", {udn("cmoreau"), gdn("Level3")}) +
         ad_group("Level1", {udn("bkhan"), gdn("Level2")}) +
         ad_group("JiraAlign-Users", {udn("adavis"), gdn("Level1")}));

  TempDir dir("alignctl-export-samba");
  const std::string out = (dir / "users.yaml").string();

  // 1. In-chain from the domain root: Samba refers subtree searches to
  //    CN=Configuration; the referral is followed on the same DC (noted).
  auto args = args_for(ad, ad.ldap_url(), out, gdn("JiraAlign-Users"));
  auto r = run_command(args, samba_env());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string expected =
      "# alignctl desired state — who should have a Jira Align account.\n"
      "# Source: groups " +
      gdn("JiraAlign-Users") +
      "\n"
      "# Written by alignctl export. Change the directory, not this file.\n"
      "version: 1\n"
      "users:\n"
      "  - externalId: adavis\n    firstName: Ann\n    lastName: Davis\n"
      "    email: adavis@corp.example.com\n    title: Senior Engineer\n    region: EMEA\n"
      "    groups: [JiraAlign-Users]\n"
      "  - externalId: bkhan\n    firstName: Bilal\n    lastName: Khan\n"
      "    email: bkhan@corp.example.com\n    region: AMER\n    groups: [JiraAlign-Users]\n"
      "  - externalId: cmoreau\n    firstName: Céline\n    lastName: Moreau\n"
      "    email: cmoreau@corp.example.com\n    region: EMEA\n    groups: [JiraAlign-Users]\n"
      "  - externalId: dlee\n    firstName: Dana\n    lastName: Lee\n"
      "    email: dlee@corp.example.com\n    region: APAC\n    groups: [JiraAlign-Users]\n";
  const std::string first = read_file(out);
  CHECK(first == expected);
  CHECK(r.err.find("alignctl: note: followed referral to ldap://") != std::string::npos);
  REQUIRE(run_command(args, samba_env()).exit_code == 0);
  CHECK(read_file(out) == first); // byte-identical

  // 1b. The same export with a SASL/GSSAPI bind: a Kerberos ticket from the
  //     domain's own KDC, no bind DN, no password anywhere. Without a ticket
  //     the bind fails with a clear error and nothing is written.
  auto gss = args_for(ad, ad.ldap_url(), (dir / "gssapi.yaml").string(), gdn("JiraAlign-Users"));
  gss.erase(gss.begin() + 4, gss.begin() + 8); // drop --bind-dn DN --password-env VAR
  gss.insert(gss.end(), {"--bind", "gssapi"});
  RunOptions no_ticket;
  no_ticket.env = ad.kerberos_env("empty");
  auto nt = run_command(gss, no_ticket);
  CHECK(nt.exit_code == 1);
  CHECK(nt.err.find("GSSAPI") != std::string::npos);
  CHECK(nt.err.find("credentials") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "gssapi.yaml"));
  RunOptions ticket;
  ticket.env = ad.kinit_admin();
  auto g = run_command(gss, ticket);
  INFO(g.err);
  REQUIRE(g.exit_code == 0);
  CHECK(read_file(dir / "gssapi.yaml") == first);

  // 2. The same with referrals refused: an error, nothing written.
  const std::string refused_out = (dir / "refused.yaml").string();
  auto refuse = args_for(ad, ad.ldap_url(), refused_out, gdn("JiraAlign-Users"));
  refuse.insert(refuse.end(), {"--referrals", "error"});
  auto rr = run_command(refuse, samba_env());
  CHECK(rr.exit_code == 1);
  CHECK(rr.err.find("the server returned a referral to ldap://") != std::string::npos);
  CHECK(rr.err.find("CN=Configuration,DC=corp,DC=example,DC=com") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(refused_out));

  // 3. LDAPS and StartTLS, verified against the test CA; without the CA the
  //    connection is refused.
  const std::string tls_out = (dir / "tls.yaml").string();
  auto ldaps = args_for(ad, ad.ldaps_url(), tls_out, gdn("JiraAlign-Users"));
  ldaps.insert(ldaps.end(), {"--ca-file", ad.ca_file()});
  auto lr = run_command(ldaps, samba_env());
  INFO(lr.err);
  CHECK(lr.exit_code == 0);
  CHECK(count_desired_users(read_file(tls_out)) == 4);
  auto starttls = args_for(ad, ad.ldap_url(), tls_out, gdn("JiraAlign-Users"));
  starttls.insert(starttls.end(), {"--starttls", "--ca-file", ad.ca_file()});
  CHECK(run_command(starttls, samba_env()).exit_code == 0);
  auto untrusted =
      args_for(ad, ad.ldaps_url(), (dir / "untrusted.yaml").string(), gdn("JiraAlign-Users"));
  auto ur = run_command(untrusted, samba_env());
  CHECK(ur.exit_code == 1);
  CHECK(ur.err.find("alignctl: error: connecting to " + ad.ldaps_url() +
                    ": Can't contact LDAP server (-1)") == 0);

  // 4. A 2,000-member group read with range retrieval (client-side expansion
  //    asks for member;range=0-1499, then 1500-2999).
  std::string bulk;
  std::vector<std::string> members;
  for (int i = 0; i < 2000; ++i) {
    const std::string sam = fmt::format("bulk{:04}", i);
    bulk += ad_user(sam, "Bulk", fmt::format("User{}", i), i % 2 ? "EMEA" : "AMER", false);
    members.push_back(udn(sam));
  }
  ad.add(bulk);
  ad.add(ad_group("Bulk-Users", members));
  const std::string bulk_out = (dir / "bulk.yaml").string();
  auto ranged = args_for(ad, ad.ldap_url(), bulk_out, "Bulk-Users");
  ranged.insert(ranged.end(),
                {"--nested", "recursive", "--range-size", "1500", "--page-size", "700"});
  auto br = run_command(ranged, samba_env());
  INFO(br.err);
  REQUIRE(br.exit_code == 0);
  const std::string bulk_text = read_file(bulk_out);
  CHECK(count_desired_users(bulk_text) == 2000);
  CHECK(bulk_text.find("  - externalId: bulk1999\n") != std::string::npos);
  // Samba really answered in ranges (0-1499, then 1500-*), not with one plain list.
  CHECK(br.err.find("note: read the 2000 members of 'CN=Bulk-Users") != std::string::npos);
  CHECK(br.err.find("in 2 ranges (member;range=)") != std::string::npos);
  // In-chain over the same group agrees byte for byte.
  auto inchain = args_for(ad, ad.ldap_url(), (dir / "bulk-inchain.yaml").string(), "Bulk-Users");
  REQUIRE(run_command(inchain, samba_env()).exit_code == 0);
  CHECK(read_file(dir / "bulk-inchain.yaml") == bulk_text);

  // Domain Users is every user's primary group, which AD does not list in
  // `member`: the export finds nobody and says why.
  auto primary = args_for(ad, ad.ldap_url(), (dir / "primary.yaml").string(), "Domain Users");
  auto pr = run_command(primary, samba_env());
  INFO(pr.err);
  CHECK(pr.exit_code == 1);
  CHECK(pr.err.find("alignctl: warning: group 'CN=Domain Users,") != std::string::npos);
  CHECK(pr.err.find("' gave no users; Active Directory does not list a user in the `member` "
                    "attribute of the user's primary group") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "primary.yaml"));

  // A region attribute no entry has: every user would get no region — said, not silent.
  auto misnamed =
      args_for(ad, ad.ldap_url(), (dir / "misnamed.yaml").string(), gdn("JiraAlign-Users"));
  misnamed[misnamed.size() - 3] = "officeRegion";
  auto mr = run_command(misnamed, samba_env());
  INFO(mr.err);
  CHECK(mr.exit_code == 0);
  CHECK(mr.err.find("alignctl: warning: none of the 4 users has a value for 'officeRegion', the "
                    "attribute mapped to region: every user gets no region") != std::string::npos);
}
