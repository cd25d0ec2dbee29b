// Realistic tenants for tests, demos and benchmarks (jira-align-gen).
// Deterministic: the same options give the same bytes.
//
// A tenant has three regions (AMER, EMEA, APAC) each with a "<region> – Remote"
// city plus one office city, five cost centers, four divisions, and users:
//   - ordinary employees (roleId 3, a few admins with 9), city = their
//     region's Remote city, externalId = initial + last name (+ number);
//   - deactivated ones (isLocked -1 with userEndDate), some with the legacy
//     isLocked 1;
//   - connector "Integrated Users" (roleId 7, no externalId, no divisionId or
//     cityId, connectorId set);
//   - pre-integration accounts (no externalId, but an email).
#pragma once

#include "tests/sim/core/reference_data.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace alignctl::sim {

inline constexpr std::int64_t k_connector_role_id = 7;
inline constexpr std::int64_t k_default_role_id = 3;
inline constexpr std::int64_t k_admin_role_id = 9;

struct GenOptions {
  std::int64_t users = 100;
  std::uint64_t seed = 1;
  double deactivated_share = 0.08;
  double legacy_locked_share = 0.01; // isLocked 1
  double connector_share = 0.05;
  double pre_integration_share = 0.02;
  double change_share = 0.05; // desired state only
  // Real-tenant variants (all 0 by default: the default tenant is unchanged).
  // Shares of all users; each picks ordinary active users (or, for account
  // ids, users with an externalId), disjoint from each other.
  double account_id_share = 0;   // externalId = Atlassian account ID (Guard sites)
  double lockout_share = 0;      // desired people whose account has isLocked 1
  double future_start_share = 0; // desired people with a userStartDate in 2030
};

// One person as the directory sees them (a desired-state entry).
struct Person {
  std::string external_id;
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string title;
  std::string region; // region name, e.g. "EMEA"
};

struct DesiredChanges {
  std::int64_t added = 0;       // people without an account
  std::int64_t removed = 0;     // active accounts no longer desired
  std::int64_t changed = 0;     // attribute differences
  std::int64_t reactivated = 0; // deactivated accounts desired again
};

struct GeneratedTenant {
  nlohmann::ordered_json tenant; // seed-file format (tenant_file.hpp); null fields omitted
  std::vector<Person> desired;   // sorted as the desired-state format requires
  DesiredChanges changes;
  std::int64_t active = 0, deactivated = 0, legacy_locked = 0, connector = 0, pre_integration = 0;
  std::int64_t account_ids = 0, lockouts = 0, future_starts = 0; // the variants above
};

GeneratedTenant generate_tenant(const GenOptions& options);

// The desired-state YAML (docs/desired-state-format.md) for `people`, in the
// order given; `source` goes into the header comment.
std::string desired_state_yaml(const std::vector<Person>& people, const std::string& source);

// A scalar as the desired-state format writes it: plain when YAML reads it
// back as the same string, else double-quoted with escapes.
std::string yaml_scalar(const std::string& value);

} // namespace alignctl::sim
