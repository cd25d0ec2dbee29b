// alignctl export --source entra against graph-sim (the Microsoft Graph
// simulator) through the real binary: nested groups with a cycle, disabled
// users, guests, members that are not users, paging across many pages, each
// injected fault, a token that expires or is revoked mid-export, a display
// name two groups share, a certificate assertion, and wrong credentials —
// a clear error and no file.
#include "tests/support/graph_sim_fixture.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/core.h>
#include <memory>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

using namespace alignctl::test;
namespace fs = std::filesystem;

namespace {

nlohmann::json entra_user(const std::string& id, const std::string& sam, bool enabled = true) {
  return {{"id", id},
          {"displayName", sam},
          {"givenName", sam},
          {"surname", "Tester"},
          {"mail", sam + "@contoso.example"},
          {"userPrincipalName", sam + "@contoso.example"},
          {"onPremisesSamAccountName", sam},
          {"jobTitle", "Engineer"},
          {"officeLocation", "EMEA"},
          {"accountEnabled", enabled},
          {"userType", "Member"}};
}

const char* k_users_group = "aaaaaaaa-0000-4000-8000-000000000001";

// JiraAlign-Users ⊃ Nested-A ⊃ Nested-B ⊃ Nested-A (a cycle); a disabled user,
// a guest, a device, a service principal and a contact; two groups named "Dup".
nlohmann::json small_tenant() {
  nlohmann::json guest = {{"id", "uuuuuuuu-0000-4000-8000-000000000005"},
                          {"displayName", "Dave Guest"},
                          {"givenName", "Dave"},
                          {"surname", "Guest"},
                          {"mail", "dave@partner.example"},
                          {"userPrincipalName", "dave_partner.example#EXT#@contoso.example"},
                          {"accountEnabled", true},
                          {"userType", "Guest"}};
  return {{"users",
           {entra_user("uuuuuuuu-0000-4000-8000-000000000001", "alice"),
            entra_user("uuuuuuuu-0000-4000-8000-000000000002", "bob"),
            entra_user("uuuuuuuu-0000-4000-8000-000000000003", "carol", false),
            entra_user("uuuuuuuu-0000-4000-8000-000000000004", "erin"), guest,
            entra_user("uuuuuuuu-0000-4000-8000-000000000006", "frank")}},
          {"groups",
           {{{"id", k_users_group},
             {"displayName", "JiraAlign-Users"},
             {"members",
              {"uuuuuuuu-0000-4000-8000-000000000001", "aaaaaaaa-0000-4000-8000-000000000002",
               "uuuuuuuu-0000-4000-8000-000000000003", "uuuuuuuu-0000-4000-8000-000000000005",
               "dddddddd-0000-4000-8000-000000000001", "dddddddd-0000-4000-8000-000000000002",
               "dddddddd-0000-4000-8000-000000000003"}}},
            {{"id", "aaaaaaaa-0000-4000-8000-000000000002"},
             {"displayName", "Nested-A"},
             {"members",
              {"uuuuuuuu-0000-4000-8000-000000000002", "aaaaaaaa-0000-4000-8000-000000000003"}}},
            {{"id", "aaaaaaaa-0000-4000-8000-000000000003"},
             {"displayName", "Nested-B"},
             {"members",
              {"uuuuuuuu-0000-4000-8000-000000000004", "aaaaaaaa-0000-4000-8000-000000000002",
               "uuuuuuuu-0000-4000-8000-000000000006"}}},
            {{"id", "aaaaaaaa-0000-4000-8000-000000000004"},
             {"displayName", "Dup"},
             {"members", {"uuuuuuuu-0000-4000-8000-000000000001"}}},
            {{"id", "aaaaaaaa-0000-4000-8000-000000000005"},
             {"displayName", "Dup"},
             {"members", {"uuuuuuuu-0000-4000-8000-000000000002"}}}}},
          {"objects",
           {{{"id", "dddddddd-0000-4000-8000-000000000001"},
             {"@odata.type", "#microsoft.graph.device"},
             {"displayName", "Build Agent"}},
            {{"id", "dddddddd-0000-4000-8000-000000000002"},
             {"@odata.type", "#microsoft.graph.servicePrincipal"},
             {"displayName", "Deploy Bot"}},
            {{"id", "dddddddd-0000-4000-8000-000000000003"},
             {"@odata.type", "#microsoft.graph.orgContact"},
             {"displayName", "Outside Contact"}}}}};
}

struct EntraRun {
  TempDir dir{"alignctl-entra"};
  RunResult run(const GraphSim& sim, std::vector<std::string> extra,
                const std::string& secret = "") const {
    std::vector<std::string> argv = {alignctl_bin(), "export", "--out", "users.yaml"};
    auto a = sim.export_args();
    argv.insert(argv.end(), a.begin(), a.end());
    argv.insert(argv.end(), extra.begin(), extra.end());
    RunOptions o;
    o.cwd = dir.path().string();
    o.env = {{"ALIGNCTL_ENTRA_CLIENT_SECRET", secret.empty() ? sim.client_secret() : secret}};
    return run_command(argv, o);
  }
  bool written() const { return fs::exists(dir / "users.yaml"); }
  std::string file() const { return read_file(dir / "users.yaml"); }
};

// "  - externalId: x" lines of a desired-state file, in order.
std::vector<std::string> keys_in(const std::string& yaml) {
  std::vector<std::string> keys;
  std::size_t pos = 0;
  const std::string tag = "- externalId: ";
  while ((pos = yaml.find(tag, pos)) != std::string::npos) {
    pos += tag.size();
    keys.push_back(yaml.substr(pos, yaml.find('\n', pos) - pos));
  }
  return keys;
}

std::int64_t count_of(const nlohmann::json& counts, const char* name) {
  return counts.value(name, std::int64_t{0});
}

// A self-signed RSA certificate and its key (PEM) in `dir` as NAME.pem / NAME.key.
void make_rsa_certificate(const fs::path& dir, const std::string& name) {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  REQUIRE(key != nullptr);
  X509* cert = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 7);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
  X509_set_pubkey(cert, key);
  X509_NAME* subject = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("alignctl entra test"), -1, -1,
                             0);
  X509_set_issuer_name(cert, subject);
  REQUIRE(X509_sign(cert, key, EVP_sha256()) > 0);
  FILE* f = std::fopen((dir / (name + ".pem")).c_str(), "wb");
  PEM_write_X509(f, cert);
  std::fclose(f);
  f = std::fopen((dir / (name + ".key")).c_str(), "wb");
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  fs::permissions(dir / (name + ".key"), fs::perms::owner_read | fs::perms::owner_write);
  X509_free(cert);
  EVP_PKEY_free(key);
}

} // namespace

TEST_CASE("entra export: nested groups with a cycle, users only, disabled and guests left out",
          "[entra]") {
  GraphSim sim(GraphSimOptions{small_tenant(), "graph-sim-secret", {}});
  EntraRun r;
  auto res = r.run(sim, {"--group", "JiraAlign-Users", "--region-attribute", "officeLocation"});
  INFO(res.err);
  REQUIRE(res.exit_code == 0);
  CHECK(keys_in(r.file()) == std::vector<std::string>{"alice", "bob", "erin", "frank"});
  CHECK(r.file().find("region: EMEA") != std::string::npos);
  CHECK(r.file().find("groups: [JiraAlign-Users]") != std::string::npos);
  CHECK(res.err.find("1 disabled (accountEnabled false)") != std::string::npos);
  CHECK(res.err.find("1 guests (directory.guests: exclude)") != std::string::npos);
  CHECK(res.err.find("1 device (not users)") != std::string::npos);
  CHECK(res.err.find("1 servicePrincipal (not users)") != std::string::npos);
  CHECK(res.err.find("1 orgContact (not users)") != std::string::npos);

  SECTION("--check against the written file is up to date") {
    auto check = r.run(
        sim, {"--group", "JiraAlign-Users", "--region-attribute", "officeLocation", "--check"});
    CHECK(check.exit_code == 0);
    CHECK(check.out.find("up to date (4 users)") != std::string::npos);
  }
  SECTION("the groups field names each configured group giving access") {
    auto both = r.run(sim, {"--group", "JiraAlign-Users", "--group", "Nested-B"});
    REQUIRE(both.exit_code == 0);
    CHECK(r.file().find("externalId: erin") != std::string::npos);
    CHECK(r.file().find("groups: [JiraAlign-Users, Nested-B]") != std::string::npos);
  }
  SECTION("a group by object id gives the same users") {
    auto by_id =
        r.run(sim, {"--group", k_users_group, "--check", "--region-attribute", "officeLocation"});
    CHECK(by_id.exit_code == 0);
  }
}

TEST_CASE("entra export: guests by explicit policy, never an #EXT# key by accident", "[entra]") {
  GraphSim sim(GraphSimOptions{small_tenant(), "graph-sim-secret", {}});
  EntraRun r;
  SECTION("included with the key from onPremisesSamAccountName: no key, a clear error") {
    auto res = r.run(sim, {"--group", "JiraAlign-Users", "--guests", "include"});
    CHECK(res.exit_code == 1);
    CHECK(res.err.find("#EXT#") != std::string::npos);
    CHECK_FALSE(r.written());
  }
  SECTION("included with the email as key: the guest's real address") {
    auto res = r.run(sim, {"--group", "JiraAlign-Users", "--guests", "include", "--key", "email"});
    INFO(res.err);
    REQUIRE(res.exit_code == 0);
    CHECK(r.file().find("dave@partner.example") != std::string::npos);
    CHECK(r.file().find("#EXT#") == std::string::npos);
  }
  SECTION("the key mapped to userPrincipalName: a guest's #EXT# name is refused") {
    write_file(r.dir / "alignctl.yaml",
               "directory:\n  type: entra\n  attributes:\n    externalId: userPrincipalName\n");
    auto res = r.run(
        sim, {"--policy", "alignctl.yaml", "--group", "JiraAlign-Users", "--guests", "include"});
    CHECK(res.exit_code == 1);
    CHECK(res.err.find("holds the guest user principal name") != std::string::npos);
    CHECK_FALSE(r.written());
  }
}

TEST_CASE("entra export: a display name two groups share is an error naming both", "[entra]") {
  GraphSim sim(GraphSimOptions{small_tenant(), "graph-sim-secret", {}});
  EntraRun r;
  auto res = r.run(sim, {"--group", "Dup"});
  CHECK(res.exit_code == 1);
  CHECK(res.err.find("2 groups are named 'Dup'") != std::string::npos);
  CHECK(res.err.find("aaaaaaaa-0000-4000-8000-000000000004") != std::string::npos);
  CHECK(res.err.find("aaaaaaaa-0000-4000-8000-000000000005") != std::string::npos);
  CHECK_FALSE(r.written());
  auto missing = r.run(sim, {"--group", "No Such Group"});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err.find("no group is named 'No Such Group'") != std::string::npos);
}

TEST_CASE("entra export: a wrong client secret is a clear error and writes nothing", "[entra]") {
  GraphSim sim(GraphSimOptions{small_tenant(), "graph-sim-secret", {}});
  EntraRun r;
  auto res = r.run(sim, {"--group", "JiraAlign-Users"}, "not-the-secret-9d1e");
  CHECK(res.exit_code == 1);
  CHECK(res.err.find("AADSTS7000215") != std::string::npos);
  CHECK(res.err.find("ALIGNCTL_ENTRA_CLIENT_SECRET") != std::string::npos);
  CHECK(res.err.find("not-the-secret-9d1e") == std::string::npos);
  CHECK(res.out.find("not-the-secret-9d1e") == std::string::npos);
  CHECK_FALSE(r.written());
  CHECK(count_of(sim.counts(), "graph_requests") == 0);
}

TEST_CASE("entra export: a certificate's client assertion gets a token", "[entra]") {
  TempDir pki("alignctl-entra-pki");
  make_rsa_certificate(pki.path(), "app");
  make_rsa_certificate(pki.path(), "other");
  GraphSim sim(GraphSimOptions{
      small_tenant(), "graph-sim-secret", {"--client-cert", (pki / "app.pem").string()}});
  EntraRun r;
  auto res = r.run(sim, {"--group", "JiraAlign-Users", "--client-certificate",
                         (pki / "app.pem").string(), "--client-key", (pki / "app.key").string()});
  INFO(res.err);
  CHECK(res.exit_code == 0);
  CHECK(keys_in(r.file()).size() == 4);
  EntraRun other;
  auto wrong =
      other.run(sim, {"--group", "JiraAlign-Users", "--client-certificate",
                      (pki / "other.pem").string(), "--client-key", (pki / "other.key").string()});
  CHECK(wrong.exit_code == 1);
  CHECK(wrong.err.find("AADSTS700027") != std::string::npos);
  CHECK_FALSE(other.written());
}

TEST_CASE("entra export: a nested group read across many pages", "[entra]") {
  GraphSim sim(GraphSimOptions{
      nullptr, "graph-sim-secret", {"--generate-users", "2500", "--generate-subgroups", "4"}});
  EntraRun r;
  auto res = r.run(sim, {"--group", "JiraAlign-All", "--page-size", "40"});
  INFO(res.err);
  REQUIRE(res.exit_code == 0);
  CHECK(keys_in(r.file()).size() == 2500);
  // 2500 users + 4 nested groups + the loop + disabled + guest + 3 others = 2510 objects / 40.
  CHECK(count_of(sim.counts(), "pages") == 63);
  auto too_big = r.run(sim, {"--group", "JiraAlign-All", "--page-size", "1000"});
  CHECK(too_big.exit_code == 1);
  CHECK(too_big.err.find("at most 999") != std::string::npos);
}

TEST_CASE("entra export: each injected fault is retried to the same file", "[entra]") {
  const std::vector<std::string> base = {"--generate-users", "600", "--generate-subgroups", "3",
                                         "--fault-seed",     "11"};
  std::string expected;
  {
    GraphSim sim(GraphSimOptions{nullptr, "graph-sim-secret", base});
    EntraRun r;
    REQUIRE(r.run(sim, {"--group", "JiraAlign-All", "--page-size", "25"}).exit_code == 0);
    expected = r.file();
  }
  const std::vector<std::pair<std::string, std::vector<std::string>>> faults = {
      {"latency", {"--latency-ms", "15", "--spike-rate", "0.1", "--spike-ms", "80"}},
      {"fault_429", {"--rate-429", "0.3", "--retry-after", "0"}},
      {"fault_503", {"--error-rate", "0.3", "--retry-after", "0"}},
      {"fault_drop", {"--drop-rate", "0.2"}},
  };
  for (const auto& [counter, args] : faults) {
    DYNAMIC_SECTION("fault " << counter) {
      std::vector<std::string> all = base;
      all.insert(all.end(), args.begin(), args.end());
      GraphSim sim(GraphSimOptions{nullptr, "graph-sim-secret", all});
      EntraRun r;
      auto res = r.run(sim, {"--group", "JiraAlign-All", "--page-size", "25"});
      INFO(res.err);
      REQUIRE(res.exit_code == 0);
      CHECK(r.file() == expected);
      const auto counts = sim.counts();
      INFO(counts.dump());
      if (counter == "fault_503") {
        CHECK(count_of(counts, "fault_503") + count_of(counts, "fault_504") > 0);
      } else if (counter != "latency") {
        CHECK(count_of(counts, counter.c_str()) > 0);
      }
    }
  }
}

TEST_CASE("entra export: a page that keeps failing fails the export, no partial file", "[entra]") {
  GraphSim sim(GraphSimOptions{nullptr,
                               "graph-sim-secret",
                               {"--generate-users", "300", "--generate-subgroups", "2",
                                "--error-rate", "1", "--retry-after", "0"}});
  EntraRun r;
  auto res = r.run(sim, {"--group", "JiraAlign-All"});
  CHECK(res.exit_code == 1);
  CHECK(res.err.find("server error") != std::string::npos);
  CHECK_FALSE(r.written());
}

TEST_CASE("entra export: tokens renewed when they expire or are refused mid-export", "[entra]") {
  SECTION("a one-second token, renewed before it ends") {
    GraphSim sim(GraphSimOptions{
        nullptr,
        "graph-sim-secret",
        {"--generate-users", "1500", "--token-lifetime", "1", "--latency-ms", "40"}});
    EntraRun r;
    auto res = r.run(sim, {"--group", "JiraAlign-All", "--page-size", "50"});
    INFO(res.err);
    REQUIRE(res.exit_code == 0);
    CHECK(keys_in(r.file()).size() == 1500);
    CHECK(count_of(sim.counts(), "tokens_issued") >= 2);
  }
  SECTION("a token the server refuses (401) is renewed once and the page sent again") {
    GraphSim sim(GraphSimOptions{
        nullptr, "graph-sim-secret", {"--generate-users", "1500", "--revoke-after", "5"}});
    EntraRun r;
    auto res = r.run(sim, {"--group", "JiraAlign-All", "--page-size", "100"});
    INFO(res.err);
    REQUIRE(res.exit_code == 0);
    CHECK(keys_in(r.file()).size() == 1500);
    const auto counts = sim.counts();
    CHECK(count_of(counts, "token_revoked") >= 2);
    CHECK(count_of(counts, "tokens_issued") >= 3);
  }
}

TEST_CASE("entra export: the same users as an AD export of the synced directory", "[entra]") {
  // The on-premises AD the small tenant is synced from, as ldifde writes it.
  std::string ldif;
  for (const char* sam : {"alice", "bob", "carol", "erin", "frank"}) {
    ldif += fmt::format("dn: CN={0},OU=People,DC=corp,DC=example\nobjectClass: user\n"
                        "sAMAccountName: {0}\ngivenName: {0}\nsn: Tester\n"
                        "mail: {0}@contoso.example\ntitle: Engineer\nuserAccountControl: {1}\n\n",
                        sam, std::string(sam) == "carol" ? "514" : "512");
  }
  auto group = [](const std::string& cn, std::vector<std::string> members) {
    std::string g = fmt::format("dn: CN={},OU=Groups,DC=corp,DC=example\nobjectClass: group\n"
                                "cn: {}\n",
                                cn, cn);
    for (const std::string& m : members) {
      g += "member: CN=" + m + "\n";
    }
    return g + "\n";
  };
  ldif += group("JiraAlign-Users",
                {"alice,OU=People,DC=corp,DC=example", "Nested-A,OU=Groups,DC=corp,DC=example",
                 "carol,OU=People,DC=corp,DC=example"});
  ldif += group("Nested-A",
                {"bob,OU=People,DC=corp,DC=example", "Nested-B,OU=Groups,DC=corp,DC=example"});
  ldif += group("Nested-B",
                {"erin,OU=People,DC=corp,DC=example", "Nested-A,OU=Groups,DC=corp,DC=example",
                 "frank,OU=People,DC=corp,DC=example"});
  EntraRun ad;
  write_file(ad.dir / "ad.ldif", ldif);
  RunOptions o;
  o.cwd = ad.dir.path().string();
  auto from_ad = run_command({alignctl_bin(), "export", "--source", "ldif", "--input", "ad.ldif",
                              "--group", "JiraAlign-Users", "--out", "users.yaml"},
                             o);
  INFO(from_ad.err);
  REQUIRE(from_ad.exit_code == 0);

  GraphSim sim(GraphSimOptions{small_tenant(), "graph-sim-secret", {}});
  EntraRun entra;
  auto from_entra = entra.run(sim, {"--group", "JiraAlign-Users"});
  INFO(from_entra.err);
  REQUIRE(from_entra.exit_code == 0);
  CHECK(entra.file() == ad.file());
}

TEST_CASE("entra export: the shrink and empty guards apply", "[entra]") {
  GraphSim sim(GraphSimOptions{
      nullptr, "graph-sim-secret", {"--generate-users", "400", "--generate-subgroups", "4"}});
  EntraRun r;
  REQUIRE(r.run(sim, {"--group", "JiraAlign-All"}).exit_code == 0);
  const std::string before = r.file();
  auto shrink = r.run(sim, {"--group", "JiraAlign-All-01"}); // 100 of 400 users stay
  CHECK(shrink.exit_code == 1);
  CHECK(shrink.err.find("--allow-shrink") != std::string::npos);
  CHECK(r.file() == before);
  nlohmann::json tenant = small_tenant();
  tenant["groups"].push_back({{"id", "aaaaaaaa-0000-4000-8000-000000000009"},
                              {"displayName", "Devices-Only"},
                              {"members", {"dddddddd-0000-4000-8000-000000000001"}}});
  GraphSim devices(GraphSimOptions{tenant, "graph-sim-secret", {}});
  auto empty = r.run(devices, {"--group", "Devices-Only", "--allow-shrink"});
  CHECK(empty.exit_code == 1);
  CHECK(empty.err.find("--allow-empty") != std::string::npos);
  CHECK(empty.err.find("group 'Devices-Only' gave no users") != std::string::npos);
  CHECK(r.file() == before);
}
