#include "planner/reconcile/exemptions.hpp"

#include "planner/reconcile/messages.hpp"
#include "planner/text_util.hpp"

#include <algorithm>

namespace alignctl {

namespace {

bool contains_id(const std::vector<PolicyId>& ids, const std::optional<std::int64_t>& v) {
  return v && std::any_of(ids.begin(), ids.end(), [&](const PolicyId& p) { return p.value == *v; });
}

} // namespace

std::string ignored_reason(const LiveUser& u, const Policy& policy) {
  if (contains_id(policy.ignored_role_ids, u.role_id)) {
    return reconcile_text::ignored_role(*u.role_id);
  }
  return "";
}

std::string protected_reason(const LiveUser& u, const Policy& policy) {
  if (u.external_id && !u.external_id->empty()) {
    for (const std::string& p : policy.protected_external_ids) {
      if (iequals(p, *u.external_id)) {
        return reconcile_text::protected_external_id(*u.external_id);
      }
    }
  }
  for (const std::string& p : policy.protected_patterns) {
    for (const auto* v : {&u.external_id, &u.email}) {
      if (*v && !(*v)->empty() && glob_match(p, **v)) {
        return reconcile_text::protected_pattern(**v, p);
      }
    }
  }
  if (contains_id(policy.protected_role_ids, u.role_id)) {
    return reconcile_text::protected_role(*u.role_id);
  }
  return "";
}

} // namespace alignctl
