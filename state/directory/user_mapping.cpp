#include "state/directory/user_mapping.hpp"

#include "state/directory/directory_entry.hpp"
#include "state/model/desired_state_writer.hpp"
#include "state/util/input_limits.hpp"
#include "state/util/text_scan.hpp"

#include <fmt/core.h>
#include <unordered_map>

namespace alignctl {

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
      return false;
    }
    for (int k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) >> 6) != 0x2) {
        return false;
      }
    }
    i += static_cast<std::size_t>(len);
  }
  return true;
}

namespace {

// map_user with `where` made only for an error message (a string per user
// cost more than the mapping itself in a large export).
template <class Where>
Result<DesiredUser> map_entry(const DirectoryEntry& entry, const std::vector<std::string>& groups,
                              const DirectoryConfig& config, const Where& where_of) {
  DesiredUser u;
  u.line = entry.line;
  auto target = [&u](const std::string& field) -> std::string& {
    return field == "externalId"  ? u.external_id
           : field == "firstName" ? u.first_name
           : field == "lastName"  ? u.last_name
           : field == "email"     ? u.email
           : field == "title"     ? u.title
                                  : u.region;
  };
  for (const std::string& field : k_desired_fields) {
    auto it = config.fields.find(field);
    if (it == config.fields.end()) {
      continue;
    }
    const FieldMapping& m = it->second;
    std::string value;
    if (!m.attribute.empty()) {
      const auto& values = entry.values(m.attribute);
      value = values.empty() ? std::string() : trim(values.front());
    }
    if (value.empty()) {
      value = trim(m.default_value);
    }
    if (!is_valid_utf8(value)) {
      return make_error(ErrorKind::Input, fmt::format("{}: the value of {} (for {}) is not UTF-8",
                                                      where_of(), m.attribute, field));
    }
    if (value.find('\0') != std::string::npos) {
      return make_error(ErrorKind::Input,
                        fmt::format("{}: the value of {} (for {}) contains a NUL character",
                                    where_of(), m.attribute, field));
    }
    if (auto n = utf8_length(value); n > k_max_value_chars) {
      // plan would refuse the desired state it makes (docs/desired-state-format.md "Limits")
      return make_error(ErrorKind::Input,
                        fmt::format("{}: the value of {} (for {}) is {} characters long; the "
                                    "limit is {}",
                                    where_of(), m.attribute, field, n, k_max_value_chars));
    }
    target(field) = std::move(value);
  }
  if (u.email.empty() && !config.email_fallback.empty()) {
    const auto& values = entry.values(config.email_fallback);
    std::string value = values.empty() ? std::string() : trim(values.front());
    if (!is_valid_utf8(value) || value.find('\0') != std::string::npos ||
        utf8_length(value) > k_max_value_chars) {
      return make_error(ErrorKind::Input,
                        fmt::format("{}: the value of {} (the email fallback) is not a usable "
                                    "email (not UTF-8, a NUL, or over {} characters)",
                                    where_of(), config.email_fallback, k_max_value_chars));
    }
    u.email = std::move(value);
  }
  std::string& key = key_value(u, config.key);
  if (key.empty()) {
    const auto& m = config.fields.at(match_key_name(config.key));
    return make_error(ErrorKind::Input,
                      fmt::format("{}: no value for {} ({}), the key of the desired state",
                                  where_of(), config.key,
                                  m.attribute.empty() ? "no attribute mapped" : m.attribute));
  }
  if (config.lowercase_key) {
    key = fold_case(key);
  }
  for (const std::string& g : groups) {
    if (!is_valid_utf8(g)) {
      return make_error(ErrorKind::Input, fmt::format("{}: a group name is not UTF-8", where_of()));
    }
    if (auto n = utf8_length(g); n > k_max_value_chars) {
      return make_error(ErrorKind::Input,
                        fmt::format("{}: group name '{}' is {} characters long; the limit is {}",
                                    where_of(), quote_prefix(g, 80), n, k_max_value_chars));
    }
  }
  u.groups = groups;
  return u;
}

// The entry's DN, and its line when it comes from a file.
std::string place_of(const DirectoryEntry& entry) {
  if (entry.dn.empty()) {
    return fmt::format("line {}", entry.line);
  }
  return entry.line > 0 ? fmt::format("'{}' (line {})", entry.dn, entry.line)
                        : "'" + entry.dn + "'";
}

} // namespace

Result<DesiredUser> map_user(const DirectoryEntry& entry, const std::vector<std::string>& groups,
                             const DirectoryConfig& config, const std::string& where) {
  return map_entry(entry, groups, config, [&where] { return where; });
}

Result<DesiredState> build_desired_state(const std::vector<MemberEntry>& members,
                                         const DirectoryConfig& config, const std::string& source) {
  DesiredState state;
  state.key = config.key;
  state.source = source;
  state.users.reserve(members.size());
  std::unordered_map<std::string, std::size_t> by_key;
  by_key.reserve(members.size());
  for (const MemberEntry& m : members) {
    auto user = map_entry(m.entry, m.groups, config, [&m] { return place_of(m.entry); });
    if (!user) {
      return user.error();
    }
    const std::string k = fold_case(key_value(*user, config.key));
    auto [it, inserted] = by_key.emplace(k, state.users.size());
    if (!inserted) {
      const MemberEntry& other = members[it->second];
      return make_error(ErrorKind::Input,
                        fmt::format("{} and {} have the same {} '{}' (keys compare "
                                    "case-insensitively)",
                                    place_of(other.entry), place_of(m.entry), config.key,
                                    key_value(*user, config.key)));
    }
    state.users.push_back(std::move(*user));
  }
  canonicalize(state);
  return state;
}

} // namespace alignctl
