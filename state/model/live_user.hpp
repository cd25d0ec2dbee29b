// LiveUser: one Jira Align user as the API returns it (GET /Users), reduced to
// the fields alignctl reads or writes. Optional fields are absent when the API
// returned null or omitted them — connector users often lack externalId,
// divisionId and cityId, and the difference between "null" and "0" matters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace alignctl {

struct LiveUser {
  std::int64_t id = 0;
  std::optional<std::string> external_id;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> email;
  std::optional<std::string> title;
  std::optional<std::string> employee_id;
  // Empty-string company makes every PATCH fail validation (contract §5).
  std::optional<std::string> company;
  int is_external = 0;
  // 0 active, -1 deactivated, 1 unknown (a legacy deactivation, or the
  // failed-password lockout — policy `locked`): only 0 is active.
  int is_locked = 0;
  std::optional<std::int64_t> role_id;
  std::optional<std::int64_t> region_id;
  std::optional<std::int64_t> city_id;
  std::optional<std::int64_t> division_id;
  std::optional<std::int64_t> cost_center_id;
  // A start date in the future also blocks login (contract §2 "isLocked").
  std::optional<std::string> user_start_date;
  // Must be cleared on reactivation or the user still cannot log in.
  std::optional<std::string> user_end_date;

  bool active() const { return is_locked == 0; }
};

} // namespace alignctl
