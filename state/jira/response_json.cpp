#include "state/jira/response_json.hpp"

#include "state/model/live_user_json.hpp"
#include "state/util/json_depth.hpp"
#include "state/util/text_scan.hpp"

#include <charconv>
#include <limits>
#include <nlohmann/json.hpp>

namespace alignctl {

namespace {

using nlohmann::json;

std::string short_quote(std::string_view body) {
  return "\"" + quote_prefix(body, 80) + "\"";
}

Result<json> parse_json(std::string_view body, const std::string& label) {
  if (auto deep = json_too_deep(body)) {
    return make_error(ErrorKind::Protocol, label + ": the answer nests JSON deeper than " +
                                               std::to_string(k_max_json_depth) +
                                               " levels (at byte " + std::to_string(*deep + 1) +
                                               ")");
  }
  json j = json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded()) {
    return make_error(ErrorKind::Protocol,
                      label + ": the answer is not valid JSON: " + short_quote(body));
  }
  return j;
}

// The answer as a JSON array, each element read by `read_item` (a Result<T>
// of one element). Protocol errors: "LABEL: expected a JSON array<of_what>,
// got …", or "LABEL: <noun> #I: " and what read_item said of element I.
template <class T, class ReadItem>
Result<std::vector<T>> parse_json_array(std::string_view body, const std::string& label,
                                        const std::string& of_what, const char* noun,
                                        ReadItem read_item) {
  auto j = parse_json(body, label);
  if (!j) {
    return j.error();
  }
  if (!j->is_array()) {
    return make_error(ErrorKind::Protocol,
                      label + ": expected a JSON array" + of_what + ", got " + short_quote(body));
  }
  std::vector<T> out;
  out.reserve(j->size());
  for (std::size_t i = 0; i < j->size(); ++i) {
    Result<T> item = read_item((*j)[i]);
    if (!item) {
      return make_error(ErrorKind::Protocol, label + ": " + noun + " #" + std::to_string(i) + ": " +
                                                 item.error().message);
    }
    out.push_back(std::move(*item));
  }
  return out;
}

// An integer member given as a JSON integer or a numeric string; absent and
// null are std::nullopt. Anything else (a fraction, a number beyond 64 bits,
// "abc", an object) is a Protocol error naming the member.
Result<std::optional<std::int64_t>> int_member(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) {
    return std::optional<std::int64_t>{};
  }
  if (it->is_number_unsigned()) {
    if (it->get<std::uint64_t>() <=
        static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return std::optional<std::int64_t>(static_cast<std::int64_t>(it->get<std::uint64_t>()));
    }
  } else if (it->is_number_integer()) {
    return std::optional<std::int64_t>(it->get<std::int64_t>());
  } else if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (!s.empty() && ec == std::errc() && p == s.data() + s.size()) {
      return std::optional<std::int64_t>(v);
    }
  }
  return make_error(ErrorKind::Protocol,
                    std::string("field '") + name + "' is not an integer: " +
                        quote_prefix(it->dump(-1, ' ', false, json::error_handler_t::replace), 80));
}

// One element of a reference list (Regions, Cities, …).
Result<RefItem> ref_item_from_json(const json& e) {
  if (!e.is_object()) {
    return make_error(ErrorKind::Protocol, "not a JSON object");
  }
  auto id = int_member(e, "id");
  if (!id || !id->has_value()) {
    return make_error(ErrorKind::Protocol, id ? "no 'id'" : id.error().message);
  }
  RefItem item;
  item.id = **id;
  auto name = e.find("name");
  if (name != e.end() && name->is_string()) {
    item.name = name->get<std::string>();
  }
  auto region = int_member(e, "regionId");
  if (!region) {
    return region.error();
  }
  item.region_id = *region;
  return item;
}

} // namespace

Result<std::vector<LiveUser>> parse_users_page(std::string_view body, const std::string& label) {
  return parse_json_array<LiveUser>(body, label, " of users", "user", live_user_from_json);
}

Result<LiveUser> parse_user_answer(std::string_view body, const std::string& label) {
  auto j = parse_json(body, label);
  if (!j) {
    return j.error();
  }
  const json* object = &*j;
  if (j->is_array() && j->size() == 1) { // tolerated: a one-element list
    object = &(*j)[0];
  }
  auto user = live_user_from_json(*object);
  if (!user) {
    return make_error(ErrorKind::Protocol, label + ": " + user.error().message);
  }
  return user;
}

Result<std::vector<RefItem>> parse_reference_page(std::string_view body, const std::string& label) {
  return parse_json_array<RefItem>(body, label, "", "item", ref_item_from_json);
}

std::optional<std::int64_t> parse_created_id(std::string_view body) {
  if (json_too_deep(body)) {
    return std::nullopt;
  }
  json j = json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return std::nullopt;
  }
  auto id = int_member(j, "id");
  if (id && id->has_value()) {
    return **id;
  }
  return std::nullopt;
}

} // namespace alignctl
