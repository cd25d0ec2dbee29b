#include "planner/reconcile/repair.hpp"

#include "planner/reconcile/action_builder.hpp"
#include "planner/reconcile/messages.hpp"

namespace alignctl {

namespace {

std::optional<nlohmann::json> id_json(const std::optional<PolicyId>& p) {
  return p ? std::optional<nlohmann::json>(p->value) : std::nullopt;
}

} // namespace

RepairPlan plan_repair(const std::string& key, const LiveUser& u,
                       const std::vector<Action>& planned, const Policy& policy) {
  RepairPlan out;
  const bool lacks_legacy = u.division_id.value_or(0) == 0 || u.city_id.value_or(0) == 0;
  if (planned.empty() && !(policy.repair_scope == RepairScope::All && lacks_legacy)) {
    return out; // repair.scope: before-change — no needless writes
  }
  Patch patch(u);
  std::vector<std::string> missing;
  auto need = [&](const char* field, bool is_missing, const std::optional<nlohmann::json>& value,
                  const char* policy_key) {
    if (!is_missing) {
      return;
    }
    if (!value) {
      out.errors.push_back(
          reconcile_text::repair_value_missing(u.id, key, field, policy_key, policy.file));
      return;
    }
    patch.change(field, *value);
    missing.push_back(field);
  };
  need("divisionId", u.division_id.value_or(0) == 0, id_json(policy.repair_division_id),
       "repair.divisionId");
  need("cityId", u.city_id.value_or(0) == 0, id_json(policy.repair_city_id), "repair.cityId");
  need("company", u.company && u.company->empty(),
       policy.repair_company ? std::optional<nlohmann::json>(*policy.repair_company) : std::nullopt,
       "repair.company");
  if (!out.errors.empty() || patch.empty()) {
    return out;
  }
  std::vector<std::string> ops;
  for (const Action& a : planned) {
    ops.push_back(action_op_name(a.op));
  }
  out.action = patch_action(
      ActionOp::Repair, ops.empty() ? ReasonCode::RepairScopeAll : ReasonCode::RepairBeforeChange,
      key, reconcile_text::repair_reason(missing, ops), policy.match_key, std::move(patch));
  return out;
}

} // namespace alignctl
