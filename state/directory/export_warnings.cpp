#include "state/directory/export_warnings.hpp"

#include "state/directory/directory_entry.hpp"

#include <algorithm>
#include <fmt/core.h>

namespace alignctl {

std::vector<std::string> unseen_attribute_warnings(const std::vector<MemberEntry>& members,
                                                   const DirectoryConfig& config,
                                                   const std::vector<std::string>& skip) {
  std::vector<std::string> out;
  if (members.empty()) {
    return out;
  }
  for (const std::string& field : k_desired_fields) {
    auto it = config.fields.find(field);
    if (it == config.fields.end() || !it->second.set || it->second.attribute.empty() ||
        std::find(skip.begin(), skip.end(), field) != skip.end()) {
      continue;
    }
    const FieldMapping& m = it->second;
    bool seen = false;
    for (const MemberEntry& member : members) {
      for (const std::string& v : member.entry.values(m.attribute)) {
        seen = seen || !trim(v).empty();
      }
      if (seen) {
        break;
      }
    }
    if (!seen) {
      const std::string instead = m.default_value.empty()
                                      ? fmt::format("no {}", field)
                                      : fmt::format("the default '{}'", m.default_value);
      out.push_back(fmt::format("none of the {} users has a value for '{}', the attribute mapped "
                                "to {}: every user gets {} (check the attribute's name)",
                                members.size(), m.attribute, field, instead));
    }
  }
  return out;
}

std::vector<std::string> users_without_email(const DesiredState& state) {
  std::vector<std::string> out;
  if (state.key == MatchKey::Email) {
    return out;
  }
  for (const DesiredUser& u : state.users) {
    if (u.email.empty()) {
      out.push_back(u.line > 0 ? fmt::format("{} (line {})", u.external_id, u.line)
                               : u.external_id);
    }
  }
  return out;
}

std::string missing_email_message(const std::vector<std::string>& users,
                                  const DirectoryConfig& config, std::size_t cap) {
  std::string names;
  for (std::size_t i = 0; i < users.size() && i < cap; ++i) {
    names += (i ? ", " : "") + users[i];
  }
  if (users.size() > cap) {
    names += fmt::format(" … and {} more", users.size() - cap);
  }
  auto it = config.fields.find("email");
  const std::string attribute =
      it == config.fields.end() || it->second.attribute.empty() ? "none" : it->second.attribute;
  return fmt::format(
      "{} user{} {} no email (attribute '{}'{}): {}. Jira Align refuses to create a user without "
      "one, and plan refuses to clear an email; give them a mail value in the directory, or map a "
      "fallback attribute (directory.email_fallback, e.g. userPrincipalName)",
      users.size(), users.size() == 1 ? "" : "s", users.size() == 1 ? "has" : "have", attribute,
      config.email_fallback.empty() ? "" : ", fallback '" + config.email_fallback + "'", names);
}

} // namespace alignctl
