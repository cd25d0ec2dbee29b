// What undo reads from a journal (applier/undo_outcomes): done, not applied,
// and open outcomes; a journal of another plan refused; open outcomes settled
// by the users read back.
#include "applier/undo_outcomes.hpp"
#include "apply_fixtures.hpp"
#include "state/util/ascii_case.hpp"

using namespace alignctl;
using namespace alignctl::test;
using nlohmann::json;

namespace {

// A journal for k_checksum: the header, then `records`.
JournalState undo_journal(const std::vector<json>& records) {
  std::string text = journal_header(k_checksum, "0.1.0", "t").dump() + "\n";
  for (const json& r : records) {
    text += r.dump() + "\n";
  }
  auto state = read_journal(text, "plan.json.journal");
  REQUIRE(state.ok());
  return *state;
}

struct UndoFixture {
  LiveUser ann = live_user("ann", 1);
  LiveUser bob = live_user("bob", 2);
  LiveUser cat = live_user("cat", 3);
  Plan plan = make_plan({deactivate_action(ann), deactivate_action(bob), deactivate_action(cat),
                         create_action("new1"), create_action("new2")});
};

} // namespace

TEST_CASE("undo outcomes: done, refused, never sent, and open actions from the journal") {
  UndoFixture f;
  JournalState journal = undo_journal({
      journal_started(0, "deactivate", "ann", "t"),
      journal_done(0, "deactivate", "ann", 1, 204, "", "t"),
      journal_started(1, "deactivate", "bob", "t"),
      journal_failed(1, "deactivate", "bob", 400, "Cannot update user with id 2.", "t"),
      journal_started(2, "deactivate", "cat", "t"),
      journal_failed(2, "deactivate", "cat", 503, "gave up after 3 attempts: 503", "t"),
      journal_started(3, "create", "new1", "t"),
      journal_done(3, "create", "new1", 41, 201, "", "t"),
      journal_started(4, "create", "new2", "t"),
  });
  auto outcomes = outcomes_from_journal(f.plan, k_checksum, journal, "plan.json.journal");
  REQUIRE(outcomes.ok());
  REQUIRE(outcomes->size() == 5);
  CHECK((*outcomes)[0].outcome == AppliedOutcome::Done);
  CHECK((*outcomes)[0].user_id == 1);
  CHECK((*outcomes)[1].outcome == AppliedOutcome::NotApplied); // the server refused it
  CHECK((*outcomes)[2].outcome == AppliedOutcome::Uncertain);  // a 503 may have landed
  CHECK((*outcomes)[2].detail == "failed without a definite answer: gave up after 3 attempts: 503");
  CHECK((*outcomes)[3].outcome == AppliedOutcome::Done);
  CHECK((*outcomes)[3].user_id == 41);
  CHECK((*outcomes)[4].outcome == AppliedOutcome::Uncertain);
  CHECK((*outcomes)[4].detail == "sent, but no outcome recorded: the run was interrupted");
  CHECK(needs_settling(f.plan, *outcomes));
  TouchedUsers t = users_to_settle(f.plan, *outcomes);
  CHECK(t.ids == std::set<std::int64_t>{3});
  CHECK(t.keys == std::set<std::string>{"new2"});

  // "not sent" failures never reached the server.
  JournalState not_sent = undo_journal({
      journal_started(3, "create", "new1", "t"),
      journal_failed(3, "create", "new1", 503,
                     std::string(k_journal_not_sent) + "could not check that no user has this key",
                     "t"),
  });
  auto ns = outcomes_from_journal(f.plan, k_checksum, not_sent, "j");
  REQUIRE(ns.ok());
  CHECK((*ns)[3].outcome == AppliedOutcome::NotApplied);
  CHECK((*ns)[0].outcome == AppliedOutcome::NotApplied); // no record at all
  CHECK_FALSE(needs_settling(f.plan, *ns));
}

TEST_CASE("undo outcomes: a journal of another plan, or none, is refused") {
  UndoFixture f;
  JournalState journal = undo_journal({});
  auto other = outcomes_from_journal(f.plan, "sha256:bbbb", journal, "plan.json.journal");
  REQUIRE_FALSE(other.ok());
  CHECK(other.error().message.find("plan.json.journal was written for another plan "
                                   "(sha256:aaaa), not this one (sha256:bbbb)") == 0);

  auto none = outcomes_from_journal(f.plan, k_checksum, JournalState{}, "plan.json.journal");
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().message == "no journal at plan.json.journal: the plan was never applied "
                                "there (give --journal with the journal apply wrote)");

  JournalState wrong = undo_journal({journal_done(0, "create", "zed", 9, 201, "", "t")});
  auto mismatch = outcomes_from_journal(f.plan, k_checksum, wrong, "j");
  REQUIRE_FALSE(mismatch.ok());
  CHECK(mismatch.error().message == "j: action 1 (create zed) does not match the plan");
}

TEST_CASE("undo outcomes: open outcomes are settled by the users read back") {
  UndoFixture f;
  std::vector<ActionOutcome> outcomes(f.plan.actions.size());
  for (std::size_t i : {0, 1, 2, 3, 4}) {
    outcomes[i].outcome = AppliedOutcome::Uncertain;
  }
  LiveSnapshot live;
  LiveUser ann = f.ann;
  ann.is_locked = -1; // the deactivation landed
  live.by_id[1] = ann;
  live.by_id[2] = f.bob; // it did not
  LiveUser cat = f.cat;
  cat.is_locked = 1; // someone else changed it
  live.by_id[3] = cat;
  LiveUser made = live_user("new1", 77);
  live.by_key[fold_case("new1")] = {made}; // new2: nobody holds the key

  settle_outcomes(f.plan, outcomes, live);
  CHECK(outcomes[0].outcome == AppliedOutcome::Done);
  CHECK(outcomes[1].outcome == AppliedOutcome::NotApplied);
  CHECK(outcomes[2].outcome == AppliedOutcome::Uncertain);
  CHECK(outcomes[2].detail.find("the user holds neither its effect nor the values before it") !=
        std::string::npos);
  CHECK(outcomes[3].outcome == AppliedOutcome::Done);
  CHECK(outcomes[3].user_id == 77);
  CHECK(outcomes[4].outcome == AppliedOutcome::NotApplied);

  // A done create whose id the journal lacks is settled the same way.
  std::vector<ActionOutcome> no_id(f.plan.actions.size());
  no_id[3].outcome = AppliedOutcome::Done;
  CHECK(needs_settling(f.plan, no_id));
  settle_outcomes(f.plan, no_id, live);
  CHECK(no_id[3].user_id == 77);
}
