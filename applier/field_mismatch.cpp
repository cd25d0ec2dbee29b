#include "applier/field_mismatch.hpp"

#include <fmt/core.h>

namespace alignctl {

std::string mismatch_subject(const FieldMismatch& m) {
  return m.user_id ? fmt::format("{} {} (id {})", action_op_name(m.op), m.key, *m.user_id)
                   : fmt::format("{} {}", action_op_name(m.op), m.key);
}

nlohmann::json live_user_ids(const std::vector<LiveUser>& users) {
  nlohmann::json ids = nlohmann::json::array();
  for (const LiveUser& u : users) {
    ids.push_back(u.id);
  }
  return ids;
}

} // namespace alignctl
