// Building blocks for apply's integration tests: seed users for the
// simulator, plans made of explicit actions against it, written with the real
// plan-file writer, and running the real alignctl binary.
#pragma once

#include "applier/iso_time.hpp"
#include "planner/plan.hpp"
#include "planner/plan_file.hpp"
#include "tests/support/process.hpp"
#include "tests/support/sim_fixture.hpp"
#include "tests/support/temp_dir.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace alignctl::test {

// A count from the environment variable `name` (e.g. ALIGNCTL_CRASH_KILLS),
// at least `least`; `fallback` when it is unset or empty.
inline int env_count(const char* name, int fallback, int least) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::max(least, std::atoi(v)) : fallback;
}

using nlohmann::json;

// A raw simulator user record: complete, active unless `locked`.
inline json seed_user(std::int64_t id, const std::string& key, int locked = 0) {
  return json{{"id", id},
              {"externalId", key},
              {"firstName", "First" + std::to_string(id)},
              {"lastName", "Last" + std::to_string(id)},
              {"email", key + "@corp.example.com"},
              {"title", "Engineer"},
              {"isExternal", 0},
              {"isLocked", locked},
              {"roleId", 7},
              {"regionId", 1},
              {"cityId", 11},
              {"divisionId", 200},
              {"costCenterId", 100},
              {"company", "Acme"}};
}

inline json patch_op(const std::string& field, const json& value) {
  return json{{"op", "replace"}, {"path", "/" + field}, {"value", value}};
}

// An action on a seeded user: `changes` maps field → new value; the
// precondition records the seeded values of the same fields.
inline Action patch_action(ActionOp op, const json& user, const json& changes) {
  Action a;
  a.op = op;
  a.key = user["externalId"].is_string() ? user["externalId"].get<std::string>()
                                         : user["email"].get<std::string>();
  a.user_id = user["id"].get<std::int64_t>();
  a.reason = "integration test";
  a.request.method = "PATCH";
  a.request.path = "/Users/" + std::to_string(*a.user_id);
  a.request.body = json::array();
  for (const auto& [field, value] : changes.items()) {
    a.precondition[field] = user.contains(field) ? user[field] : json(nullptr);
    a.after[field] = value;
    a.request.body.push_back(patch_op(field, value));
  }
  return a;
}

inline Action deactivate(const json& user) {
  return patch_action(ActionOp::Deactivate, user, {{"isLocked", -1}});
}
inline Action reactivate(const json& user) {
  return patch_action(ActionOp::Reactivate, user, {{"isLocked", 0}, {"userEndDate", nullptr}});
}
inline Action update_title(const json& user, const std::string& title) {
  return patch_action(ActionOp::Update, user, {{"title", title}});
}

inline Action create(const std::string& key, std::int64_t city = 11) {
  Action a;
  a.op = ActionOp::Create;
  a.key = key;
  a.reason = "integration test";
  a.precondition = {{"exists", false}};
  json body = {{"externalId", key},   {"firstName", "New"},
               {"lastName", key},     {"email", key + "@corp.example.com"},
               {"title", "Engineer"}, {"roleId", 7},
               {"regionId", 1},       {"cityId", city},
               {"divisionId", 200},   {"costCenterId", 100},
               {"isExternal", 0}};
  a.after = body;
  a.request = {"POST", "/Users", body};
  return a;
}

inline Plan make_plan(const std::string& url, std::vector<Action> actions) {
  Plan p;
  p.tool_version = "0.1.0";
  p.target_url = url;
  p.created_at = format_iso8601_utc(std::chrono::system_clock::now());
  p.match_key = MatchKey::ExternalId;
  p.provenance.desired_source = "integration-test";
  p.actions = std::move(actions);
  return p;
}

inline std::string write_plan(const TempDir& dir, const Plan& plan,
                              const std::string& name = "plan.json") {
  std::string path = (dir / name).string();
  write_file(path, write_plan_file(plan, std::nullopt));
  return path;
}

// Runs `alignctl apply PLAN --url … --progress lines extra…` with the token in SIM_TOKEN.
inline RunResult run_apply(const SimServer& sim, const std::string& plan_path,
                           std::vector<std::string> extra = {},
                           std::map<std::string, std::string> env = {}) {
  std::vector<std::string> argv = {alignctl_bin(), "apply",        plan_path,
                                   "--url",        sim.base_url(), "--token-env",
                                   "SIM_TOKEN",    "--progress",   "lines"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  RunOptions o;
  o.env = std::move(env);
  o.env["SIM_TOKEN"] = sim.token();
  o.unset_env = {"ALIGNCTL_PLAN_KEY"};
  o.timeout = std::chrono::seconds(300);
  return run_command(argv, o);
}

inline std::int64_t writes(const json& counts) {
  const json& m = counts["by_method"];
  return m.value("POST", std::int64_t{0}) + m.value("PATCH", std::int64_t{0});
}

// Live users by lower-cased externalId (each key's users, to spot duplicates).
inline std::map<std::string, std::vector<json>> users_by_key(const json& state) {
  std::map<std::string, std::vector<json>> out;
  for (const json& u : state) {
    if (u.contains("externalId") && u["externalId"].is_string()) {
      std::string k = u["externalId"].get<std::string>();
      for (char& c : k) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      out[k].push_back(u);
    }
  }
  return out;
}

} // namespace alignctl::test
