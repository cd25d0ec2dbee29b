#include "planner/reconcile/action_builder.hpp"

#include "state/model/live_user_json.hpp"

#include <fmt/core.h>

namespace alignctl {

using nlohmann::json;

void Patch::expect(const std::string& field) {
  m_before[field] = live_user_field(m_user, field);
}

void Patch::remember(const std::string& field) {
  m_prior[field] = live_user_field(m_user, field);
}

void Patch::set(const std::string& field, json value) {
  remember(field);
  m_ops.push_back(json::object({{"op", "replace"}, {"path", "/" + field}, {"value", value}}));
  m_after[field] = std::move(value);
}

Action patch_action(ActionOp op, ReasonCode code, std::string key, std::string reason,
                    MatchKey match_key, Patch patch) {
  Action a;
  a.op = op;
  a.key = std::move(key);
  a.user_id = patch.m_user.id;
  a.reason = std::move(reason);
  a.reason_code = code;
  a.precondition = std::move(patch.m_before);
  const std::string key_name = match_key_name(match_key);
  a.precondition[key_name] = live_user_field(patch.m_user, key_name);
  a.after = std::move(patch.m_after);
  a.before = std::move(patch.m_prior);
  a.request =
      PlannedRequest{"PATCH", fmt::format("/Users/{}", patch.m_user.id), std::move(patch.m_ops)};
  return a;
}

Action create_action(std::string key, std::string reason, json body) {
  Action a;
  a.op = ActionOp::Create;
  a.key = std::move(key);
  a.reason = std::move(reason);
  a.reason_code = ReasonCode::CreateNotInJiraAlign;
  a.precondition = json::object({{"exists", false}});
  a.after = body;
  a.request = PlannedRequest{"POST", "/Users", std::move(body)};
  return a;
}

} // namespace alignctl
