#include "planner/reconcile/update.hpp"

#include "planner/reconcile/action_builder.hpp"
#include "planner/reconcile/messages.hpp"
#include "planner/text_util.hpp"

namespace alignctl {

namespace text = reconcile_text;

UpdatePlan plan_update(const DesiredUser& d, const LiveUser& u, const LoginBlock& fix,
                       const Policy& policy, const Placement& placement, const std::string& now) {
  Patch patch(u);
  std::vector<std::string> changes;
  auto change = [&](const std::string& field, nlohmann::json to, std::string why) {
    patch.change(field, std::move(to));
    changes.push_back(std::move(why));
  };
  auto sync_string = [&](const char* attr, const std::string& want,
                         const std::optional<std::string>& have, bool ci) {
    if (!policy.syncs(attr)) {
      return;
    }
    std::string h = have.value_or("");
    if (ci ? iequals(h, want) : h == want) {
      return;
    }
    change(attr, want, text::change_text(attr, have, want));
  };
  sync_string("firstName", d.first_name, u.first_name, false);
  sync_string("lastName", d.last_name, u.last_name, false);
  if (policy.match_key != MatchKey::Email) {
    sync_string("email", d.email, u.email, true);
  }
  sync_string("title", d.title, u.title, false);
  if (policy.syncs("region")) {
    auto region = placement.region_for(d);
    if (!region) {
      return UpdatePlan{std::nullopt, true};
    }
    std::int64_t r = region->target->region_id.value;
    std::int64_t c = region->target->city_id.value;
    if (u.region_id != r || u.city_id != c) {
      change("regionId", r, text::change_region(u.region_id, r));
      change("cityId", c, text::change_city(u.city_id, c, region->how));
    }
  }
  if (policy.role_enforce == RoleEnforce::Always) {
    RoleChoice role = placement.role_for(d);
    if (u.role_id != role.role_id) {
      change("roleId", role.role_id, text::change_role(u.role_id, role.role_id, role.why));
    }
  }
  if (fix.end_date_set) {
    change("userEndDate", nullptr, text::change_end_date(u.user_end_date));
  }
  if (fix.start_in_future) {
    const std::string today = start_of_day(now);
    change("userStartDate", today, text::change_start_date(u.user_start_date, today));
  }
  if (patch.empty()) {
    return {};
  }
  return UpdatePlan{patch_action(ActionOp::Update, ReasonCode::UpdateAttributes,
                                 key_value(d, policy.match_key), join(changes, "; "),
                                 policy.match_key, std::move(patch)),
                    false};
}

} // namespace alignctl
