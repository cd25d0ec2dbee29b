// jira-align-gen: writes a realistic simulator tenant (and optionally a
// matching desired-state YAML with a share of differences). See
// docs/simulator.md.
#include "tests/sim/core/tenant_file.hpp"
#include "tests/sim/core/tenant_generator.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace {

using namespace alignctl::sim;

// One user per line, so tenants diff and grep well.
std::string tenant_text(const nlohmann::ordered_json& tenant) {
  std::string out = "{\n";
  for (const char* key : {"regions", "cities", "costCenters", "divisions"}) {
    out += "\"" + std::string(key) + "\": " + tenant[key].dump() + ",\n";
  }
  out += "\"users\": [";
  const auto& users = tenant["users"];
  for (std::size_t i = 0; i < users.size(); ++i) {
    out += (i == 0 ? "\n" : ",\n") + users[i].dump();
  }
  out += "\n]}\n";
  return out;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App cli{"jira-align-gen: writes a realistic Jira Align tenant for jira-align-sim --seed,\n"
               "and optionally a desired-state users.yaml for the same people with a share of\n"
               "differences (new people, people removed, attribute changes, reactivations).\n"
               "The same options always give the same bytes.\n\n"
               "  jira-align-gen --users 100000 --seed 1 --out tenant.json \\\n"
               "      --desired-out users.yaml --change-share 0.05\n",
               "jira-align-gen"};
  GenOptions o;
  std::string out, desired_out;
  cli.add_option("--users", o.users, "Number of users")->required()->check(CLI::Range(0, 10000000));
  cli.add_option("--seed", o.seed, "Random seed")->capture_default_str();
  cli.add_option("--out", out, "Tenant JSON to write")->required();
  cli.add_option("--deactivated-share", o.deactivated_share,
                 "Share of deactivated users (isLocked -1 with userEndDate, or legacy 1)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cli.add_option("--legacy-locked-share", o.legacy_locked_share,
                 "Part of the deactivated share with the legacy isLocked 1")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cli.add_option("--connector-share", o.connector_share,
                 "Share of connector \"Integrated Users\" (roleId 7, no externalId, no "
                 "divisionId/cityId)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cli.add_option("--pre-integration-share", o.pre_integration_share,
                 "Share of active accounts without externalId (email only)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cli.add_option("--account-id-share", o.account_id_share,
                 "Share of users whose externalId is an Atlassian account ID (712020:<uuid>), "
                 "as on sites with Atlassian Guard; the desired state keeps directory names")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cli.add_option("--lockout-share", o.lockout_share,
                 "Share of users still in the directory whose account has isLocked 1 (the "
                 "failed-password lockout)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cli.add_option("--future-start-share", o.future_start_share,
                 "Share of active, desired users with a userStartDate in 2030 (cannot log in)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cli.add_option("--desired-out", desired_out, "Also write a desired-state YAML here");
  cli.add_option("--change-share", o.change_share,
                 "Share of users (of --users) that differ in the desired state")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  CLI11_PARSE(cli, argc, argv);

  GeneratedTenant t = generate_tenant(o);
  if (auto r = write_file_atomically(out, tenant_text(t.tenant)); !r.ok()) {
    std::cerr << "jira-align-gen: error: " << r.error().message << "\n";
    return 2;
  }
  std::cerr << "jira-align-gen: wrote " << out << ": " << o.users << " users (" << t.active
            << " active of which " << t.pre_integration << " without externalId, " << t.deactivated
            << " deactivated, " << t.legacy_locked << " isLocked 1, " << t.connector
            << " connector users)\n";
  if (t.account_ids + t.lockouts + t.future_starts > 0) {
    std::cerr << "jira-align-gen: variants: " << t.account_ids << " Atlassian account IDs, "
              << t.lockouts << " locked out (isLocked 1), " << t.future_starts
              << " future start dates\n";
  }
  if (!desired_out.empty()) {
    std::string source = "jira-align-gen --users " + std::to_string(o.users) + " --seed " +
                         std::to_string(o.seed) + " --change-share " +
                         CLI::detail::to_string(o.change_share);
    if (auto r = write_file_atomically(desired_out, desired_state_yaml(t.desired, source));
        !r.ok()) {
      std::cerr << "jira-align-gen: error: " << r.error().message << "\n";
      return 2;
    }
    std::cerr << "jira-align-gen: wrote " << desired_out << ": " << t.desired.size()
              << " desired users (" << t.changes.added << " new, " << t.changes.removed
              << " removed, " << t.changes.changed << " changed, " << t.changes.reactivated
              << " reactivated)\n";
  }
  return 0;
}
