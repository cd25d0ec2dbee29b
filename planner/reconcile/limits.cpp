#include "planner/reconcile/limits.hpp"

#include "planner/reconcile/messages.hpp"

namespace alignctl {

std::vector<std::string> limit_errors(const std::vector<Action>& actions, const Policy& policy,
                                      int managed_active) {
  std::int64_t creates = 0;
  std::int64_t deactivations = 0;
  for (const Action& a : actions) {
    creates += a.op == ActionOp::Create ? 1 : 0;
    deactivations += a.op == ActionOp::Deactivate ? 1 : 0;
  }
  std::vector<std::string> errors;
  auto check = [&](const std::optional<Limit>& limit, const char* name, const char* verb,
                   std::int64_t count) {
    if (!limit) {
      return;
    }
    std::int64_t allowed = limit->allowed(managed_active);
    if (count <= allowed) {
      return;
    }
    std::string of =
        limit->is_percent ? reconcile_text::of_managed_active(managed_active, allowed) : "";
    errors.push_back(
        reconcile_text::limit_exceeded(verb, count, name, limit->text, of, policy.file));
  };
  check(policy.max_deactivations, "max_deactivations", "deactivate", deactivations);
  check(policy.max_creates, "max_creates", "create", creates);
  return errors;
}

} // namespace alignctl
