// Policy: the hand-written, reviewed rules of `plan` (alignctl.yaml). Loaded by
// planner/policy_loader.hpp; reference: docs/policy.md. Every id keeps where it
// was written so `validate` can point at it when the live instance lacks it.
#pragma once

#include "state/model/directory_config.hpp"
#include "state/model/match_key.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace alignctl {

// An id from the policy file with its position (for diagnostics).
struct PolicyId {
  std::int64_t value = 0;
  int line = 0;
  int column = 0;
};

// Where a directory region value puts a user.
struct RegionTarget {
  PolicyId region_id;
  PolicyId city_id;
};

struct RegionEntry {
  std::string value; // the directory value, compared case-insensitively
  RegionTarget target;
};

// One row of roles.from_groups: members of `group` get `role_id`.
struct GroupRole {
  std::string group; // compared case-insensitively with DesiredUser::groups
  PolicyId role_id;
};

enum class RoleEnforce {
  CreateOnly, // the role is set when the account is created, never changed later
  Always,     // an existing user whose role differs is updated
};

// locked: what plan does with a desired user whose isLocked is neither 0
// (active) nor -1 (deactivated) — `1` may be the failed-password lockout.
enum class LockedRule {
  Leave,      // never reactivated; a notice says what to do
  Reactivate, // reactivated like a deactivated user
};

// login_dates: a desired active user with userEndDate set or userStartDate in
// the future cannot log in.
enum class LoginDatesRule {
  Report, // a notice per user
  Fix,    // an update clears userEndDate / sets userStartDate to the plan's day
};

// repair.scope: which users get a repair of missing divisionId/cityId.
enum class RepairScope {
  BeforeChange, // only users a PATCH is planned for (no needless writes)
  All,          // every managed user missing them, as the seed script does
};

// A count ("50") or a share of managed active users ("5%").
struct Limit {
  bool is_percent = false;
  double value = 0; // count, or percentage when is_percent
  std::string text; // as written in the policy, for messages
  // The number of actions allowed when there are `managed_active` users.
  std::int64_t allowed(std::int64_t managed_active) const;
};

// The lists whose entries may carry `until: YYYY-MM-DD` (an exception that
// expires): after that day the entry no longer applies.
enum class ExceptionList {
  ProtectedExternalIds,
  ProtectedPatterns,
  ProtectedRoleIds,
  IgnoredRoleIds
};

// One entry with `until:` — which list, its index there, the value as written
// (for messages), the date, and where the entry is in the file.
struct ExceptionUntil {
  ExceptionList list = ExceptionList::ProtectedExternalIds;
  std::size_t index = 0;
  std::string value;
  std::string until; // "YYYY-MM-DD": the last day the entry applies
  int line = 0;
  int column = 0;
};

struct Policy {
  std::string file; // the policy's file name, for messages

  // jira:
  std::string jira_url;       // may be empty: given by --url instead
  std::string jira_token_env; // may be empty: default ALIGNCTL_TOKEN
  // jira.auth / jira.user / jira.user_env: how the token is sent.
  std::string jira_auth = "bearer"; // "bearer" or "basic" (Basic base64(user:token))
  std::string jira_user;            // basic: the account's email
  std::string jira_user_env;        // basic: variable holding the email instead

  // match: key: externalId | email
  MatchKey match_key = MatchKey::ExternalId;

  // create:
  PolicyId create_role_id;
  PolicyId create_cost_center_id;
  PolicyId create_division_id;
  int create_is_external = 0;

  // regions:
  std::vector<RegionEntry> regions;
  std::optional<RegionTarget> region_default; // absent: an unknown value is an error

  // roles:
  std::vector<GroupRole> roles_from_groups; // first match wins
  RoleEnforce role_enforce = RoleEnforce::CreateOnly;

  // sync: attributes kept in sync for existing users (empty: create-only).
  // Names: firstName, lastName, email, title, region (regionId and cityId).
  std::vector<std::string> sync;

  // protected: never deactivated or changed.
  std::vector<std::string> protected_external_ids; // compared case-insensitively
  std::vector<std::string> protected_patterns;     // globs (* ?) on externalId or email
  std::vector<PolicyId> protected_role_ids;

  // ignored: reported but never touched.
  std::vector<PolicyId> ignored_role_ids; // e.g. the connector's "Integrated Users"
  bool ignore_no_external_id = false;     // keyless users are not even linked by email

  // The entries above that carry `until:` (planner/exception_expiry decides,
  // at the plan's time, which still apply).
  std::vector<ExceptionUntil> exceptions_until;

  // repair: values that fill missing legacy fields before any PATCH.
  std::optional<PolicyId> repair_division_id;
  std::optional<PolicyId> repair_city_id;
  std::optional<std::string> repair_company; // replaces an empty-string company
  RepairScope repair_scope = RepairScope::BeforeChange;

  // locked:, login_dates:
  LockedRule locked = LockedRule::Leave;
  LoginDatesRule login_dates = LoginDatesRule::Report;

  // limits:
  std::optional<Limit> max_deactivations; // absent: no limit
  std::optional<Limit> max_creates;       // absent: no limit
  bool allow_empty_desired = false;

  // directory: where `export` reads group membership from (docs/export.md);
  // plan does not use it, but a problem in it is a problem of the file.
  DirectoryConfig directory;

  bool syncs(const std::string& attribute) const;
};

} // namespace alignctl
