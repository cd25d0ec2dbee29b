#include "planner/plan.hpp"

#include <array>
#include <utility>

namespace alignctl {

namespace {
constexpr std::array<std::pair<ActionOp, const char*>, k_action_op_count> k_op_names{{
    {ActionOp::Repair, "repair"},
    {ActionOp::Deactivate, "deactivate"},
    {ActionOp::Reactivate, "reactivate"},
    {ActionOp::Create, "create"},
    {ActionOp::Link, "link"},
    {ActionOp::Update, "update"},
}};

// Every op has a name, listed in apply order (the enum's order).
constexpr bool names_follow_apply_order() {
  for (std::size_t i = 0; i < k_op_names.size(); ++i) {
    if (apply_rank(k_op_names[i].first) != i) {
      return false;
    }
  }
  return true;
}
static_assert(names_follow_apply_order(), "k_op_names must list every ActionOp in enum order");
} // namespace

const char* action_op_name(ActionOp op) {
  for (const auto& [o, name] : k_op_names) {
    if (o == op) {
      return name;
    }
  }
  return "unknown";
}

std::optional<ActionOp> action_op_from_name(const std::string& name) {
  for (const auto& [o, n] : k_op_names) {
    if (name == n) {
      return o;
    }
  }
  return std::nullopt;
}

} // namespace alignctl
