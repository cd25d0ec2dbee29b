// The one place a plan Action is assembled: a POST for a create, or a PATCH
// for any other op, with the precondition (the live values it relies on, plus
// the match key's live value), the values after, and the exact request.
#pragma once

#include "planner/plan.hpp"
#include "state/model/live_user.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace alignctl {

// The PATCH of one live user being put together, field by field.
class Patch {
public:
  explicit Patch(const LiveUser& user) : m_user(user) {}

  // The action relies on this field's live value (precondition).
  void expect(const std::string& field);
  // Sets the field (a replace op, and the value after) without relying on it.
  void set(const std::string& field, nlohmann::json value);
  // Records the field's live value in the action's `before` (what undo
  // restores) without relying on it or setting it.
  void remember(const std::string& field);
  // expect and set.
  void change(const std::string& field, nlohmann::json value) {
    expect(field);
    set(field, std::move(value));
  }
  bool empty() const { return m_ops.empty(); }

private:
  friend Action patch_action(ActionOp, ReasonCode, std::string, std::string, MatchKey, Patch);
  const LiveUser& m_user;
  nlohmann::json m_ops = nlohmann::json::array();
  nlohmann::json m_before = nlohmann::json::object();
  nlohmann::json m_after = nlohmann::json::object();
  nlohmann::json m_prior = nlohmann::json::object(); // the action's `before`
};

// A PATCH /Users/{id} action. Its precondition also holds the match key's
// live value, so apply refuses when the user under that id has changed hands.
Action patch_action(ActionOp op, ReasonCode code, std::string key, std::string reason,
                    MatchKey match_key, Patch patch);

// A POST /Users action with `body`; its precondition is that no user has the key.
Action create_action(std::string key, std::string reason, nlohmann::json body);

} // namespace alignctl
