#include "state/model/live_user_json.hpp"

#include "state/util/text_scan.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace alignctl {

namespace {

using nlohmann::json;

template <class T> json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

// At most this much of an offending value is quoted in a message.
std::string shown_json(const json& v) {
  return quote_prefix(v.dump(-1, ' ', false, json::error_handler_t::replace), 80);
}

// Reads an optional string field; Protocol error when it is not a string.
Result<std::optional<std::string>> str_field(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) {
    return std::optional<std::string>{};
  }
  if (!it->is_string()) {
    return make_error(ErrorKind::Protocol,
                      std::string("user field '") + name + "' is not a string: " + shown_json(*it));
  }
  return std::optional<std::string>(it->get<std::string>());
}

// Reads an optional integer field; accepts numeric strings ("42") and
// integral floats (42.0) within the range of int64.
Result<std::optional<std::int64_t>> int_field(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) {
    return std::optional<std::int64_t>{};
  }
  constexpr auto k_max = std::numeric_limits<std::int64_t>::max();
  if (it->is_number_unsigned()) {
    if (it->get<std::uint64_t>() <= static_cast<std::uint64_t>(k_max)) {
      return std::optional<std::int64_t>(static_cast<std::int64_t>(it->get<std::uint64_t>()));
    }
  } else if (it->is_number_integer()) {
    return std::optional<std::int64_t>(it->get<std::int64_t>());
  } else if (it->is_number_float()) {
    // 2^63 is exactly representable; anything at or beyond it (or below
    // -2^63) does not convert (undefined behaviour in C++), nor does a fraction.
    const double d = it->get<double>();
    constexpr double k_limit = 9223372036854775808.0;
    if (d >= -k_limit && d < k_limit && d == std::trunc(d)) {
      return std::optional<std::int64_t>(static_cast<std::int64_t>(d));
    }
  } else if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    if (s.empty()) {
      return std::optional<std::int64_t>{};
    }
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size()) {
      return std::optional<std::int64_t>(v);
    }
  }
  return make_error(ErrorKind::Protocol,
                    std::string("user field '") + name + "' is not an integer: " + shown_json(*it));
}

// A small integer flag (isLocked: -1, 0, 1; isExternal: 0, 1) as int; a value
// outside int's range is a Protocol error rather than silently wrapped.
Result<int> flag_field(const json& j, const char* name) {
  auto r = int_field(j, name);
  if (!r) {
    return r.error();
  }
  const std::int64_t v = r->value_or(0);
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
    return make_error(ErrorKind::Protocol, std::string("user field '") + name +
                                               "' is out of range: " + std::to_string(v));
  }
  return static_cast<int>(v);
}

// The API's fields of a LiveUser besides id, by type, in the order they are
// read: one table for reading, for live_user_field and so for writing.
template <class T> struct Field {
  const char* name;
  T LiveUser::*member;
};
constexpr Field<std::optional<std::string>> k_text_fields[] = {
    {"externalId", &LiveUser::external_id},
    {"firstName", &LiveUser::first_name},
    {"lastName", &LiveUser::last_name},
    {"email", &LiveUser::email},
    {"title", &LiveUser::title},
    {"employeeId", &LiveUser::employee_id},
    {"company", &LiveUser::company},
    {"userStartDate", &LiveUser::user_start_date},
    {"userEndDate", &LiveUser::user_end_date}};
constexpr Field<std::optional<std::int64_t>> k_id_fields[] = {
    {"roleId", &LiveUser::role_id},
    {"regionId", &LiveUser::region_id},
    {"cityId", &LiveUser::city_id},
    {"divisionId", &LiveUser::division_id},
    {"costCenterId", &LiveUser::cost_center_id}};
constexpr Field<int> k_flag_fields[] = {{"isLocked", &LiveUser::is_locked},
                                        {"isExternal", &LiveUser::is_external}};

// Reads each field of `table` from `j` with `read` into `u`.
template <class T, std::size_t N, class Read>
Result<void> read_fields(const Field<T> (&table)[N], const json& j, Read read, LiveUser& u) {
  for (const Field<T>& f : table) {
    auto r = read(j, f.name);
    if (!r) {
      return r.error();
    }
    u.*(f.member) = std::move(*r);
  }
  return {};
}

// The row of `table` named `name`; nullptr when none is.
template <class T, std::size_t N>
const Field<T>* find_field(const Field<T> (&table)[N], std::string_view name) {
  for (const Field<T>& f : table) {
    if (name == f.name) {
      return &f;
    }
  }
  return nullptr;
}

} // namespace

Result<LiveUser> live_user_from_json(const json& j) {
  if (!j.is_object()) {
    return make_error(ErrorKind::Protocol, "user is not a JSON object: " + shown_json(j));
  }
  LiveUser u;
  auto id = int_field(j, "id");
  if (!id) {
    return id.error();
  }
  if (!id->has_value()) {
    return make_error(ErrorKind::Protocol, "user object has no 'id'");
  }
  u.id = **id;
  // Each table read whole; the first problem, in table order, is the answer.
  for (auto r :
       {read_fields(k_text_fields, j, str_field, u), read_fields(k_id_fields, j, int_field, u),
        read_fields(k_flag_fields, j, flag_field, u)}) {
    if (!r) {
      return r.error();
    }
  }
  return u;
}

json live_user_field(const LiveUser& u, std::string_view name) {
  if (name == "id") {
    return u.id;
  }
  if (const auto* f = find_field(k_text_fields, name)) {
    return opt(u.*(f->member));
  }
  if (const auto* f = find_field(k_id_fields, name)) {
    return opt(u.*(f->member));
  }
  if (const auto* f = find_field(k_flag_fields, name)) {
    return u.*(f->member);
  }
  return json(json::value_t::discarded);
}

const std::vector<std::string_view>& live_user_field_names() {
  static const std::vector<std::string_view> names = {
      "id",         "externalId", "firstName",    "lastName",      "email",      "title",
      "employeeId", "company",    "isExternal",   "isLocked",      "roleId",     "regionId",
      "cityId",     "divisionId", "costCenterId", "userStartDate", "userEndDate"};
  return names;
}

json live_user_to_json(const LiveUser& u) {
  json j = json::object();
  for (std::string_view name : live_user_field_names()) {
    j[std::string(name)] = live_user_field(u, name);
  }
  return j;
}

} // namespace alignctl
