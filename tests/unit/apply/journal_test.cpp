#include "applier/journal.hpp"
#include "applier/journal_file.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <sys/stat.h>

using namespace alignctl;
using namespace alignctl::test;

namespace {

std::string sample_journal() {
  std::string t;
  t += journal_header("sha256:abc", "0.1.0", "2026-11-30T05:00:00.000Z").dump() + "\n";
  t += journal_started(0, "create", "ann", "t").dump() + "\n";
  t += journal_done(0, "create", "ann", 41, 201, "", "t").dump() + "\n";
  t += journal_started(1, "deactivate", "bob", "t").dump() + "\n";
  t += journal_failed(1, "deactivate", "bob", 400, "Cannot update user with id 7.", "t").dump() +
       "\n";
  t += journal_started(2, "update", "cy", "t").dump() + "\n";
  return t;
}

} // namespace

TEST_CASE("journal: records replay into per-action state", "[apply][journal]") {
  auto s = read_journal(sample_journal(), "j");
  REQUIRE(s.ok());
  CHECK(s->plan_checksum == "sha256:abc");
  CHECK(s->tool_version == "0.1.0");
  CHECK(s->runs == 1);
  CHECK_FALSE(s->torn_tail);
  REQUIRE(s->actions.size() == 3);
  CHECK(s->done(0));
  CHECK(s->actions.at(0).user_id == 41);
  CHECK(s->actions.at(0).http_status == 201);
  CHECK(s->actions.at(1).status == JournalStatus::Failed);
  CHECK(s->actions.at(1).http_status == 400);
  CHECK(s->actions.at(1).error == "Cannot update user with id 7.");
  CHECK(s->actions.at(2).status == JournalStatus::Started);
  CHECK_FALSE(s->done(2));
  CHECK_FALSE(s->done(3));
}

TEST_CASE("journal: a torn last line is ignored, damage before it is an error",
          "[apply][journal]") {
  std::string text = sample_journal();
  std::string torn = text + R"({"record":"done","index":2,"op":"upd)";
  auto s = read_journal(torn, "j");
  REQUIRE(s.ok());
  CHECK(s->torn_tail);
  CHECK(s->actions.at(2).status == JournalStatus::Started);
  CHECK(journal_intact_length(torn) == text.size());
  // A complete but unterminated last record is not trusted either.
  std::string unterminated = text + journal_done(2, "update", "cy", 9, 204, "", "t").dump();
  auto u = read_journal(unterminated, "j");
  REQUIRE(u.ok());
  CHECK(u->torn_tail);
  CHECK_FALSE(u->done(2));
  // Garbage followed by more records: the file was damaged, not torn by a crash.
  std::string damaged =
      text + "{\"record\":\"do\n" + journal_started(3, "update", "d", "t").dump() + "\n";
  auto d = read_journal(damaged, "j");
  REQUIRE_FALSE(d.ok());
  CHECK(d.error().message ==
        "j line 7: not a JSON record (the journal is damaged before its last line)");
}

TEST_CASE("journal: a record nested too deep is damage, reported before it is parsed",
          "[apply][journal]") {
  const std::string text = sample_journal();
  const std::string deep = "{\"record\":\"done\",\"x\":" + std::string(100000, '[');
  auto s =
      read_journal(text + deep + "\n" + journal_started(3, "update", "d", "t").dump() + "\n", "j");
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().message ==
        "j line 7:85: a record nested deeper than 64 levels (the journal is damaged)");
  // As the last line too: a crash cannot write it, so it is not taken for a torn tail.
  auto last = read_journal(text + deep + "\n", "j");
  REQUIRE_FALSE(last.ok());
}

TEST_CASE("journal: header problems", "[apply][journal]") {
  auto empty = read_journal("", "j");
  REQUIRE(empty.ok());
  CHECK(empty->runs == 0);
  auto torn_header = read_journal(R"({"record":"header","format":"alig)", "j");
  REQUIRE(torn_header.ok());
  CHECK(torn_header->runs == 0);
  auto foreign = read_journal("{\"record\":\"started\",\"index\":0}\n{}\n", "j");
  REQUIRE_FALSE(foreign.ok());
  CHECK(foreign.error().message == "j line 1: the first record is not a journal header");
  nlohmann::json v2 = journal_header("sha256:x", "9", "t");
  v2["version"] = 2;
  auto future = read_journal(v2.dump() + "\n" + journal_run("9", "t").dump() + "\n", "j");
  REQUIRE_FALSE(future.ok());
  CHECK(future.error().message ==
        "j line 1: unknown journal version 2 (this alignctl reads version 1)");
  auto runs = read_journal(sample_journal() + journal_run("0.1.0", "t").dump() + "\n", "j");
  REQUIRE(runs.ok());
  CHECK(runs->runs == 2);
}

TEST_CASE("journal: a started after done is detected", "[apply][journal]") {
  auto s =
      read_journal(sample_journal() + journal_started(0, "create", "ann", "t").dump() + "\n", "j");
  REQUIRE(s.ok());
  CHECK(s->actions.at(0).started_after_done);
  CHECK(s->actions.at(0).started_count == 2);
}

TEST_CASE("journal file: created 0600, appended, torn tail cut on reopen, locked",
          "[apply][journal]") {
  TempDir dir;
  std::string path = (dir / "plan.json.journal").string();
  {
    auto j = open_journal_file(path);
    REQUIRE(j.ok());
    CHECK(j->state.runs == 0);
    REQUIRE(j->sink->append(journal_header("sha256:abc", "0.1.0", "t")).ok());
    REQUIRE(j->sink->append(journal_started(0, "create", "ann", "t")).ok());
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    auto second = open_journal_file(path);
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().message.find("is in use by another apply") != std::string::npos);
  }
  std::string intact = read_file(path);
  write_file(path, intact + R"({"record":"done","ind)");
  {
    auto j = open_journal_file(path);
    REQUIRE(j.ok());
    CHECK(j->state.torn_tail);
    CHECK(j->state.runs == 1);
    CHECK(read_file(path) == intact);
    REQUIRE(j->sink->append(journal_done(0, "create", "ann", 5, 201, "", "t")).ok());
  }
  auto s = read_journal_file(path);
  REQUIRE(s.ok());
  CHECK(s->done(0));
  CHECK_FALSE(s->torn_tail);
  auto missing = read_journal_file((dir / "none").string());
  REQUIRE(missing.ok());
  CHECK(missing->runs == 0);
}

TEST_CASE("journal file: undo reads a journal only when no apply holds it", "[apply][journal]") {
  TempDir dir;
  std::string path = (dir / "plan.json.journal").string();
  {
    auto j = open_journal_file(path);
    REQUIRE(j.ok());
    REQUIRE(j->sink->append(journal_header("sha256:abc", "0.1.0", "t")).ok());
    REQUIRE(j->sink->append(journal_done(0, "create", "ann", 5, 201, "", "t")).ok());
    auto busy = read_idle_journal_file(path);
    REQUIRE_FALSE(busy.ok());
    CHECK(busy.error().message == "journal " + path +
                                      " is in use by a running apply; wait until it has "
                                      "finished (or stop it), then undo");
  }
  auto idle = read_idle_journal_file(path);
  REQUIRE(idle.ok());
  CHECK(idle->done(0));
  CHECK(idle->actions.at(0).user_id == 5);
  auto missing = read_idle_journal_file((dir / "none").string());
  REQUIRE(missing.ok());
  CHECK(missing->runs == 0);
}
