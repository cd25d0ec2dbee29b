#include "tests/sim/core/query.hpp"

#include "tests/sim/core/bad_request.hpp"

#include <charconv>

namespace alignctl::sim {

namespace {

std::string trimmed(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) {
    return {};
  }
  std::size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

std::optional<std::int64_t> parse_count(std::string_view text) {
  std::string t = trimmed(text);
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || p != t.data() + t.size() || v < 0) {
    return std::nullopt;
  }
  return v;
}

} // namespace

Result<ListQuery> parse_list_query(const QueryParams& params, const QueryRules& rules) {
  ListQuery q;
  for (const auto& [raw_name, value] : params) {
    std::string name = to_lower(raw_name);
    if (name == "$top") {
      auto v = parse_count(value);
      if (!v) {
        return bad_request("Invalid value for $top: '" + value + "'.");
      }
      if (*v > k_max_page) {
        if (rules.strict_top) {
          return bad_request("$top must not exceed 100.");
        }
        *v = k_max_page;
      }
      q.top = *v;
    } else if (name == "$skip") {
      auto v = parse_count(value);
      if (!v) {
        return bad_request("Invalid value for $skip: '" + value + "'.");
      }
      q.skip = *v;
    } else if (!rules.users) {
      continue;
    } else if (name == "$select") {
      std::string_view rest = value;
      while (true) {
        auto comma = rest.find(',');
        std::string item = trimmed(rest.substr(0, comma));
        if (!item.empty()) {
          const FieldDef* f = find_field(item);
          if (f == nullptr) {
            return bad_request("Invalid $select: unknown property '" + item + "'.");
          }
          q.select.push_back(f);
        }
        if (comma == std::string_view::npos) {
          break;
        }
        rest.remove_prefix(comma + 1);
      }
    } else if (name == "$orderby") {
      std::string v = to_lower(trimmed(value));
      if (v == "id" || v == "id asc") {
        q.descending = false;
      } else if (v == "id desc") {
        q.descending = true;
      } else {
        return bad_request("Unsupported $orderby: '" + value +
                           "' (the simulator orders by id only).");
      }
    } else if (name == "$filter") {
      auto f = Filter::parse(value);
      if (!f.ok()) {
        return f.error();
      }
      q.filter = std::move(f.value());
    }
  }
  return q;
}

} // namespace alignctl::sim
