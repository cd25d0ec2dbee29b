#include "state/model/match_key.hpp"

#include "state/model/desired_state.hpp"
#include "state/model/live_user.hpp"
#include "state/util/enum_names.hpp"

namespace alignctl {

namespace {
constexpr EnumName<MatchKey> k_key_names[] = {{MatchKey::ExternalId, "externalId"},
                                              {MatchKey::Email, "email"}};
static_assert(lists_every_value(k_key_names, MatchKey::Email), "every MatchKey needs a name");
} // namespace

std::string match_key_name(MatchKey key) {
  return std::string(name_of(k_key_names, key, "externalId"));
}

std::optional<MatchKey> match_key_from_name(std::string_view name) {
  return from_name(k_key_names, name);
}

const std::optional<std::string>& key_value(const LiveUser& user, MatchKey key) {
  return key == MatchKey::Email ? user.email : user.external_id;
}

const std::string& key_value(const DesiredUser& user, MatchKey key) {
  return key == MatchKey::Email ? user.email : user.external_id;
}

std::string& key_value(DesiredUser& user, MatchKey key) {
  return key == MatchKey::Email ? user.email : user.external_id;
}

} // namespace alignctl
