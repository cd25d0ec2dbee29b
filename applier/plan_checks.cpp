#include "applier/plan_checks.hpp"

#include "applier/iso_time.hpp"
#include "state/jira/base_url.hpp"
#include "state/util/ascii_case.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/core.h>

namespace alignctl {

namespace {

std::string comparable_url(const std::string& url) {
  auto n = normalize_base_url(url);
  std::string s = n ? *n : url;
  while (!s.empty() && s.back() == '/') {
    s.pop_back();
  }
  return fold_case(s);
}

bool iequals_prefix(const std::string& s, const std::string& prefix) {
  return s.size() >= prefix.size() && fold_case(s.substr(0, prefix.size())) == fold_case(prefix);
}

std::string describe(const Action& a, std::size_t index) {
  return fmt::format("action {} ({} {})", index + 1, action_op_name(a.op), a.key);
}

} // namespace

Result<void> check_plan_target(const Plan& plan, const std::string& configured_url) {
  if (comparable_url(plan.target_url) != comparable_url(configured_url)) {
    return make_error(ErrorKind::Config,
                      fmt::format("plan was made for {}, but the configured instance is {}; "
                                  "apply a plan made against this instance",
                                  plan.target_url, configured_url));
  }
  return {};
}

Result<void> check_plan_age(const Plan& plan, std::chrono::system_clock::time_point now,
                            std::chrono::seconds max_age) {
  auto created = parse_iso8601_utc(plan.created_at);
  if (!created) {
    return make_error(ErrorKind::Input, "plan created_at: " + created.error().message);
  }
  if (max_age.count() == 0) {
    return {};
  }
  auto age = std::chrono::duration_cast<std::chrono::seconds>(now - *created);
  if (age > max_age) {
    return make_error(ErrorKind::Config,
                      fmt::format("plan is {} old (created {}), older than the maximum age {}; "
                                  "re-plan, or raise --max-plan-age",
                                  format_duration(age), plan.created_at, format_duration(max_age)));
  }
  return {};
}

Result<void> check_plan_requests(const Plan& plan) {
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    const Action& a = plan.actions[i];
    const PlannedRequest& r = a.request;
    if (a.op == ActionOp::Create) {
      if (r.method != "POST" || fold_case(r.path) != "/users" || !r.body.is_object()) {
        return make_error(ErrorKind::Input,
                          fmt::format("{}: apply sends a create only as POST /Users with a JSON "
                                      "object body, the plan has {} {}",
                                      describe(a, i), r.method, r.path));
      }
      if (a.key.empty()) {
        return make_error(ErrorKind::Input, describe(a, i) + ": a create needs a key");
      }
      continue;
    }
    if (!a.user_id) {
      return make_error(ErrorKind::Input, describe(a, i) + ": no Jira Align user id");
    }
    std::string expected = fmt::format("/Users/{}", *a.user_id);
    if (r.method != "PATCH" || !iequals_prefix(r.path, expected) ||
        r.path.size() != expected.size() || !r.body.is_array() || r.body.empty()) {
      return make_error(ErrorKind::Input,
                        fmt::format("{}: apply sends a change only as PATCH {} with a JSON Patch "
                                    "array, the plan has {} {}",
                                    describe(a, i), expected, r.method, r.path));
    }
  }
  return {};
}

} // namespace alignctl
