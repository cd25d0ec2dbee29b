#include "sim_test_util.hpp"
#include "tests/sim/core/state_flusher.hpp"
#include "tests/sim/core/tenant_file.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <thread>

using namespace alignctl::sim;
using namespace alignctl::sim::testutil;
using alignctl::test::TempDir;

TEST_CASE("tenant file: round trip keeps users and reference data") {
  UserStore store = store_with(3);
  User drift = *store.find(2);
  drift.get(IntSlot::DivisionId).reset();
  drift.get(IntSlot::IsLocked) = -1;
  drift.get(StrSlot::UserEndDate) = "2026-01-01T00:00:00Z";
  drift.teams = nlohmann::json::array({{{"teamId", 1}}});
  store.put(drift);
  std::string text = tenant_to_json_text(store, k_base);
  auto back = tenant_from_json_text(text, "state.json");
  REQUIRE(back.ok());
  REQUIRE(back.value().size() == 3);
  for (std::int64_t id = 1; id <= 3; ++id) {
    CHECK(user_to_json(*back.value().find(id), k_base) == user_to_json(*store.find(id), k_base));
  }
  CHECK(back.value().reference().list(RefKind::Cities).size() == 3);
  CHECK(tenant_to_json_text(back.value(), k_base) == text);
  // The id counter continues after the highest stored id.
  auto id = back.value().create(valid_create("n", "n@example.com"), k_now);
  REQUIRE(id.ok());
  CHECK(id.value() == 4);
}

TEST_CASE("tenant file: missing reference kinds take the defaults and say so") {
  std::vector<std::string> notes;
  auto s = tenant_from_json_text(R"({"regions":[{"id":5,"name":"LATAM"}],"users":[]})", "t.json",
                                 &notes);
  REQUIRE(s.ok());
  CHECK(s.value().reference().contains(RefKind::Regions, 5));
  CHECK_FALSE(s.value().reference().contains(RefKind::Regions, 1));
  CHECK(s.value().reference().contains(RefKind::Cities, 11));
  REQUIRE(notes.size() == 3);
  CHECK(notes[0] == "t.json: no \"cities\"; using the built-in defaults");
}

TEST_CASE("tenant file: errors name the file and the entry") {
  auto bad_json = tenant_from_json_text("{", "t.json");
  REQUIRE_FALSE(bad_json.ok());
  CHECK(bad_json.error().message.rfind("t.json: not valid JSON: ", 0) == 0);
  auto bad_user = tenant_from_json_text(R"({"users":[{"id":1},{"id":2,"roleId":"x"}]})", "t.json");
  REQUIRE_FALSE(bad_user.ok());
  CHECK(bad_user.error().message ==
        "t.json: users[1]: field 'roleId': expected an integer or null");
  auto dup = tenant_from_json_text(R"({"users":[{"id":1},{"id":1}]})", "t.json");
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().message == "t.json: users[1]: duplicate id 1");
  auto bad_ref = tenant_from_json_text(R"({"cities":[{"name":"x"}]})", "t.json");
  REQUIRE_FALSE(bad_ref.ok());
  CHECK(bad_ref.error().message == "t.json: 'cities'[0]: expected an object with an integer 'id'");
}

TEST_CASE("tenant file: atomic write replaces the file and leaves no temporary") {
  TempDir dir;
  std::string path = (dir / "state.json").string();
  REQUIRE(write_file_atomically(path, "one").ok());
  REQUIRE(write_file_atomically(path, "two").ok());
  CHECK(alignctl::test::read_file(path) == "two");
  int files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) {
    ++files;
  }
  CHECK(files == 1);
  auto r = write_file_atomically((dir / "missing" / "x.json").string(), "x");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("missing/x.json") != std::string::npos);
}

TEST_CASE("state flusher: debounces bursts of writes and flushes on destruction") {
  TempDir dir;
  std::string path = (dir / "state.json").string();
  std::atomic<int> version{0};
  std::vector<std::string> logs;
  {
    StateFlusher flusher(
        path, [&] { return std::to_string(version.load()); },
        [&](const std::string& m) { logs.push_back(m); }, std::chrono::milliseconds(50),
        std::chrono::milliseconds(1000));
    for (int i = 1; i <= 100; ++i) {
      version = i;
      flusher.mark_dirty();
    }
    for (int i = 0; i < 100 && flusher.writes() == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(flusher.writes() == 1); // one write for the burst
    CHECK(alignctl::test::read_file(path) == "100");
    version = 101;
    flusher.mark_dirty();
  } // destructor flushes
  CHECK(alignctl::test::read_file(path) == "101");
  CHECK(logs.empty());
}
