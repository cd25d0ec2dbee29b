#include "planner/reconcile/output_order.hpp"

#include "planner/text_util.hpp"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

namespace alignctl {

void append_user_actions(std::vector<Action> acts, std::vector<Action>& out) {
  std::stable_sort(acts.begin(), acts.end(), [](const Action& a, const Action& b) {
    return apply_rank(a.op) < apply_rank(b.op);
  });
  nlohmann::json changed = nlohmann::json::object(); // field → the value an earlier action sets
  for (Action& a : acts) {
    for (const auto& [f, value] : changed.items()) {
      a.precondition.erase(f);
      if (a.before.contains(f)) {
        a.before[f] = value; // undo restores what this action found: the earlier one's effect
      }
    }
    for (const auto& [f, value] : a.after.items()) {
      changed[f] = value;
    }
    out.push_back(std::move(a));
  }
}

void sort_plan(Plan& plan) {
  auto& actions = plan.actions;
  std::vector<std::pair<std::string, std::size_t>> order;
  order.reserve(actions.size());
  for (std::size_t i = 0; i < actions.size(); ++i) {
    order.emplace_back(fold_case(actions[i].key), i);
  }
  std::sort(order.begin(), order.end(), [&](const auto& x, const auto& y) {
    const Action& a = actions[x.second];
    const Action& b = actions[y.second];
    return std::tie(a.op, x.first, a.key, a.user_id) < std::tie(b.op, y.first, b.key, b.user_id);
  });
  std::vector<Action> sorted;
  sorted.reserve(actions.size());
  for (const auto& o : order) {
    sorted.push_back(std::move(actions[o.second]));
  }
  actions = std::move(sorted);
  std::sort(plan.notices.begin(), plan.notices.end(), [](const Notice& a, const Notice& b) {
    // By kind name, then key: the order reviewers have always seen.
    std::string_view na = notice_kind_name(a.kind);
    std::string_view nb = notice_kind_name(b.kind);
    std::string ka = fold_case(a.key);
    std::string kb = fold_case(b.key);
    return std::tie(na, ka, a.key, a.user_id) < std::tie(nb, kb, b.key, b.user_id);
  });
}

} // namespace alignctl
