// User: one stored Jira Align user in the simulator, and the table of its API
// fields (contract §2). Every generic operation — JSON output, $select,
// $filter, PATCH — goes through the field table, so a field is defined once.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alignctl::sim {

// Stored integer fields (all nullable in the API).
enum class IntSlot : std::uint8_t {
  IsExternal,
  IsLocked,
  RoleId,
  RegionId,
  CityId,
  DivisionId,
  CostCenterId,
  HolidayRegionId,
  HolidayCityId,
  CompanyId,
  ManagerId,
  ConnectorId,
  EnterpriseHierarchyId,
  Count
};

// Stored string fields (all nullable in the API).
enum class StrSlot : std::uint8_t {
  ExternalId,
  FirstName,
  LastName,
  Email,
  Title,
  EmployeeId,
  UserStartDate,
  UserEndDate,
  CreateDate,
  LastUpdatedDate,
  Company,
  TimeZone,
  Count
};

struct User {
  std::int64_t id = 0;
  std::array<std::optional<std::int64_t>, static_cast<std::size_t>(IntSlot::Count)> ints;
  std::array<std::optional<std::string>, static_cast<std::size_t>(StrSlot::Count)> strs;
  nlohmann::json teams; // null or an array of {teamId, teamName, teamType, roleId, roleName}

  std::optional<std::int64_t>& get(IntSlot s) { return ints[static_cast<std::size_t>(s)]; }
  const std::optional<std::int64_t>& get(IntSlot s) const {
    return ints[static_cast<std::size_t>(s)];
  }
  std::optional<std::string>& get(StrSlot s) { return strs[static_cast<std::size_t>(s)]; }
  const std::optional<std::string>& get(StrSlot s) const {
    return strs[static_cast<std::size_t>(s)];
  }
  // isLocked 0 is active; -1 (deactivated) and 1 (legacy) are not (contract §2).
  bool active() const { return get(IntSlot::IsLocked).value_or(0) == 0; }
};

enum class FieldKind {
  Id,      // the integer id
  Int,     // a stored nullable integer (slot: IntSlot)
  Str,     // a stored nullable string (slot: StrSlot)
  Teams,   // the teams array
  Derived, // uid, fullName, status, self: computed, read-only
};

enum class Derived : std::uint8_t { None, Uid, FullName, Status, Self };

struct FieldDef {
  std::string_view name; // the API's spelling, e.g. "externalId"
  FieldKind kind;
  std::uint8_t slot; // IntSlot or StrSlot, per kind
  Derived derived;
  bool read_only; // PATCH silently ignores writes to it (contract §5)
};

// All fields in the order GET /Users returns them.
const std::vector<FieldDef>& user_fields();
// The field named `name`, compared case-insensitively; nullptr when unknown.
const FieldDef* find_field(std::string_view name);

// A field value as a filter sees it: null, an integer or a string.
struct FieldValue {
  enum class Type { Null, Int, Str } type = Type::Null;
  std::int64_t i = 0;
  std::string s;
};
// `self_base` is the lowercase users URL without the id ("http://…/api/2/users").
FieldValue field_value(const User& user, const FieldDef& field, std::string_view self_base);

// The user as API JSON: all fields, or only `select` (in the table order) when
// non-empty.
nlohmann::ordered_json user_to_json(const User& user, std::string_view self_base,
                                    const std::vector<const FieldDef*>& select = {});

// Reads a raw user record (seed file, state file, side door): known fields by
// case-insensitive name, derived fields and unknown keys ignored. Returns an
// empty string on success, else what is wrong ("field 'roleId': expected an
// integer or null").
std::string user_from_json(const nlohmann::json& j, User& out);

// Sets one stored field from JSON (null clears it). Returns false when the
// value has the wrong type for the field. Read-only and derived fields: no-op,
// returns true.
bool set_field_from_json(User& user, const FieldDef& field, const nlohmann::json& value);

// ASCII lowercase.
std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);

} // namespace alignctl::sim
