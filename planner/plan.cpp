#include "planner/plan.hpp"

#include "state/util/enum_names.hpp"

namespace alignctl {

namespace {
// Every op has a name, listed in apply order (the enum's order).
constexpr EnumName<ActionOp> k_op_names[] = {{ActionOp::Repair, "repair"},
                                             {ActionOp::Deactivate, "deactivate"},
                                             {ActionOp::Reactivate, "reactivate"},
                                             {ActionOp::Create, "create"},
                                             {ActionOp::Link, "link"},
                                             {ActionOp::Update, "update"}};
static_assert(lists_every_value(k_op_names, ActionOp::Update),
              "k_op_names must list every ActionOp in enum order");
} // namespace

const char* action_op_name(ActionOp op) {
  return name_of(k_op_names, op, "unknown").data();
}

std::optional<ActionOp> action_op_from_name(const std::string& name) {
  return from_name(k_op_names, name);
}

} // namespace alignctl
