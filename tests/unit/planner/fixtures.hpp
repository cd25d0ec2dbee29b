// Shared builders for the planner unit tests: a policy, desired users and live
// users built in memory (no files, no server).
#pragma once

#include "planner/digest.hpp"
#include "planner/policy.hpp"
#include "planner/policy_loader.hpp"
#include "planner/reconcile.hpp"
#include "state/model/desired_state.hpp"
#include "state/model/live_user.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace alignctl::test {

// A complete policy: match by externalId, two regions and a default, two
// group roles, sync of every attribute, connector role 12 ignored, role 9
// protected, repair values, no creation limit.
inline const char* k_policy_text = R"(jira:
  url: https://acme.jiraalign.com/rest/align/api/2
  token_env: JA_TOKEN
match:
  key: externalId
create:
  roleId: 7
  costCenterId: 3
  divisionId: 2
  isExternal: 0
regions:
  map:
    EMEA: {regionId: 1, cityId: 11}
    AMER: {regionId: 2, cityId: 21}
  default: {regionId: 1, cityId: 11}
roles:
  from_groups:
    - {group: JiraAlign-Admins, roleId: 9}
    - {group: JiraAlign-Users, roleId: 7}
  enforce: create-only
sync: [firstName, lastName, email, title, region]
protected:
  externalIds: [breakglass]
  patterns: ["svc-*"]
  roleIds: [9]
ignored:
  roleIds: [12]
repair:
  divisionId: 2
  cityId: 11
  company: Acme
limits:
  max_deactivations: 50%
)";

inline Policy test_policy(const std::string& text = k_policy_text) {
  PolicyLoad load = load_policy(text, "alignctl.yaml");
  if (!load.ok()) {
    FAIL("test policy does not load: " << load.diagnostics.front().to_string());
  }
  return load.policy;
}

// The test policy's text with `from` (which must be in it) replaced by `to`.
inline std::string policy_text_with(const std::string& from, const std::string& to) {
  std::string text = k_policy_text;
  auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  text.replace(pos, from.size(), to);
  return text;
}

inline Policy policy_with(const std::string& from, const std::string& to) {
  return test_policy(policy_text_with(from, to));
}

// Every diagnostic of loading `text` as alignctl.yaml, as "file:line:col: …".
inline std::vector<std::string> policy_load_messages(const std::string& text) {
  std::vector<std::string> out;
  for (const Diagnostic& d : load_policy(text, "alignctl.yaml").diagnostics) {
    out.push_back(d.to_string());
  }
  return out;
}

inline DesiredUser desired(const std::string& id, const std::string& region = "EMEA",
                           std::vector<std::string> groups = {"JiraAlign-Users"}) {
  DesiredUser u;
  u.external_id = id;
  u.first_name = "First " + id;
  u.last_name = "Last " + id;
  u.email = id + "@corp.example.com";
  u.title = "Engineer";
  u.region = region;
  u.groups = std::move(groups);
  return u;
}

// A live user that matches desired(id) exactly (same attributes, region EMEA).
inline LiveUser live(std::int64_t id, const std::string& ext) {
  LiveUser u;
  u.id = id;
  u.external_id = ext;
  u.first_name = "First " + ext;
  u.last_name = "Last " + ext;
  u.email = ext + "@corp.example.com";
  u.title = "Engineer";
  u.company = "Acme";
  u.role_id = 7;
  u.region_id = 1;
  u.city_id = 11;
  u.division_id = 2;
  u.cost_center_id = 3;
  return u;
}

inline DesiredState desired_state(std::vector<DesiredUser> users) {
  DesiredState d;
  d.source = "users.yaml";
  d.users = std::move(users);
  return d;
}

inline PlanContext test_context() {
  PlanContext c;
  c.created_at = "2026-01-02T03:04:05Z";
  c.target_url = "https://acme.jiraalign.com/rest/align/api/2";
  c.tool_version = "0.1.0";
  c.provenance.desired_source = "users.yaml";
  c.provenance.policy_source = "alignctl.yaml";
  return c;
}

// "op:key op:key …" of the plan's actions, in order.
inline std::string ops(const Plan& plan) {
  std::string s;
  for (const Action& a : plan.actions) {
    s += std::string(s.empty() ? "" : " ") + action_op_name(a.op) + ":" + a.key;
  }
  return s;
}

// `doc` with its checksum recomputed as the plan writer does (sorted compact JSON).
inline std::string with_checksum(nlohmann::json doc) {
  doc.erase("checksum");
  doc["checksum"] = "sha256:" + sha256_hex(doc.dump());
  return doc.dump(2);
}

inline PlanOutcome plan_for(const std::vector<DesiredUser>& d, const std::vector<LiveUser>& l,
                            const Policy& p = test_policy()) {
  return reconcile(desired_state(d), l, p, test_context());
}

} // namespace alignctl::test
