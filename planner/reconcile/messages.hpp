// The text reconcile writes: every error, action reason and notice reason, one
// function per message, so the rules (rules.cpp, reconcile.cpp) read without
// format strings. Changing a text here changes plan files and goldens
// (tests/integration/planner/golden); pipelines match reason codes, not this.
#pragma once

#include "planner/login_dates.hpp"
#include "planner/reason_code.hpp"
#include "state/model/live_user.hpp"
#include "state/model/match_key.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace alignctl::reconcile_text {

// Fragments.
std::string region_phrase(const std::string& region); // "no region" / "region 'EMEA'"
std::string region_mapped(const std::string& region);
std::string region_default(const std::string& region);
std::string role_from_group(std::int64_t role_id, const std::string& group);
std::string role_from_create(std::int64_t role_id);
std::string ignored_role(std::int64_t role_id);
std::string protected_external_id(const std::string& external_id);
std::string protected_pattern(const std::string& value, const std::string& pattern);
std::string protected_role(std::int64_t role_id);

// Errors (no plan).
std::string empty_desired(const std::string& desired_source, const std::string& policy_file);
std::string empty_desired_key(const std::string& where, MatchKey key);
std::string target_unknown(const std::string& target, MatchKey key,
                           const std::string& desired_source);
std::string duplicate_desired_key(MatchKey key, const std::string& first_value,
                                  const std::string& first_where, const std::string& value,
                                  const std::string& where);
std::string duplicate_live_key(MatchKey key, std::int64_t first_id, const std::string& first_value,
                               std::int64_t id, const std::string& value);
std::string email_shared_by_keyless(const std::string& key, const std::string& where,
                                    const std::string& email, const std::vector<std::int64_t>& ids);
std::string email_taken(const std::string& key, const std::string& where, const std::string& email,
                        std::int64_t other_id, const std::optional<std::string>& other_external_id);
std::string region_unmapped(const std::string& where, const std::string& key,
                            const std::string& region, const std::string& policy_file);
std::string repair_value_missing(std::int64_t user_id, const std::string& key, const char* field,
                                 const char* policy_key, const std::string& policy_file);
std::string limit_exceeded(const char* verb, std::int64_t count, const char* limit_name,
                           const std::string& limit_text, const std::string& of_managed,
                           const std::string& policy_file);
std::string of_managed_active(int managed_active, std::int64_t allowed);

// Action reasons.
std::string create_reason(MatchKey key, const std::string& role_why, const std::string& region_how,
                          std::int64_t region_id, std::int64_t city_id);
std::string link_reason(const std::optional<std::string>& live_email);
std::string reactivate_reason(int is_locked);
std::string deactivate_reason();
std::string repair_reason(const std::vector<std::string>& missing,
                          const std::vector<std::string>& before_ops);

// One change of an update (joined with "; " into its reason).
std::string change_text(const std::string& field, const std::optional<std::string>& from,
                        const std::string& to);
std::string change_region(const std::optional<std::int64_t>& from, std::int64_t to);
std::string change_city(const std::optional<std::int64_t>& from, std::int64_t to,
                        const std::string& region_how);
std::string change_role(const std::optional<std::int64_t>& from, std::int64_t to,
                        const std::string& role_why);
std::string change_end_date(const std::optional<std::string>& from);
std::string change_start_date(const std::optional<std::string>& from, const std::string& to);

// Notice reasons.
std::string ignored_desired(const std::string& why);
std::string protected_desired(const std::string& why);
std::string locked_not_reactivated(int is_locked);
std::string login_blocked(const LiveUser& user, const LoginBlock& block);
std::string ignored_by_policy(const std::string& why);
std::string ignored_no_key(MatchKey key);
std::string unmatched_no_key(MatchKey key);
std::string protected_kept(const std::string& why);

// The reason of a notice a rule writes (rules.hpp), by its code: `ignored`
// and `protection` are the policy's reasons (exemptions.hpp).
std::string notice_reason(ReasonCode code, const LiveUser& user, MatchKey key,
                          const std::string& ignored, const std::string& protection);

// validate: a desired user's region the policy cannot map.
std::string region_not_listed(const std::string& key, const std::string& region,
                              const std::string& policy_file);

} // namespace alignctl::reconcile_text
