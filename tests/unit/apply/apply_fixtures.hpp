// Shared pieces for the applier's unit tests: a fake clock, in-memory journal
// and audit sinks, a recording observer, and builders for users and actions.
#pragma once

#include "applier/applier.hpp"
#include "applier/clock.hpp"
#include "applier/iso_time.hpp"
#include "applier/journal.hpp"
#include "planner/plan.hpp"
#include "state/model/live_user.hpp"
#include "tests/support/fake_jira_align.hpp"

#include <catch2/catch.hpp>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace alignctl::test {

inline constexpr const char* k_url = "http://127.0.0.1:9/rest/align/api/2";
inline constexpr const char* k_checksum = "sha256:aaaa";

class FakeClock final : public Clock {
public:
  std::chrono::system_clock::time_point now() const override {
    return *parse_iso8601_utc("2026-11-30T05:00:00Z") + m_elapsed;
  }
  std::chrono::steady_clock::time_point steady_now() const override {
    return std::chrono::steady_clock::time_point{} + m_elapsed;
  }
  void sleep_for(std::chrono::milliseconds d) override {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_elapsed += d;
    m_slept += d;
  }
  std::chrono::milliseconds slept() const { return m_slept; }

private:
  mutable std::mutex m_mutex;
  std::chrono::milliseconds m_elapsed{0};
  std::chrono::milliseconds m_slept{0};
};

class MemoryJournal final : public JournalSink {
public:
  Result<void> append(const nlohmann::json& record) override {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_fail_after >= 0 && static_cast<int>(m_lines.size()) >= m_fail_after) {
      return make_error(ErrorKind::Io, "writing journal j: No space left on device");
    }
    m_lines.push_back(record.dump());
    return {};
  }
  std::string text() const {
    std::string t;
    for (const auto& l : m_lines) {
      t += l + "\n";
    }
    return t;
  }
  std::vector<nlohmann::json> records() const {
    std::vector<nlohmann::json> out;
    for (const auto& l : m_lines) {
      out.push_back(nlohmann::json::parse(l));
    }
    return out;
  }
  void fail_after(int records) { m_fail_after = records; }

private:
  std::mutex m_mutex;
  std::vector<std::string> m_lines;
  int m_fail_after = -1;
};

class MemoryAudit final : public AuditSink {
public:
  Result<void> append(const nlohmann::json& record) override {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_records.push_back(record);
    return {};
  }
  std::vector<nlohmann::json> records() const { return m_records; }

private:
  std::mutex m_mutex;
  std::vector<nlohmann::json> m_records;
};

class RecordingObserver final : public ApplyObserver {
public:
  void on_stage(ApplyStage stage, std::size_t count) override { stages.emplace_back(stage, count); }
  void on_action(const Action& action, const ActionResult& result) override {
    finished.push_back(std::string(action_op_name(action.op)) + " " + action.key + " " +
                       action_status_name(result.status));
  }
  std::vector<std::pair<ApplyStage, std::size_t>> stages;
  std::vector<std::string> finished;
};

inline FakeFailure failure(FakeCall kind, Error error, int times = 1, bool commit = false,
                           std::optional<std::int64_t> user_id = std::nullopt) {
  FakeFailure f;
  f.kind = kind;
  f.error = std::move(error);
  f.times = times;
  f.commit = commit;
  f.user_id = user_id;
  return f;
}

// An active, complete user (every legacy field set).
inline LiveUser live_user(const std::string& external_id, std::int64_t id = 0) {
  LiveUser u;
  u.id = id;
  u.external_id = external_id;
  u.first_name = "First " + external_id;
  u.last_name = "Last";
  u.email = external_id + "@example.com";
  u.title = "Engineer";
  u.role_id = 3;
  u.region_id = 1;
  u.city_id = 10;
  u.division_id = 2;
  u.cost_center_id = 5;
  return u;
}

inline Action create_action(const std::string& key) {
  Action a;
  a.op = ActionOp::Create;
  a.key = key;
  a.reason = "in desired state, not live";
  a.precondition = {{"exists", false}};
  nlohmann::json body = {{"externalId", key},   {"firstName", "First " + key},
                         {"lastName", "Last"},  {"email", key + "@example.com"},
                         {"title", "Engineer"}, {"roleId", 3},
                         {"regionId", 1},       {"cityId", 10},
                         {"divisionId", 2},     {"costCenterId", 5},
                         {"isExternal", 0}};
  a.after = body;
  a.after.erase("isExternal");
  a.request = {"POST", "/Users", body};
  return a;
}

// A PATCH action on `user` replacing `field` with `value`; precondition and
// `after` are the field's old and new values.
inline Action patch_action(ActionOp op, const LiveUser& user, const std::string& field,
                           const nlohmann::json& old_value, const nlohmann::json& new_value) {
  Action a;
  a.op = op;
  a.key = user.external_id.value_or("");
  a.user_id = user.id;
  a.reason = "test";
  a.precondition = {{field, old_value}};
  a.after = {{field, new_value}};
  a.request = {
      "PATCH", "/Users/" + std::to_string(user.id),
      nlohmann::json::array({{{"op", "replace"}, {"path", "/" + field}, {"value", new_value}}})};
  return a;
}

inline Action deactivate_action(const LiveUser& user) {
  return patch_action(ActionOp::Deactivate, user, "isLocked", 0, -1);
}

inline Action reactivate_action(const LiveUser& user) {
  Action a = patch_action(ActionOp::Reactivate, user, "isLocked", -1, 0);
  a.after["userEndDate"] = nullptr;
  a.request.body.push_back({{"op", "replace"}, {"path", "/userEndDate"}, {"value", nullptr}});
  return a;
}

inline Plan make_plan(std::vector<Action> actions) {
  Plan p;
  p.tool_version = "0.1.0";
  p.target_url = k_url;
  p.created_at = "2026-11-30T04:00:00Z";
  p.match_key = MatchKey::ExternalId;
  p.actions = std::move(actions);
  return p;
}

// Everything one apply_plan() call needs, with fresh sinks.
struct ApplyHarness {
  FakeJiraAlign client;
  FakeClock clock;
  MemoryJournal journal;
  MemoryAudit audit;
  RecordingObserver observer;
  JournalState prior;
  ApplyOptions options;

  ApplyHarness() {
    options.concurrency = 1;
    options.retry_pause = std::chrono::milliseconds(100);
  }

  Result<ApplyReport> apply(const Plan& plan, const std::string& checksum = k_checksum) {
    ApplyContext ctx{client, clock, journal, prior, &audit, &observer, "test.journal"};
    return apply_plan(plan, checksum, ctx, options);
  }
  // Sets `prior` from what the journal holds now (as a restarted apply would read it).
  void reload_journal() {
    auto state = read_journal(journal.text(), "test.journal");
    REQUIRE(state.ok());
    prior = *state;
  }
};

} // namespace alignctl::test
