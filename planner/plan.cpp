#include "planner/plan.hpp"

#include <array>
#include <utility>

namespace alignctl {

namespace {
constexpr std::array<std::pair<ActionOp, const char*>, 6> k_op_names{{
    {ActionOp::Repair, "repair"},
    {ActionOp::Deactivate, "deactivate"},
    {ActionOp::Reactivate, "reactivate"},
    {ActionOp::Create, "create"},
    {ActionOp::Link, "link"},
    {ActionOp::Update, "update"},
}};
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
