#include "planner/plan_summary.hpp"

#include <algorithm>

namespace alignctl {

const std::vector<ActionOp>& all_action_ops() {
  static const std::vector<ActionOp> ops = {ActionOp::Repair,     ActionOp::Deactivate,
                                            ActionOp::Reactivate, ActionOp::Create,
                                            ActionOp::Link,       ActionOp::Update};
  return ops;
}

PlanSummary summarize(const Plan& plan) {
  PlanSummary s;
  for (ActionOp op : all_action_ops()) {
    auto n = static_cast<std::size_t>(std::count_if(plan.actions.begin(), plan.actions.end(),
                                                    [op](const Action& a) { return a.op == op; }));
    s.actions.emplace_back(op, n);
    s.total_actions += n;
  }
  for (const char* kind : {"ignored", "protected", "unmatched"}) {
    s.notices.emplace_back(kind, 0);
  }
  for (const Notice& n : plan.notices) {
    auto it = std::find_if(s.notices.begin(), s.notices.end(),
                           [&](const auto& p) { return p.first == notice_kind_name(n.kind); });
    if (it == s.notices.end()) {
      s.notices.emplace_back(notice_kind_name(n.kind), 1);
    } else {
      ++it->second;
    }
  }
  for (const Action& a : plan.actions) {
    if (a.label) {
      s.labelled = true;
      ++(a.label->kind == ActionLabel::Change ? s.change : s.drift);
    }
  }
  s.labelled = s.labelled || plan.provenance.base.has_value();
  return s;
}

} // namespace alignctl
