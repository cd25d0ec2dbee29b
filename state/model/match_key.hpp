// MatchKey: which field says that a desired user and a live Jira Align user
// are the same person — externalId (the directory's account name; the
// default) or email. Values are compared with fold_case (state/util/
// ascii_case). Every place that picks the key's value goes through here.
#pragma once

#include <fmt/format.h>
#include <optional>
#include <string>
#include <string_view>

namespace alignctl {

struct LiveUser;
struct DesiredUser;

enum class MatchKey {
  ExternalId,
  Email,
};

// "externalId" or "email": the API field name, as in policy and plan files.
std::string match_key_name(MatchKey key);
// The key for a name as written in files ("externalId", "email"); nullopt otherwise.
std::optional<MatchKey> match_key_from_name(std::string_view name);

// The other key (doctor and the account-ID guard compare both).
constexpr MatchKey other_match_key(MatchKey key) {
  return key == MatchKey::Email ? MatchKey::ExternalId : MatchKey::Email;
}

// The key's value of a live user (absent when the API gave none).
const std::optional<std::string>& key_value(const LiveUser& user, MatchKey key);
// The key's value of a desired user ("" when the file has none).
const std::string& key_value(const DesiredUser& user, MatchKey key);
std::string& key_value(DesiredUser& user, MatchKey key);

} // namespace alignctl

// fmt::format("{}", key) writes match_key_name(key).
template <> struct fmt::formatter<alignctl::MatchKey> : fmt::formatter<fmt::string_view> {
  template <class Context> auto format(alignctl::MatchKey key, Context& ctx) const {
    return fmt::formatter<fmt::string_view>::format(alignctl::match_key_name(key), ctx);
  }
};
