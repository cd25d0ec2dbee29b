// apply refuses plans it must not run — tampered, for another instance, too
// old, unsigned when a key is configured, stale (each kind of precondition) —
// and then writes nothing (checked through the simulator's side door).
#include "apply_scenario.hpp"

using namespace alignctl;
using namespace alignctl::test;

namespace {

struct Seeded {
  TempDir dir;
  json users = json::array();
  std::unique_ptr<SimServer> sim;

  Seeded() {
    users.push_back(seed_user(1, "adavis"));
    users.push_back(seed_user(2, "bsmith"));
    users.push_back(seed_user(3, "cjones", -1));
    json unlinked = seed_user(4, "x");
    unlinked["externalId"] = nullptr;
    unlinked["email"] = "dlee@corp.example.com";
    users.push_back(unlinked);
    json broken = seed_user(5, "eng");
    broken["divisionId"] = nullptr;
    users.push_back(broken);
    write_seed(dir / "seed.json", users);
    SimOptions o;
    o.seed_file = (dir / "seed.json").string();
    sim = std::make_unique<SimServer>(o);
  }

  // One action of each kind, made against the seed.
  std::vector<Action> every_kind() const {
    Action link = patch_action(ActionOp::Link, users[3], {{"externalId", "dlee"}});
    link.key = "dlee@corp.example.com";
    return {patch_action(ActionOp::Repair, users[4], {{"divisionId", 200}}),
            deactivate(users[0]),
            reactivate(users[2]),
            create("fnew"),
            link,
            update_title(users[1], "Lead")};
  }
};

void require_nothing_written(const SimServer& sim, const json& before) {
  json counts = sim.counts();
  CHECK(writes(counts) == 0);
  CHECK(counts.value("committed_creates", 0) == 0);
  CHECK(counts.value("committed_patches", 0) == 0);
  CHECK(sim.state() == before);
}

} // namespace

TEST_CASE("apply refuses a stale plan, for each kind of precondition, writing nothing",
          "[apply][integration]") {
  struct Case {
    const char* name;
    json change; // applied through the side door after planning
    std::string expected_line;
  };
  std::vector<Case> cases = {
      {"repair",
       {{"id", 5}, {"divisionId", 201}},
       "repair eng (id 5): divisionId expected null, found 201"},
      {"deactivate",
       {{"id", 1}, {"isLocked", -1}},
       "deactivate adavis (id 1): isLocked expected 0, found -1"},
      {"reactivate",
       {{"id", 3}, {"isLocked", 0}},
       "reactivate cjones (id 3): isLocked expected -1, found 0"},
      {"create",
       {{"id", 6}},
       "create fnew: expected no live user with externalId 'fnew', found id 6"},
      {"link",
       {{"id", 4}, {"externalId", "dl"}},
       "link dlee@corp.example.com (id 4): externalId expected null, found \"dl\""},
      {"update",
       {{"id", 2}, {"title", "Manager"}},
       "update bsmith (id 2): title expected \"Engineer\", found \"Manager\""},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION("drift in a " << c.name << " precondition") {
      Seeded s;
      std::string plan = write_plan(s.dir, make_plan(s.sim->base_url(), s.every_kind()));
      json record;
      if (std::string(c.name) == "create") {
        record = seed_user(6, "FNew"); // another case: keys compare case-insensitively
      } else {
        record = s.users[c.change["id"].get<std::size_t>() - 1];
        for (const auto& [k, v] : c.change.items()) {
          record[k] = v;
        }
      }
      s.sim->put_users(json::array({record}));
      json before = s.sim->state();
      s.sim->reset_counts();
      RunResult r = run_apply(*s.sim, plan);
      CHECK(r.exit_code == 3);
      CHECK(r.err == "alignctl: error: the live state changed since the plan was made; nothing "
                     "was written. Re-plan. 1 precondition(s) no longer hold:\n  " +
                         c.expected_line + "\n");
      require_nothing_written(*s.sim, before);
      CHECK_FALSE(std::filesystem::exists(plan + ".journal"));
    }
  }
}

TEST_CASE("apply lists every drifted user at once", "[apply][integration]") {
  Seeded s;
  std::string plan = write_plan(s.dir, make_plan(s.sim->base_url(), s.every_kind()));
  json a = s.users[0], b = s.users[1];
  a["isLocked"] = -1;
  b["title"] = "Manager";
  s.sim->put_users(json::array({a, b}));
  json before = s.sim->state();
  s.sim->reset_counts();
  RunResult r = run_apply(*s.sim, plan);
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("2 precondition(s) no longer hold:\n"
                   "  deactivate adavis (id 1): isLocked expected 0, found -1\n"
                   "  update bsmith (id 2): title expected \"Engineer\", found \"Manager\"\n") !=
        std::string::npos);
  require_nothing_written(*s.sim, before);
}

TEST_CASE("apply refuses tampered, foreign, old and unsigned plans", "[apply][integration]") {
  Seeded s;
  json before = s.sim->state();
  s.sim->reset_counts();
  Plan good = make_plan(s.sim->base_url(), s.every_kind());

  SECTION("tampered") {
    std::string path = write_plan(s.dir, good);
    std::string text = read_file(path);
    auto at = text.find("\"Lead\"");
    REQUIRE(at != std::string::npos);
    text.replace(at, 6, "\"Boss\"");
    write_file(path, text);
    RunResult r = run_apply(*s.sim, path);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("checksum mismatch") != std::string::npos);
  }
  SECTION("made for another instance") {
    Plan other = good;
    other.target_url = "https://other.jiraalign.com/rest/align/api/2";
    RunResult r = run_apply(*s.sim, write_plan(s.dir, other));
    CHECK(r.exit_code == 1);
    CHECK(r.err == "alignctl: error: plan was made for "
                   "https://other.jiraalign.com/rest/align/api/2, but the configured instance "
                   "is " +
                       s.sim->base_url() + "; apply a plan made against this instance\n");
  }
  SECTION("too old") {
    Plan old = good;
    old.created_at = format_iso8601_utc(std::chrono::system_clock::now() - std::chrono::hours(30));
    std::string path = write_plan(s.dir, old);
    RunResult r = run_apply(*s.sim, path);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("alignctl: error: plan is 1d 6h old (created ") == 0);
    CHECK(r.err.find("older than the maximum age 1d; re-plan, or raise --max-plan-age") !=
          std::string::npos);
    // The limit is configurable.
    RunResult dry = run_apply(*s.sim, path, {"--max-plan-age", "2d", "--dry-run"});
    CHECK(dry.exit_code == 0);
    CHECK(dry.out.find("Dry run: every precondition holds; 6 actions would be sent") !=
          std::string::npos);
  }
  SECTION("unsigned, while a signing key is configured") {
    RunResult r = run_apply(*s.sim, write_plan(s.dir, good), {},
                            {{"ALIGNCTL_PLAN_KEY", "k-0123456789abcdef"}});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("not signed") != std::string::npos);
  }
  SECTION("signed with another key") {
    std::string path = (s.dir / "signed.json").string();
    write_file(path, write_plan_file(good, Secret("key-one-0123456789")));
    RunResult r = run_apply(*s.sim, path, {}, {{"ALIGNCTL_PLAN_KEY", "key-two-0123456789"}});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("bad signature") != std::string::npos);
  }
  SECTION("signed, while apply has no key to check the signature") {
    std::string path = (s.dir / "signed.json").string();
    write_file(path, write_plan_file(good, Secret("key-one-0123456789")));
    RunResult r = run_apply(*s.sim, path);
    CHECK(r.exit_code == 1);
    CHECK(r.err == "alignctl: error: " + path +
                       ": the plan is signed, but no key to check its signature is set; set "
                       "ALIGNCTL_PLAN_KEY to the key that signed it, or name the variable that "
                       "holds the key with --plan-key-env\n");
  }
  SECTION("--plan-key-env names the variable, as for plan and show") {
    std::string path = (s.dir / "signed.json").string();
    write_file(path, write_plan_file(good, Secret("key-one-0123456789")));
    RunResult wrong = run_apply(
        *s.sim, path, {"--plan-key-env", "PIPELINE_KEY"},
        {{"PIPELINE_KEY", "key-two-0123456789"}, {"ALIGNCTL_PLAN_KEY", "key-one-0123456789"}});
    CHECK(wrong.exit_code == 1);
    CHECK(wrong.err.find("bad signature") != std::string::npos);
    RunResult unset = run_apply(*s.sim, path, {"--plan-key-env", "PIPELINE_KEY"},
                                {{"ALIGNCTL_PLAN_KEY", "key-one-0123456789"}});
    CHECK(unset.exit_code == 1);
    CHECK(unset.err.find("no key to check its signature is set; set PIPELINE_KEY (named by "
                         "--plan-key-env)") != std::string::npos);
    RunResult unsigned_plan =
        run_apply(*s.sim, write_plan(s.dir, good, "unsigned.json"),
                  {"--plan-key-env", "PIPELINE_KEY"}, {{"PIPELINE_KEY", "key-one-0123456789"}});
    CHECK(unsigned_plan.exit_code == 1);
    CHECK(unsigned_plan.err.find("not signed") != std::string::npos);
    RunResult right = run_apply(*s.sim, path, {"--plan-key-env", "PIPELINE_KEY", "--dry-run"},
                                {{"PIPELINE_KEY", "key-one-0123456789"}});
    CHECK(right.exit_code == 0);
    CHECK(right.out.find("Dry run: every precondition holds; 6 actions would be sent") !=
          std::string::npos);
  }
  SECTION("a journal of another plan") {
    std::string path = write_plan(s.dir, good);
    write_file(
        path + ".journal",
        R"({"record":"header","format":"alignctl-journal","version":1,"plan_checksum":"sha256:0000","tool_version":"0.1.0","started":"2026-01-01T00:00:00.000Z"})"
        "\n");
    RunResult r = run_apply(*s.sim, path);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(path + ".journal was written for another plan (sha256:0000)") !=
          std::string::npos);
  }
  require_nothing_written(*s.sim, before);
}
