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

namespace {
constexpr std::array<std::pair<ActionLabel, const char*>, 2> k_label_names{{
    {ActionLabel::Change, "change"},
    {ActionLabel::Drift, "drift"},
}};
constexpr std::array<std::pair<HistorySearch, const char*>, 3> k_history_names{{
    {HistorySearch::Found, "found"},
    {HistorySearch::NotFound, "not-found"},
    {HistorySearch::Capped, "capped"},
}};

template <class Table, class E> const char* name_of(const Table& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) {
      return name;
    }
  }
  return "unknown";
}

template <class E, class Table>
std::optional<E> value_of(const Table& table, const std::string& n) {
  for (const auto& [v, name] : table) {
    if (n == name) {
      return v;
    }
  }
  return std::nullopt;
}
} // namespace

const char* action_label_name(ActionLabel label) {
  return name_of(k_label_names, label);
}

std::optional<ActionLabel> action_label_from_name(const std::string& name) {
  return value_of<ActionLabel>(k_label_names, name);
}

const char* history_search_name(HistorySearch h) {
  return name_of(k_history_names, h);
}

std::optional<HistorySearch> history_search_from_name(const std::string& name) {
  return value_of<HistorySearch>(k_history_names, name);
}

} // namespace alignctl
