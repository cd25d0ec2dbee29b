#include "tests/sim/core/user.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace alignctl::sim {

namespace {

constexpr std::uint8_t slot(IntSlot s) {
  return static_cast<std::uint8_t>(s);
}
constexpr std::uint8_t slot(StrSlot s) {
  return static_cast<std::uint8_t>(s);
}

FieldDef int_field(std::string_view name, IntSlot s) {
  return FieldDef{name, FieldKind::Int, slot(s), Derived::None, false};
}
FieldDef str_field(std::string_view name, StrSlot s, bool read_only = false) {
  return FieldDef{name, FieldKind::Str, slot(s), Derived::None, read_only};
}
FieldDef derived_field(std::string_view name, Derived d) {
  return FieldDef{name, FieldKind::Derived, 0, d, true};
}

std::vector<FieldDef> make_fields() {
  return {
      FieldDef{"id", FieldKind::Id, 0, Derived::None, true},
      derived_field("uid", Derived::Uid),
      str_field("externalId", StrSlot::ExternalId),
      str_field("firstName", StrSlot::FirstName),
      str_field("lastName", StrSlot::LastName),
      derived_field("fullName", Derived::FullName),
      str_field("email", StrSlot::Email),
      str_field("title", StrSlot::Title),
      str_field("employeeId", StrSlot::EmployeeId),
      int_field("isExternal", IntSlot::IsExternal),
      int_field("isLocked", IntSlot::IsLocked),
      derived_field("status", Derived::Status),
      int_field("roleId", IntSlot::RoleId),
      int_field("regionId", IntSlot::RegionId),
      int_field("cityId", IntSlot::CityId),
      int_field("divisionId", IntSlot::DivisionId),
      int_field("costCenterId", IntSlot::CostCenterId),
      int_field("holidayRegionId", IntSlot::HolidayRegionId),
      int_field("holidayCityId", IntSlot::HolidayCityId),
      str_field("userStartDate", StrSlot::UserStartDate),
      str_field("userEndDate", StrSlot::UserEndDate),
      str_field("createDate", StrSlot::CreateDate, true),
      str_field("lastUpdatedDate", StrSlot::LastUpdatedDate, true),
      str_field("company", StrSlot::Company),
      int_field("companyId", IntSlot::CompanyId),
      int_field("managerId", IntSlot::ManagerId),
      str_field("timeZone", StrSlot::TimeZone),
      int_field("connectorId", IntSlot::ConnectorId),
      int_field("enterpriseHierarchyId", IntSlot::EnterpriseHierarchyId),
      FieldDef{"teams", FieldKind::Teams, 0, Derived::None, false},
      derived_field("self", Derived::Self),
  };
}

std::string full_name(const User& u) {
  const auto& first = u.get(StrSlot::FirstName);
  const auto& last = u.get(StrSlot::LastName);
  std::string out = first.value_or("");
  if (last && !last->empty()) {
    if (!out.empty()) {
      out += ' ';
    }
    out += *last;
  }
  return out;
}

std::optional<std::int64_t> json_int(const nlohmann::json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) {
    return v.get<std::int64_t>();
  }
  return std::nullopt;
}

} // namespace

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

const std::vector<FieldDef>& user_fields() {
  static const std::vector<FieldDef> fields = make_fields();
  return fields;
}

const FieldDef* find_field(std::string_view name) {
  static const std::unordered_map<std::string, const FieldDef*> by_name = [] {
    std::unordered_map<std::string, const FieldDef*> m;
    for (const auto& f : user_fields()) {
      m.emplace(to_lower(f.name), &f);
    }
    return m;
  }();
  if (name.size() > 32) {
    return nullptr;
  }
  auto it = by_name.find(to_lower(name));
  return it == by_name.end() ? nullptr : it->second;
}

FieldValue field_value(const User& user, const FieldDef& field, std::string_view self_base) {
  FieldValue v;
  switch (field.kind) {
  case FieldKind::Id:
    v.type = FieldValue::Type::Int;
    v.i = user.id;
    break;
  case FieldKind::Int:
    if (const auto& x = user.ints[field.slot]) {
      v.type = FieldValue::Type::Int;
      v.i = *x;
    }
    break;
  case FieldKind::Str:
    if (const auto& x = user.strs[field.slot]) {
      v.type = FieldValue::Type::Str;
      v.s = *x;
    }
    break;
  case FieldKind::Teams:
    break; // only reachable through teams/any(...)
  case FieldKind::Derived:
    v.type = FieldValue::Type::Str;
    switch (field.derived) {
    case Derived::Uid:
      v.s = std::to_string(user.id);
      break;
    case Derived::FullName:
      v.s = full_name(user);
      break;
    case Derived::Status:
      v.s = user.active() ? "Active" : "Inactive";
      break;
    case Derived::Self:
      v.s = std::string(self_base) + "/" + std::to_string(user.id);
      break;
    case Derived::None:
      v.type = FieldValue::Type::Null;
      break;
    }
    break;
  }
  return v;
}

nlohmann::ordered_json user_to_json(const User& user, std::string_view self_base,
                                    const std::vector<const FieldDef*>& select) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  auto emit = [&](const FieldDef& f) {
    std::string key(f.name);
    if (f.kind == FieldKind::Teams) {
      out[key] = user.teams.is_array() ? nlohmann::ordered_json(user.teams)
                                       : nlohmann::ordered_json::array();
      return;
    }
    FieldValue v = field_value(user, f, self_base);
    switch (v.type) {
    case FieldValue::Type::Null:
      out[key] = nullptr;
      break;
    case FieldValue::Type::Int:
      out[key] = v.i;
      break;
    case FieldValue::Type::Str:
      out[key] = std::move(v.s);
      break;
    }
  };
  if (select.empty()) {
    for (const auto& f : user_fields()) {
      emit(f);
    }
  } else {
    for (const auto* f : select) {
      emit(*f);
    }
  }
  return out;
}

bool set_field_from_json(User& user, const FieldDef& field, const nlohmann::json& value) {
  switch (field.kind) {
  case FieldKind::Id:
  case FieldKind::Derived:
    return true;
  case FieldKind::Int:
    if (value.is_null()) {
      user.ints[field.slot].reset();
      return true;
    }
    if (auto i = json_int(value)) {
      user.ints[field.slot] = *i;
      return true;
    }
    return false;
  case FieldKind::Str:
    if (field.read_only) {
      return true;
    }
    if (value.is_null()) {
      user.strs[field.slot].reset();
      return true;
    }
    if (value.is_string()) {
      user.strs[field.slot] = value.get<std::string>();
      return true;
    }
    return false;
  case FieldKind::Teams:
    if (value.is_null() || value.is_array()) {
      user.teams = value;
      return true;
    }
    return false;
  }
  return false;
}

std::string user_from_json(const nlohmann::json& j, User& out) {
  if (!j.is_object()) {
    return "expected a JSON object";
  }
  out = User{};
  for (auto it = j.begin(); it != j.end(); ++it) {
    const FieldDef* f = find_field(it.key());
    if (f == nullptr || f->kind == FieldKind::Derived) {
      continue;
    }
    const auto& v = it.value();
    if (f->kind == FieldKind::Id) {
      auto id = json_int(v);
      if (!id || *id <= 0) {
        return "field 'id': expected a positive integer";
      }
      out.id = *id;
      continue;
    }
    if (f->kind == FieldKind::Str && f->read_only) {
      // createDate/lastUpdatedDate are stored as given in raw records.
      if (v.is_null()) {
        out.strs[f->slot].reset();
        continue;
      }
      if (v.is_string()) {
        out.strs[f->slot] = v.get<std::string>();
        continue;
      }
      return "field '" + std::string(f->name) + "': expected a string or null";
    }
    if (!set_field_from_json(out, *f, v)) {
      const char* want = f->kind == FieldKind::Int   ? "an integer or null"
                         : f->kind == FieldKind::Str ? "a string or null"
                                                     : "an array or null";
      return "field '" + std::string(f->name) + "': expected " + want;
    }
  }
  return {};
}

} // namespace alignctl::sim
