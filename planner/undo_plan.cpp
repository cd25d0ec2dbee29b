#include "planner/undo_plan.hpp"

#include "planner/reconcile/output_order.hpp"
#include "planner/text_util.hpp"
#include "state/model/live_user_json.hpp"

#include <fmt/core.h>
#include <map>

namespace alignctl {

namespace {

using nlohmann::json;

std::string action_label(std::size_t index, const Action& a) {
  return a.user_id ? fmt::format("action {} ({} {}, id {})", index + 1, action_op_name(a.op), a.key,
                                 *a.user_id)
                   : fmt::format("action {} ({} {})", index + 1, action_op_name(a.op), a.key);
}

// The done actions of one user, in plan (apply) order.
struct TouchedUser {
  std::int64_t id = 0;
  std::vector<std::size_t> done; // plan indexes
};

class UndoBuilder {
public:
  UndoBuilder(const Plan& applied, const std::vector<ActionOutcome>& outcomes, UndoOutcome& out)
      : m_applied(applied), m_outcomes(outcomes), m_out(out) {}

  void run() {
    if (m_outcomes.size() != m_applied.actions.size()) {
      error(fmt::format("the journal's outcomes cover {} actions, the plan has {}",
                        m_outcomes.size(), m_applied.actions.size()));
      return;
    }
    std::vector<TouchedUser> users;
    std::map<std::int64_t, std::size_t> slot; // user id → index in users
    for (std::size_t i = 0; i < m_applied.actions.size(); ++i) {
      const Action& a = m_applied.actions[i];
      const ActionOutcome& o = m_outcomes[i];
      if (o.outcome == AppliedOutcome::NotApplied) {
        continue;
      }
      if (o.outcome == AppliedOutcome::Uncertain) {
        error(fmt::format("{}: the outcome is unknown ({}); undo cannot tell whether to undo it",
                          action_label(i, a), o.detail));
        continue;
      }
      std::optional<std::int64_t> id = a.op == ActionOp::Create ? o.user_id : a.user_id;
      if (!id) {
        error(fmt::format("{}: the journal records it done but not the id of the user it {}; "
                          "undo does not guess which user that is",
                          action_label(i, a), a.op == ActionOp::Create ? "created" : "changed"));
        continue;
      }
      auto [it, fresh] = slot.emplace(*id, users.size());
      if (fresh) {
        users.push_back(TouchedUser{*id, {}});
      }
      users[it->second].done.push_back(i);
    }
    if (!m_out.errors.empty()) {
      return;
    }
    for (const TouchedUser& u : users) {
      if (auto a = undo_user(u)) {
        m_out.plan.actions.push_back(std::move(*a));
      }
    }
    sort_plan(m_out.plan);
  }

private:
  void error(std::string message) { m_out.errors.push_back(std::move(message)); }

  const Action& action(std::size_t index) const { return m_applied.actions[index]; }

  std::optional<Action> undo_user(const TouchedUser& u) {
    const Action& first = action(u.done.front());
    if (first.op == ActionOp::Create) {
      return undo_create(u.id, first);
    }
    // What the apply left: each done action's precondition (fields it relied
    // on and left alone), overlaid with its effect.
    json left = json::object();
    for (std::size_t i : u.done) {
      for (const auto& [f, v] : action(i).precondition.items()) {
        if (!left.contains(f)) {
          left[f] = v;
        }
      }
      for (const auto& [f, v] : action(i).after.items()) {
        left[f] = v;
      }
    }
    // What to put back: each field's value before the first action that set
    // it. Repairs are not undone, so a field repaired and then changed goes
    // back to its repaired value (the later action's `before`).
    json restore = json::object();
    std::vector<std::string> undone_ops;
    bool linked = false;
    for (std::size_t k = 0; k < u.done.size(); ++k) {
      const Action& a = action(u.done[k]);
      if (a.op == ActionOp::Repair) {
        continue;
      }
      undone_ops.emplace_back(action_op_name(a.op));
      linked = linked || a.op == ActionOp::Link;
      json fields = a.before;
      fields.update(a.after);
      for (const auto& [f, unused] : fields.items()) {
        (void)unused;
        if (restore.contains(f)) {
          continue;
        }
        auto old = value_before(u, k, f);
        if (!old) {
          error(fmt::format("{}: the plan does not record the value of {} before it (a plan "
                            "written before alignctl recorded `before`); undo it by hand, or "
                            "re-plan from the desired state",
                            action_label(u.done[k], a), f));
          return std::nullopt;
        }
        restore[f] = *old;
      }
    }
    if (restore.empty()) {
      return std::nullopt; // only repairs: they stay
    }
    // The values before the undo, for undoing it in turn: what the apply
    // left; a field the plan only remembered and never set (a deactivation's
    // userEndDate) as it was, since the plan did not change it.
    json before = restore;
    for (const auto& [f, unused] : restore.items()) {
      (void)unused;
      if (left.contains(f)) {
        before[f] = left[f];
      }
    }
    ActionOp op = ActionOp::Update;
    ReasonCode code = ReasonCode::UndoUpdate;
    if (restore.contains("isLocked")) {
      const bool reactivates = restore["isLocked"] == json(0);
      op = reactivates ? ActionOp::Reactivate : ActionOp::Deactivate;
      code = reactivates ? ReasonCode::UndoDeactivation : ReasonCode::UndoReactivation;
    } else if (linked) {
      op = ActionOp::Link;
      code = ReasonCode::UndoLink;
    }
    std::vector<std::string> changes;
    for (const auto& [f, v] : restore.items()) {
      changes.push_back(left.contains(f) ? fmt::format("{} {} → {}", f, left[f].dump(), v.dump())
                                         : fmt::format("{} → {}", f, v.dump()));
    }
    Action out;
    out.op = op;
    out.key = first.key;
    out.who = first.who; // the person, for the reviewer
    out.user_id = u.id;
    out.reason_code = code;
    out.reason = fmt::format("undoes {}: {}", join(undone_ops, " + "), join(changes, ", "));
    out.precondition = std::move(left);
    out.precondition.erase("exists");
    out.before = std::move(before);
    out.after = restore;
    out.request.method = "PATCH";
    out.request.path = fmt::format("/Users/{}", u.id);
    out.request.body = json::array();
    for (const auto& [f, v] : restore.items()) {
      out.request.body.push_back(
          json::object({{"op", "replace"}, {"path", "/" + f}, {"value", v}}));
    }
    return out;
  }

  // The value of `field` just before the k-th done action of `u`: its
  // `before`, else (older plans) its precondition, else the effect of an
  // earlier done action of the same user.
  std::optional<json> value_before(const TouchedUser& u, std::size_t k,
                                   const std::string& field) const {
    const Action& a = action(u.done[k]);
    if (a.before.contains(field)) {
      return a.before[field];
    }
    if (a.precondition.contains(field)) {
      return a.precondition[field];
    }
    for (std::size_t j = k; j-- > 0;) {
      if (action(u.done[j]).after.contains(field)) {
        return action(u.done[j]).after[field];
      }
    }
    return std::nullopt;
  }

  // The API cannot delete a user: the undo deactivates it. It relies on the
  // user being as created (the POST body) and still active.
  Action undo_create(std::int64_t id, const Action& create) const {
    Action out;
    out.op = ActionOp::Deactivate;
    out.key = create.key;
    out.who = create.who;
    out.user_id = id;
    out.reason_code = ReasonCode::UndoCreation;
    out.reason = "undoes create: deactivated (the API cannot delete a user)";
    out.precondition = json::object();
    for (const auto& [f, v] : create.after.items()) {
      if (!live_user_field(LiveUser{}, f).is_discarded()) { // a field apply can read back
        out.precondition[f] = v;
      }
    }
    out.precondition["isLocked"] = 0;
    out.before = json::object({{"isLocked", 0}});
    out.after = json::object({{"isLocked", -1}});
    out.request.method = "PATCH";
    out.request.path = fmt::format("/Users/{}", id);
    out.request.body =
        json::array({json::object({{"op", "replace"}, {"path", "/isLocked"}, {"value", -1}})});
    return out;
  }

  const Plan& m_applied;
  const std::vector<ActionOutcome>& m_outcomes;
  UndoOutcome& m_out;
};

} // namespace

UndoOutcome build_undo_plan(const Plan& applied, const std::vector<ActionOutcome>& outcomes,
                            const UndoContext& context) {
  UndoOutcome out;
  out.plan.tool_version = context.tool_version;
  out.plan.target_url = applied.target_url;
  out.plan.created_at = context.created_at;
  out.plan.match_key = applied.match_key;
  out.plan.provenance.undoes_plan = context.plan_path;
  out.plan.provenance.undoes_checksum = context.plan_checksum;
  UndoBuilder(applied, outcomes, out).run();
  if (!out.ok()) {
    out.plan.actions.clear();
  }
  return out;
}

} // namespace alignctl
