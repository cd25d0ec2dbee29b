#include "apply_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;
using namespace alignctl::test;
using nlohmann::json;

namespace {

std::vector<std::string> write_paths(const FakeJiraAlign& client) {
  std::vector<std::string> out;
  for (const RecordedCall& c : client.writes()) {
    out.push_back(c.method + " " + c.path);
  }
  return out;
}

Error ambiguous() {
  return make_error(ErrorKind::Ambiguous,
                    "POST /Users: connection closed before an answer (the request may have been "
                    "applied)");
}

} // namespace

TEST_CASE("apply: actions run in apply order, repairs first", "[apply][run]") {
  ApplyHarness h;
  LiveUser a = live_user("a"), b = live_user("b"), c = live_user("c"), d = live_user("d");
  c.is_locked = -1;
  d.division_id.reset();
  a.id = h.client.add_user(a);
  b.id = h.client.add_user(b);
  c.id = h.client.add_user(c);
  d.id = h.client.add_user(d);
  Action repair = patch_action(ActionOp::Repair, d, "divisionId", nullptr, 2);
  Action update_d = patch_action(ActionOp::Update, d, "title", "Engineer", "Lead");
  Action link = patch_action(ActionOp::Link, b, "employeeId", nullptr, "E1");
  // Plan order deliberately scrambled.
  Plan plan = make_plan(
      {update_d, create_action("new"), link, reactivate_action(c), deactivate_action(a), repair});
  h.options.concurrency = 4;
  auto r = h.apply(plan);
  REQUIRE(r.ok());
  CHECK(r->outcome == ApplyOutcome::Applied);
  CHECK(write_paths(h.client) == std::vector<std::string>{
                                     "PATCH /Users/4", // repair d
                                     "PATCH /Users/1", // deactivate a
                                     "PATCH /Users/3", // reactivate c
                                     "POST /Users",    // create
                                     "PATCH /Users/2", // link b
                                     "PATCH /Users/4", // update d
                                 });
  CHECK(h.client.user(d.id)->division_id == 2);
  CHECK(h.client.user(d.id)->title == "Lead");
  CHECK(h.client.user(c.id)->is_locked == 0);
  CHECK(r->count(ActionStatus::Done) == 6);
  CHECK(r->unverified.empty());
  // Journal: header, then started+done per action, done carrying the new id.
  auto recs = h.journal.records();
  REQUIRE(recs.size() == 13);
  CHECK(recs[0]["record"] == "header");
  CHECK(recs[0]["plan_checksum"] == k_checksum);
  auto state = read_journal(h.journal.text(), "j");
  REQUIRE(state.ok());
  CHECK(state->actions.at(1).user_id == 5);
  CHECK(state->actions.at(1).http_status == 201);
  // Audit: one record per request, with method, path, body and status.
  auto audit = h.audit.records();
  REQUIRE(audit.size() == 7); // 6 writes and the lookup before the POST
  CHECK(audit[0]["method"] == "PATCH");
  CHECK(audit[0]["path"] == "/Users/4");
  CHECK(audit[0]["status"] == 204);
  CHECK(audit[0]["op"] == "repair");
  CHECK(audit[3]["method"] == "GET");
  CHECK(audit[3]["outcome"] == "not found");
  CHECK(audit[4]["body"]["externalId"] == "new");
  CHECK(audit[4]["user_id"] == 5);
  CHECK(audit[4].contains("duration_ms"));
  CHECK(audit[4].contains("time"));
}

TEST_CASE("apply: a per-user 400 does not stop the rest", "[apply][run]") {
  ApplyHarness h;
  h.options.concurrency = 3;
  std::vector<Action> actions;
  for (int i = 0; i < 6; ++i) {
    LiveUser u = live_user("u" + std::to_string(i));
    u.id = h.client.add_user(u);
    actions.push_back(deactivate_action(u));
  }
  h.client.fail_next(
      failure(FakeCall::PatchUser,
              make_error(ErrorKind::BadRequest,
                         "PATCH /Users/3: 400 Cannot update user with id 3. Value for "
                         "cityId is invalid.",
                         400),
              1, false, 3));
  auto r = h.apply(make_plan(actions));
  REQUIRE(r.ok());
  CHECK(r->outcome == ApplyOutcome::Partial);
  CHECK(r->count(ActionStatus::Done) == 5);
  REQUIRE(r->count(ActionStatus::Failed) == 1);
  CHECK(r->results[2].status == ActionStatus::Failed);
  CHECK(r->results[2].http_status == 400);
  CHECK(r->results[2].message ==
        "PATCH /Users/3: 400 Cannot update user with id 3. Value for cityId is invalid.");
  CHECK(h.client.writes().size() == 6); // a 400 is not retried
  CHECK(h.client.user(3)->is_locked == 0);
  CHECK(h.client.user(6)->is_locked == -1);
  auto state = read_journal(h.journal.text(), "j");
  REQUIRE(state.ok());
  CHECK(state->actions.at(2).status == JournalStatus::Failed);
  CHECK(state->actions.at(2).http_status == 400);
}

TEST_CASE("apply: a failed repair skips that user's other actions", "[apply][run]") {
  ApplyHarness h;
  LiveUser d = live_user("d");
  d.division_id.reset();
  d.id = h.client.add_user(d);
  h.client.fail_next(
      failure(FakeCall::PatchUser, make_error(ErrorKind::BadRequest, "400 no", 400)));
  auto r = h.apply(make_plan({patch_action(ActionOp::Repair, d, "divisionId", nullptr, 2),
                              patch_action(ActionOp::Update, d, "title", "Engineer", "Lead")}));
  REQUIRE(r.ok());
  CHECK(r->outcome == ApplyOutcome::Partial);
  CHECK(r->results[1].status == ActionStatus::Skipped);
  CHECK(h.client.writes().size() == 1);
}

TEST_CASE("apply: an ambiguous create that committed is found by key, never sent twice",
          "[apply][run][ambiguous]") {
  ApplyHarness h;
  h.client.fail_next(failure(FakeCall::CreateUser, ambiguous(), 1, true));
  auto r = h.apply(make_plan({create_action("ann"), create_action("bob")}));
  REQUIRE(r.ok());
  CHECK(r->outcome == ApplyOutcome::Applied);
  CHECK(write_paths(h.client) == std::vector<std::string>{"POST /Users", "POST /Users"});
  CHECK(h.client.users().size() == 2);
  CHECK(r->results[0].status == ActionStatus::Done);
  CHECK(r->results[0].user_id == 1);
  CHECK(r->results[0].message.rfind("created; confirmed by lookup after: POST /Users: connection "
                                    "closed",
                                    0) == 0);
  // The lookup went by key, between the two POSTs.
  auto calls = h.client.calls();
  bool looked_up = false;
  for (const RecordedCall& c : calls) {
    looked_up = looked_up || c.path == "/Users?$filter=externalId eq 'ann'";
  }
  CHECK(looked_up);
  auto audit = h.audit.records();
  CHECK(audit[0]["method"] == "GET"); // the lookup right before the first POST
  CHECK(audit[0]["outcome"] == "not found");
  CHECK(audit[1]["outcome"] == "ambiguous");
  CHECK(audit[2]["method"] == "GET");
  CHECK(audit[2]["outcome"] == "found");
}

TEST_CASE("apply: an ambiguous create that did not commit is retried after the lookup",
          "[apply][run][ambiguous]") {
  ApplyHarness h;
  h.client.fail_next(failure(FakeCall::CreateUser, ambiguous(), 1, false));
  auto r = h.apply(make_plan({create_action("ann")}));
  REQUIRE(r.ok());
  CHECK(r->outcome == ApplyOutcome::Applied);
  CHECK(h.client.writes().size() == 2);
  CHECK(h.client.users().size() == 1);
  CHECK(h.clock.slept() == std::chrono::milliseconds(100));
}

TEST_CASE("apply: a create that stays ambiguous fails, and resume looks it up first",
          "[apply][run][ambiguous]") {
  ApplyHarness h;
  h.client.fail_next(failure(FakeCall::CreateUser, ambiguous(), 1, true));
  FakeFailure lookups = failure(FakeCall::FindUsers, make_error(ErrorKind::Server, "503", 503), 3);
  lookups.after = 1; // the lookup before ann's first POST succeeds
  h.client.fail_next(lookups);
  // Two creates and a tiny tenant: the precondition check lists (1 request)
  // instead of two lookups, so the scripted lookup failures hit the recovery.
  h.options.live_user_estimate = 10;
  Plan plan = make_plan({create_action("ann"), create_action("bob")});
  auto r = h.apply(plan);
  REQUIRE(r.ok());
  CHECK(r->check_strategy == "list");
  CHECK(r->outcome == ApplyOutcome::Partial);
  CHECK(r->results[0].message.rfind("outcome unknown", 0) == 0);
  CHECK(r->results[1].status == ActionStatus::Done);
  CHECK(h.client.users().size() == 2); // ann was in fact created

  h.reload_journal();
  CHECK(h.prior.actions.at(0).status == JournalStatus::Failed);
  h.client.clear_calls();
  auto again = h.apply(plan);
  REQUIRE(again.ok());
  CHECK(again->outcome == ApplyOutcome::Applied);
  CHECK(h.client.writes().empty());
  CHECK(h.client.users().size() == 2);
  CHECK(again->results[0].message == "created by an earlier run; found by key on resume");
  CHECK(again->results[1].status == ActionStatus::AlreadyDone);
}

TEST_CASE("apply: resume never resends a done action and finishes the rest",
          "[apply][run][resume]") {
  ApplyHarness h;
  std::vector<Action> actions;
  for (int i = 0; i < 4; ++i) {
    LiveUser u = live_user("u" + std::to_string(i));
    u.id = h.client.add_user(u);
    actions.push_back(deactivate_action(u));
  }
  actions.push_back(create_action("new"));
  Plan plan = make_plan(actions);
  // First run: the journal breaks after the header, two actions and the third's
  // "started" (6 records): the third PATCH is sent, its "done" is lost.
  h.journal.fail_after(6);
  auto first = h.apply(plan);
  REQUIRE_FALSE(first.ok());
  CHECK(first.error().kind == ErrorKind::Io);
  CHECK(first.error().message == "writing journal j: No space left on device — stopped; the "
                                 "journal is needed to resume safely");
  // What a restarted apply sees: actions 0 and 1 done, 2 sent but not recorded.
  MemoryJournal survived;
  for (const json& rec : h.journal.records()) {
    REQUIRE(survived.append(rec).ok());
  }
  auto state = read_journal(survived.text(), "j");
  REQUIRE(state.ok());
  CHECK(state->done(0));
  CHECK(state->done(1));
  CHECK(state->actions.at(2).status == JournalStatus::Started);
  CHECK(h.client.user(3)->is_locked == -1); // sent before the crash

  ApplyHarness h2;
  for (const LiveUser& u : h.client.users()) {
    h2.client.add_user(u);
  }
  h2.prior = *state;
  auto resumed = h2.apply(plan);
  REQUIRE(resumed.ok());
  CHECK(resumed->outcome == ApplyOutcome::Applied);
  CHECK(resumed->count(ActionStatus::AlreadyDone) == 2);
  CHECK(write_paths(h2.client) ==
        std::vector<std::string>{"PATCH /Users/3", "PATCH /Users/4", "POST /Users"});
  CHECK(h2.journal.records().front()["record"] == "run");
  CHECK(h2.client.users().size() == 5);
}

TEST_CASE("apply: a journal for another plan is refused", "[apply][run][resume]") {
  ApplyHarness h;
  auto state = read_journal(journal_header("sha256:other", "0.1.0", "t").dump() + "\n", "j");
  REQUIRE(state.ok());
  h.prior = *state;
  auto r = h.apply(make_plan({create_action("ann")}));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Config);
  CHECK(r.error().message ==
        "test.journal was written for another plan (sha256:other), not this one (sha256:aaaa); "
        "give another --journal path, or remove the old journal if that plan is finished");
  CHECK(h.client.calls().empty());
}

TEST_CASE("apply: verification reports writes the API accepted but ignored", "[apply][verify]") {
  ApplyHarness h;
  LiveUser a = live_user("a");
  a.id = h.client.add_user(a);
  // "status" is read-only: the fake (like the API) answers success and ignores
  // it. The plan claims the write makes the user inactive.
  Action ignored = deactivate_action(a);
  ignored.request.body =
      json::array({{{"op", "replace"}, {"path", "/status"}, {"value", "Inactive"}}});
  auto r = h.apply(make_plan({ignored}));
  REQUIRE(r.ok());
  CHECK(r->outcome == ApplyOutcome::Unverified);
  REQUIRE(r->unverified.size() == 1);
  CHECK(describe_verify_failure(r->unverified[0]) ==
        "deactivate a (id 1): isLocked expected -1, found 0 (the write was accepted but did not "
        "take)");
  CHECK(r->results[0].status == ActionStatus::Done);
}

TEST_CASE("apply: 401 stops the run", "[apply][run]") {
  ApplyHarness h;
  std::vector<Action> actions;
  for (int i = 0; i < 3; ++i) {
    LiveUser u = live_user("u" + std::to_string(i));
    u.id = h.client.add_user(u);
    actions.push_back(deactivate_action(u));
  }
  h.client.fail_next(
      failure(FakeCall::PatchUser, make_error(ErrorKind::Auth, "401 Unauthorized", 401)));
  auto r = h.apply(make_plan(actions));
  REQUIRE(r.ok());
  CHECK(r->outcome == ApplyOutcome::Aborted);
  CHECK(h.client.writes().size() == 1);
  CHECK(r->count(ActionStatus::Pending) == 2);
  CHECK(r->abort_reason == "deactivate u0: 401 Unauthorized");
}

TEST_CASE("apply: transient PATCH failures are retried (PATCH is idempotent)", "[apply][run]") {
  ApplyHarness h;
  LiveUser a = live_user("a");
  a.id = h.client.add_user(a);
  h.client.fail_next(
      failure(FakeCall::PatchUser, make_error(ErrorKind::Server, "503", 503), 2, true));
  auto r = h.apply(make_plan({deactivate_action(a)}));
  REQUIRE(r.ok());
  CHECK(r->outcome == ApplyOutcome::Applied);
  CHECK(h.client.writes().size() == 3);
  CHECK(h.clock.slept() == std::chrono::milliseconds(300));
}

TEST_CASE("apply: resume accepts the effect of a started, unrecorded PATCH",
          "[apply][run][resume]") {
  ApplyHarness h;
  LiveUser a = live_user("a");
  a.id = h.client.add_user(a);
  Plan plan = make_plan({deactivate_action(a)});
  REQUIRE(h.client.patch_user(a.id, R"([{"op":"replace","path":"/isLocked","value":-1}])").ok());
  h.client.clear_calls();
  // Without a journal, the changed isLocked is drift ...
  auto fresh = h.apply(plan);
  REQUIRE(fresh.ok());
  CHECK(fresh->outcome == ApplyOutcome::Drift);
  // ... but when the journal shows the action was started, it is its own effect.
  auto state = read_journal(journal_header(k_checksum, "0.1.0", "t").dump() + "\n" +
                                journal_started(0, "deactivate", "a", "t").dump() + "\n",
                            "j");
  REQUIRE(state.ok());
  h.prior = *state;
  auto resumed = h.apply(plan);
  REQUIRE(resumed.ok());
  CHECK(resumed->outcome == ApplyOutcome::Applied);
  CHECK(h.client.writes().size() == 1); // resent: PATCH is idempotent
}

TEST_CASE("apply: verification expects the last value a plan writes to a field",
          "[apply][verify]") {
  // A connector user is repaired with the policy's default city, then its
  // region update moves it to another city: the read-back must expect the
  // update's city, not the repair's.
  ApplyHarness h;
  LiveUser a = live_user("a");
  a.city_id.reset();
  a.id = h.client.add_user(a);
  Action repair = patch_action(ActionOp::Repair, a, "cityId", nullptr, 11);
  Action update = patch_action(ActionOp::Update, a, "cityId", 11, 21);
  update.precondition = json::object(); // the repair changes cityId first
  auto r = h.apply(make_plan({repair, update}));
  REQUIRE(r.ok());
  CHECK(r->unverified.empty());
  CHECK(r->outcome == ApplyOutcome::Applied);
  CHECK(h.client.user(a.id)->city_id == 21);
}

TEST_CASE("apply: each create looks its key up right before the first POST", "[apply][run][race]") {
  ApplyHarness h;
  auto r = h.apply(make_plan({create_action("ann")}));
  REQUIRE(r.ok());
  CHECK(r->outcome == ApplyOutcome::Applied);
  std::vector<std::string> calls;
  for (const RecordedCall& c : h.client.calls()) {
    calls.push_back(c.method + " " + c.path);
  }
  // Precondition lookup, the lookup before the POST, the POST, the read-back.
  REQUIRE(calls.size() >= 3);
  CHECK(calls[1] == "GET /Users?$filter=externalId eq 'ann'");
  CHECK(calls[2] == "POST /Users");
}

TEST_CASE("apply: a key taken after the preconditions is the create's outcome, and no POST "
          "follows",
          "[apply][run][race]") {
  ApplyHarness h;
  h.options.live_user_estimate = 10; // preconditions by one list, before anyone else writes
  std::int64_t other_id = 0;
  h.client.set_before_find([&](std::string_view key) {
    if (key == "ann" && other_id == 0) {
      other_id = h.client.add_user(live_user("ann")); // the other apply's POST landed
    }
  });
  Plan plan = make_plan({create_action("ann"), create_action("bob"), create_action("cat")});
  auto r = h.apply(plan);
  REQUIRE(r.ok());
  CHECK(h.client.writes().empty());
  CHECK(h.client.users().size() == 1);
  CHECK(r->outcome == ApplyOutcome::Partial);
  CHECK(r->results[0].status == ActionStatus::Done);
  CHECK(r->results[0].user_id == other_id);
  CHECK(r->results[0].message.rfind("not sent: a user with this key appeared after the "
                                    "preconditions were checked",
                                    0) == 0);
  for (std::size_t i : {1, 2}) {
    CHECK(r->results[i].status == ActionStatus::Skipped);
    CHECK(r->results[i].message.rfind("not sent: another apply of this plan is creating the same "
                                      "users",
                                      0) == 0);
  }
  CHECK(r->unverified.empty()); // ann, as found, is what the plan wanted
  h.reload_journal();
  CHECK(h.prior.actions.at(0).status == JournalStatus::Done);
  CHECK(h.prior.actions.at(0).user_id == other_id);
  CHECK(h.prior.actions.at(1).status == JournalStatus::Failed);
}

TEST_CASE("apply: a create whose key cannot be looked up is not sent", "[apply][run][race]") {
  ApplyHarness h;
  FakeFailure lookups = failure(FakeCall::FindUsers, make_error(ErrorKind::Server, "503", 503), -1);
  lookups.after = 1; // the precondition check's lookup succeeds
  h.client.fail_next(lookups);
  auto r = h.apply(make_plan({create_action("ann")}));
  REQUIRE(r.ok());
  CHECK(h.client.writes().empty());
  CHECK(r->results[0].status == ActionStatus::Skipped);
  CHECK(r->results[0].message.rfind("not sent: could not check that no user has this key yet", 0) ==
        0);
}
