#include "state/model/match_key.hpp"

#include "state/model/desired_state.hpp"
#include "state/model/live_user.hpp"

namespace alignctl {

std::string match_key_name(MatchKey key) {
  return key == MatchKey::Email ? "email" : "externalId";
}

std::optional<MatchKey> match_key_from_name(std::string_view name) {
  if (name == "externalId") {
    return MatchKey::ExternalId;
  }
  if (name == "email") {
    return MatchKey::Email;
  }
  return std::nullopt;
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
