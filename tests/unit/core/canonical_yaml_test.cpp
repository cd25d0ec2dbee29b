// The fast path for canonical desired-state files against yaml-cpp's parser:
// for what the writer writes, the same events (values, tags, styles, marks);
// for anything else, nothing (the reader then uses yaml-cpp).
#include "state/model/desired_state_reader.hpp"
#include "state/model/desired_state_writer.hpp"
#include "state/model/yaml_event_log.hpp"

#include <catch2/catch.hpp>
#include <random>

using namespace alignctl;

namespace {

DesiredUser user(std::string id, std::vector<std::string> groups = {"G"}) {
  DesiredUser u;
  u.external_id = std::move(id);
  u.first_name = "First";
  u.last_name = "Last";
  u.email = u.external_id + "@example.com";
  u.groups = std::move(groups);
  return u;
}

std::string render(std::vector<DesiredUser> users) {
  DesiredState s;
  s.source = "test";
  s.users = std::move(users);
  return render_desired_state(s);
}

// The writer's output takes the fast path, with yaml-cpp's very events.
void check_same_events(const std::string& text) {
  INFO(text);
  const auto fast = canonical_event_log(text);
  REQUIRE(fast.has_value());
  const auto slow = yaml_cpp_event_log(text);
  REQUIRE(slow.has_value());
  CHECK(*fast == *slow);
}

} // namespace

TEST_CASE("canonical fast path: the writer's output gives yaml-cpp's events", "[yaml][canonical]") {
  check_same_events(render({}));
  check_same_events(render({user("ann")}));
  DesiredUser tricky = user("o'neil", {"JiraAlign-Users", "a, b", "[x]", "yes", "", "#tag", "ü"});
  tricky.first_name = "Zoë \"Z\"";
  tricky.last_name = "Ångström: the second";
  tricky.title = "Staff Engineer #1";
  tricky.region = "EMEA";
  DesiredUser escapes = user("esc");
  escapes.first_name = std::string("tab\there, nl\nthere, cr\rand nul") + '\0';
  escapes.last_name = "c1 \xc2\x85 ls \xe2\x80\xa8 bom \xef\xbb\xbf del \x7f bell \x07";
  escapes.title = "\xff\xfe not UTF-8";
  escapes.email = "123";
  escapes.region = "null";
  DesiredUser spaces = user(" padded ");
  spaces.first_name = "- dash";
  spaces.last_name = "ends with colon:";
  spaces.email = "a: b";
  check_same_events(render({tricky, escapes, spaces, user("z", {})}));
}

TEST_CASE("canonical fast path: random users, events identical to yaml-cpp's",
          "[yaml][canonical]") {
  // Values drawn from the characters that decide quoting and escaping.
  const std::vector<std::string> pieces = {
      "a",    "Z",    "0",    "7",  " ",    "-",        "?",
      ":",    ",",    "[",    "]",  "{",    "}",        "#",
      "&",    "*",    "!",    "|",  ">",    "'",        "\"",
      "%",    "@",    "`",    "+",  ".",    "\\",       "\t",
      "\n",   "é",    "ü",    "東", "😀",    "\xc2\x85", "\xe2\x80\xa8",
      "\x7f", "\x01", "yes",  "no", "null", "~",        "true",
      ": ",   " #",   ".inf", "<<"};
  std::mt19937 rng(20261130);
  auto value = [&] {
    std::string v;
    const int n = static_cast<int>(rng() % 6);
    for (int k = 0; k < n; ++k) {
      v += pieces[rng() % pieces.size()];
    }
    return v;
  };
  for (int round = 0; round < 300; ++round) {
    std::vector<DesiredUser> users;
    const int n = static_cast<int>(rng() % 5);
    for (int k = 0; k < n; ++k) {
      DesiredUser u = user("u" + std::to_string(round) + "-" + std::to_string(k) + value());
      u.first_name = value();
      u.last_name = value();
      u.email = value();
      u.title = value();
      u.region = value();
      u.groups.clear();
      for (int g = static_cast<int>(rng() % 4); g > 0; --g) {
        u.groups.push_back(value());
      }
      users.push_back(u);
    }
    check_same_events(render(users));
  }
}

TEST_CASE("canonical fast path: anything else is left to yaml-cpp", "[yaml][canonical]") {
  const std::string good = "version: 1\nusers:\n  - externalId: ann\n    groups: [G]\n";
  REQUIRE(canonical_event_log(good).has_value());
  for (const std::string& text : std::vector<std::string>{
           "version: 1\nusers:\n\n  - externalId: ann\n    groups: [G]\n", // blank line
           "version: 1\nusers:\n  # who\n  - externalId: ann\n    groups: [G]\n",
           "version: 1\r\nusers: []\r\n",
           "# a\rversion: 2\nversion: 1\nusers: []\n",            // yaml-cpp ends the comment at CR
           "version: 1\nusers: []\n---\nversion: 1\nusers: []\n", // two documents
           "version: 1\nusers:\n  - externalId: &a ann\n    groups: [*a]\n",
           "version: 1\nusers:\n  - externalId: ann # comment\n",
           "version: 1\nusers:\n  - externalId: yes\n", // the writer quotes it
           "version: 1\nusers:\n  - externalId: 123\n",
           "version: 1\nusers:\n  - externalId: 'ann'\n",     // single quotes
           "version: 1\nusers:\n  - externalId: \"a\\Nb\"\n", // an escape the writer never writes
           "version: 1\nusers:\n  - externalId: \"\\ud800\"\n",
           "version: 1\nusers:\n  - {externalId: ann}\n",
           "version: 1\nusers:\n  - externalId: ann\n      groups: [G]\n",
           "version: 1\nusers:\n  - externalId: ann\n    groups: [G,H]\n",
           "version: 1\nusers:\n  - externalId: ann\n    groups: [G, ]\n",
           "version: 1\nusers:\n  - externalId: ann\n    groups: [[G]]\n",
           "version: 1\nusers:\n  - externalId: ann\n    \"groups\": [G]\n",
           "version: 1\nusers:\n  - externalId: ann\n    groups:\n      - G\n",
           "version: 1\nusers:\n  - externalId: ann\n    title:\n",
           "version: 1\nusers:\n  - externalId: \"a\xc2\x85\"\n", // raw C1 inside quotes
           "version: 1\nusers:\n  - externalId: \"a\tb\"\n",      // raw tab inside quotes
           "version: 1\nusers:\n  - externalId: ann",             // no final newline
           "version: 1 # v\nusers: []\n",
           "users: []\nversion: 1\n",
           "version: 1\nusers: []\nextra: x\n",
           "\xef\xbb\xbfversion: 1\nusers: []\n",
           "version: 1\nusers:\n  - externalId: a\xff\n",
           "",
       }) {
    INFO(text);
    CHECK_FALSE(canonical_event_log(text).has_value());
  }
}

TEST_CASE("canonical fast path: the reader's answers are the same on both paths",
          "[yaml][canonical]") {
  // Problems the reader finds after parsing: an unknown field, a duplicate key, a
  // value over the limit — reported at the same positions on the fast path.
  const std::string text = "version: 1\nusers:\n  - externalId: ann\n    firstName: A\n"
                           "    lastName: B\n    email: a@x\n    colour: red\n    groups: [G]\n"
                           "  - externalId: ANN\n    firstName: A\n    lastName: B\n"
                           "    email: b@x\n    groups: [G]\n";
  REQUIRE(canonical_event_log(text).has_value());
  const DesiredStateRead fast = read_desired_state(text, "u.yaml", MatchKey::ExternalId);
  // The same document in a form the fast path declines (a trailing comment line).
  const DesiredStateRead slow =
      read_desired_state(text + "# end\n", "u.yaml", MatchKey::ExternalId);
  REQUIRE_FALSE(canonical_event_log(text + "# end\n").has_value());
  REQUIRE_FALSE(fast.diagnostics.empty());
  std::vector<std::string> a, b;
  for (const auto& d : fast.diagnostics) {
    a.push_back(d.to_string());
  }
  for (const auto& d : slow.diagnostics) {
    b.push_back(d.to_string());
  }
  CHECK(a == b);
}
