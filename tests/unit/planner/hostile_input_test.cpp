// Hostile files for the policy loader, the desired-state reader and the plan
// file: alias bombs, deep nesting, NUL bytes, invalid UTF-8, over-long values,
// floods of errors, numbers JSON cannot hold, wrong types behind a valid
// checksum. Each must give a clear message (exact text) in bounded time and
// memory, never a crash. Limits: state/util/input_limits.hpp.
#include "fixtures.hpp"
#include "planner/digest.hpp"
#include "planner/plan_file.hpp"
#include "state/model/desired_state_reader.hpp"

#include <nlohmann/json.hpp>

using namespace alignctl;
using namespace alignctl::test;
using nlohmann::json;

namespace {

const std::string k_minimal_policy = "create: {roleId: 1, costCenterId: 2, divisionId: 3}\n"
                                     "regions: {default: {regionId: 1, cityId: 2}}\n";

std::vector<std::string> policy_messages(const std::string& text) {
  std::vector<std::string> out;
  for (const Diagnostic& d : load_policy(text, "alignctl.yaml").diagnostics) {
    out.push_back(d.to_string());
  }
  return out;
}

std::vector<std::string> desired_messages(const std::string& text) {
  std::vector<std::string> out;
  for (const Diagnostic& d : read_desired_state(text, "users.yaml").diagnostics) {
    out.push_back(d.to_string());
  }
  return out;
}

std::string user_block(const std::string& id, const std::string& first = "Ann") {
  return "  - externalId: " + id + "\n    firstName: " + first +
         "\n    lastName: L\n    email: " + id + "@x\n    groups: [G]\n";
}

// "a0: &a0 [x, …]" then each level a list of ten aliases of the one before:
// 10^levels scalars once expanded.
std::string nested_alias_bomb(int levels) {
  std::string s = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= levels; ++i) {
    s += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) {
      s += (k ? ", *a" : "*a") + std::to_string(i - 1);
    }
    s += "]\n";
  }
  return s;
}

// A plan file whose content is `doc` with a correct checksum, as someone who
// edits a plan and recomputes the checksum would write it.
std::string resealed(json doc) {
  doc.erase("checksum");
  doc.erase("signature");
  doc["checksum"] = "sha256:" + sha256_hex(doc.dump());
  return doc.dump(2);
}

// A create, an update of user 8 and an "ignored" notice.
json sample_plan_doc() {
  LiveUser bot = live(7, "bot");
  bot.role_id = 12;
  LiveUser k1 = live(8, "k1");
  k1.title = "Old title";
  auto out = plan_for({desired("new"), desired("k1")}, {k1, bot});
  REQUIRE(out.ok());
  return json::parse(write_plan_file(out.plan, std::nullopt));
}

std::string plan_refusal(const std::string& text) {
  auto r = read_plan_file(text, "plan.json", std::nullopt);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Input);
  return r.error().message;
}

} // namespace

// ---- policy ---------------------------------------------------------------

TEST_CASE("policy: an alias bomb is refused before it is expanded", "[hostile]") {
  // 10^9 scalars once expanded; yaml-cpp shares aliased nodes, the loader's
  // budget walk stops at a few MiB.
  std::string text = k_minimal_policy + nested_alias_bomb(9) + "sync: *a9\n";
  CHECK(policy_messages(text) ==
        std::vector<std::string>{"alignctl.yaml: error: aliases (*name) would add more than 1 MiB "
                                 "to the policy (an alias bomb?); write the values out instead"});
}

TEST_CASE("policy: aliases of one huge value are refused too", "[hostile]") {
  // 1 MiB scalar, 2000 aliases: 2 GiB of strings if copied.
  std::string text = k_minimal_policy + "big: &b " + std::string(1 << 20, 'x') +
                     "\nprotected:\n  externalIds: [*b";
  for (int i = 1; i < 2000; ++i) {
    text += ", *b";
  }
  text += "]\n";
  auto m = policy_messages(text);
  REQUIRE(m.size() == 1);
  CHECK(m[0].find("alignctl.yaml: error: aliases (*name) would add more than 1 MiB") == 0);
}

TEST_CASE("policy: anchors for repeated region targets still load", "[hostile]") {
  PolicyLoad load = load_policy("create: {roleId: 1, costCenterId: 2, divisionId: 3}\n"
                                "regions:\n"
                                "  map:\n"
                                "    EMEA: &emea {regionId: 1, cityId: 11}\n"
                                "    Europe: *emea\n"
                                "  default: *emea\n",
                                "alignctl.yaml");
  REQUIRE(load.ok());
  REQUIRE(load.policy.regions.size() == 2);
  CHECK(load.policy.regions[1].target.city_id.value == 11);
}

TEST_CASE("policy: an alias inside what it names is refused, not walked forever", "[hostile]") {
  // Found by fuzz_policy (a timeout): a1 holds itself.
  CHECK(policy_messages(k_minimal_policy + "a1: &a1 [x, *a1]\nsync: *a1\n") ==
        std::vector<std::string>{"alignctl.yaml:3:13: error: an alias (*name) inside the list or "
                                 "mapping it names: the policy would never end"});
}

TEST_CASE("policy: values that decode to NUL or to bytes that are not UTF-8", "[hostile]") {
  // yaml-cpp decodes "\N" to the single byte 0x85, not to U+0085.
  CHECK(policy_messages(k_minimal_policy + "repair: {company: \"Acme\\N\"}\n") ==
        std::vector<std::string>{
            "alignctl.yaml:3:19: error: repair.company is not UTF-8 once its escapes are decoded "
            "(byte 0x85; write \\u0085 for \\N and \\u00a0 for \\_)"});
  CHECK(policy_messages(k_minimal_policy + "protected: {externalIds: [\"a\\0b\"]}\n") ==
        std::vector<std::string>{"alignctl.yaml:3:27: error: protected.externalIds entry contains "
                                 "a NUL character (\\0)"});
  CHECK(policy_messages("create: {roleId: 1, costCenterId: 2, divisionId: 3}\n"
                        "regions: {map: {\"\\_\": {regionId: 1, cityId: 2}}, default: {regionId: "
                        "1, cityId: 2}}\n") ==
        std::vector<std::string>{
            "alignctl.yaml:2:17: error: a key of regions.map is not UTF-8 once its escapes are "
            "decoded (byte 0xa0; write \\u0085 for \\N and \\u00a0 for \\_)"});
  CHECK(load_policy(k_minimal_policy + "repair: {company: \"Acme\\u0085\"}\n", "p.yaml").ok());
}

TEST_CASE("policy: deep nesting is an error, not a stack overflow", "[hostile]") {
  CHECK(policy_messages("sync: " + std::string(100000, '[')) ==
        std::vector<std::string>{"alignctl.yaml:1:1: error: not valid YAML: lists and mappings "
                                 "nested too deeply (a policy nests 4 levels)"});
  std::string block = "sync:\n";
  for (int i = 0; i < 5000; ++i) {
    block += std::string(static_cast<std::size_t>(i) + 1, ' ') + "-\n";
  }
  auto m = policy_messages(block);
  REQUIRE(m.size() == 1);
  CHECK(m[0].find("error: not valid YAML: lists and mappings nested too deeply") !=
        std::string::npos);
}

TEST_CASE("policy: NUL bytes and invalid UTF-8 are located", "[hostile]") {
  CHECK(policy_messages(k_minimal_policy + std::string("sync: [first\0Name]\n", 19)) ==
        std::vector<std::string>{
            "alignctl.yaml:3:13: error: NUL byte (0x00); the file must be UTF-8 text"});
  CHECK(policy_messages(k_minimal_policy + "repair: {company: Soci\xE9t\xE9}\n") ==
        std::vector<std::string>{
            "alignctl.yaml:3:23: error: not UTF-8: invalid byte 0xe9; the file must be UTF-8"});
}

TEST_CASE("policy: a file over the size limit is refused unparsed", "[hostile]") {
  std::string text = k_minimal_policy + "# " + std::string(k_max_policy_bytes, 'x') + "\n";
  CHECK(policy_messages(text) ==
        std::vector<std::string>{"alignctl.yaml: error: the file is 16.0 MiB, over the limit of "
                                 "16 MiB for a policy"});
}

TEST_CASE("policy: over-long values are quoted by their first 80 characters", "[hostile]") {
  auto m = policy_messages(k_minimal_policy + "sync: [" + std::string(1 << 20, 'q') + "]\n");
  REQUIRE(m.size() == 1);
  CHECK(m[0] == "alignctl.yaml:3:8: error: unknown sync attribute '" + std::string(80, 'q') +
                    "…' (expected: firstName, lastName, email, title, region)");
}

TEST_CASE("policy: a flood of problems stops at the limit and says so", "[hostile]") {
  std::string text = k_minimal_policy + "sync:\n";
  for (int i = 0; i < 5000; ++i) {
    text += "  - bad" + std::to_string(i) + "\n";
  }
  auto m = policy_messages(text);
  REQUIRE(m.size() == k_max_diagnostics + 1);
  CHECK(m.front().find("alignctl.yaml:4:5: error: unknown sync attribute 'bad0'") == 0);
  CHECK(m.back() == "alignctl.yaml: error: stopped after the first 1000 problems");
}

TEST_CASE("policy: counts beyond a billion and malformed percentages are refused", "[hostile]") {
  CHECK(policy_messages(k_minimal_policy + "limits: {max_creates: 99999999999999999999999}\n") ==
        std::vector<std::string>{"alignctl.yaml:3:23: error: limits.max_creates must be at most "
                                 "1000000000, not 99999999999999999999999"});
  CHECK(policy_messages(k_minimal_policy + "limits: {max_deactivations: 1.2.3%}\n") ==
        std::vector<std::string>{"alignctl.yaml:3:29: error: limits.max_deactivations must be a "
                                 "count or a percentage like '5%', not '1.2.3%'"});
  PolicyLoad ok = load_policy(k_minimal_policy + "limits: {max_creates: 1000000000}\n", "p.yaml");
  REQUIRE(ok.ok());
  REQUIRE(ok.policy.max_creates);
  CHECK(ok.policy.max_creates->allowed(5) == 1000000000);
}

// ---- desired state --------------------------------------------------------

TEST_CASE("desired state: a value over 255 characters names the field and the limit", "[hostile]") {
  const std::string huge(1 << 20, 'A');
  CHECK(desired_messages("version: 1\nusers:\n" + user_block("adavis", huge)) ==
        std::vector<std::string>{"users.yaml:4:16: error: field 'firstName' of user 'adavis' is "
                                 "1048576 characters long; the limit is 255"});
  // The limit counts characters, not bytes: 255 'é' (510 bytes) are fine.
  std::string e255;
  for (int i = 0; i < 255; ++i) {
    e255 += "é";
  }
  CHECK(read_desired_state("version: 1\nusers:\n" + user_block("adavis", e255), "u.yaml").ok());
  CHECK(desired_messages("version: 1\nusers:\n" + user_block("adavis", e255 + "é")) ==
        std::vector<std::string>{"users.yaml:4:16: error: field 'firstName' of user 'adavis' is "
                                 "256 characters long; the limit is 255"});
  // An over-long key is not used to name the user in later messages.
  CHECK(desired_messages("version: 1\nusers:\n" + user_block(std::string(300, 'k')) +
                         "  - {externalId: b, email: b@x}\n") ==
        std::vector<std::string>{
            "users.yaml:3:17: error: field 'externalId' of the user at line 3 is 300 characters "
            "long; the limit is 255",
            "users.yaml:6:12: error: field 'email' of the user at line 3 is 302 characters long; "
            "the limit is 255",
            "users.yaml:8:5: error: user 'b' lacks required field 'firstName'",
            "users.yaml:8:5: error: user 'b' lacks required field 'lastName'",
            "users.yaml:8:5: error: user 'b' lacks required field 'groups'"});
  CHECK(desired_messages("version: 1\nusers:\n  - {externalId: a, firstName: A, lastName: A, "
                         "email: a@x, groups: [" +
                         std::string(256, 'g') + "]}\n") ==
        std::vector<std::string>{"users.yaml:3:69: error: group '" + std::string(80, 'g') +
                                 "…' of user 'a' is 256 characters long; the limit is 255"});
}

TEST_CASE("desired state: NUL bytes, deep nesting and aliases", "[hostile]") {
  CHECK(desired_messages("version: 1\nusers:\n" + user_block("a", std::string("A\0n", 3))) ==
        std::vector<std::string>{
            "users.yaml:4:17: error: NUL byte (0x00); the file must be UTF-8 text"});
  CHECK(desired_messages("version: 1\nusers: " + std::string(100000, '[')) ==
        std::vector<std::string>{"users.yaml:2:1: error: not valid YAML: lists and mappings "
                                 "nested too deeply (a desired state nests 3 levels)"});
  // Every alias is refused where it stands; nothing is expanded.
  std::string text = "version: 1\nusers:\n  - &u {externalId: a, firstName: A, lastName: A, "
                     "email: a@x, groups: [G]}\n";
  for (int i = 0; i < 3; ++i) {
    text += "  - *u\n";
  }
  CHECK(desired_messages(text) ==
        std::vector<std::string>{
            "users.yaml:4:5: error: aliases (*name) are not allowed in a desired-state file",
            "users.yaml:5:5: error: aliases (*name) are not allowed in a desired-state file",
            "users.yaml:6:5: error: aliases (*name) are not allowed in a desired-state file"});
  CHECK(desired_messages("version: 1\nusers:\n  - {externalId: a, firstName: &f A, lastName: *f, "
                         "email: a@x, groups: [G]}\n") ==
        std::vector<std::string>{
            "users.yaml:3:48: error: aliases (*name) are not allowed in a desired-state file"});
}

TEST_CASE("desired state: values that decode to NUL or to bytes that are not UTF-8", "[hostile]") {
  // Found by fuzz_desired (the writer/reader round trip): yaml-cpp decodes
  // "\N" to the byte 0x85, which the canonical writer then wrote as U+0085.
  CHECK(desired_messages("version: 1\nusers:\n" + user_block("a", "\"Ann\\N\"")) ==
        std::vector<std::string>{
            "users.yaml:4:16: error: field 'firstName' of user 'a' is not UTF-8 once its escapes "
            "are decoded (byte 0x85; write \\u0085 for \\N and \\u00a0 for \\_)"});
  CHECK(desired_messages("version: 1\nusers:\n  - {externalId: \"a\\0b\", firstName: A, "
                         "lastName: A, email: a@x, groups: [G]}\n") ==
        std::vector<std::string>{"users.yaml:3:18: error: field 'externalId' of the user at line 3 "
                                 "contains a NUL character (\\0)"});
  CHECK(
      desired_messages("version: 1\nusers:\n  - {externalId: a, firstName: A, lastName: A, "
                       "email: a@x, groups: [\"G\\_\"]}\n") ==
      std::vector<std::string>{"users.yaml:3:69: error: a group of user 'a' is not UTF-8 once its "
                               "escapes are decoded (byte 0xa0; write \\u0085 for \\N and "
                               "\\u00a0 for \\_)"});
  auto ok =
      read_desired_state("version: 1\nusers:\n" + user_block("a", "\"Ann\\u0085\""), "u.yaml");
  REQUIRE(ok.ok());
  CHECK(ok.state.users[0].first_name == "Ann\u0085");
}

TEST_CASE("desired state: a flood of problems stops at the limit and says so", "[hostile]") {
  std::string text = "version: 1\nusers:\n";
  for (int i = 0; i < 3000; ++i) {
    text += "  - {externalId: u" + std::to_string(i) + ", nickname: x}\n";
  }
  auto m = desired_messages(text);
  REQUIRE(m.size() == k_max_diagnostics + 1);
  CHECK(m.back() == "users.yaml: error: stopped after the first 1000 problems");
}

// ---- plan file ------------------------------------------------------------

TEST_CASE("plan file: a number JSON cannot hold is refused, not a crash", "[hostile]") {
  // Found by fuzz_plan: json::parse threw out_of_range, which was not caught.
  CHECK(plan_refusal(R"({"format": "alignctl-plan", "format_version": 1, "x": 1e400})") ==
        "plan.json: plan file: not valid JSON ([json.exception.out_of_range.406] number "
        "overflow parsing '1e400')");
}

TEST_CASE("plan file: deep nesting and truncation are refused", "[hostile]") {
  CHECK(plan_refusal(R"({"format": "alignctl-plan", "x": )" + std::string(100000, '[')) ==
        "plan.json: plan file: JSON nested deeper than 64 levels (at byte 97), so not an "
        "alignctl plan");
  const std::string full = resealed(sample_plan_doc());
  CHECK(plan_refusal(full.substr(0, full.size() / 2))
            .find("plan.json: plan file: not valid "
                  "JSON ([json.exception.parse_error") == 0);
}

TEST_CASE("plan file: wrong types behind a valid checksum name the field", "[hostile]") {
  json doc = sample_plan_doc();
  REQUIRE(read_plan_file(resealed(doc), "plan.json", std::nullopt).ok());

  json bad = doc;
  bad["actions"][0]["user_id"] = "abc";
  CHECK(plan_refusal(resealed(bad)) ==
        "plan.json: plan file: field 'actions[0].user_id' has the wrong type (string)");
  bad = doc;
  bad["actions"][0]["user_id"] = std::numeric_limits<std::uint64_t>::max();
  CHECK(plan_refusal(resealed(bad)) ==
        "plan.json: plan file: field 'actions[0].user_id' is out of range "
        "(18446744073709551615)");
  bad = doc;
  bad["actions"] = json::object();
  CHECK(plan_refusal(resealed(bad)) ==
        "plan.json: plan file: field 'actions' has the wrong type (object)");
  bad = doc;
  bad["actions"][0] = nullptr;
  CHECK(plan_refusal(resealed(bad)) == "plan.json: plan file: field 'actions[0]' is not an object");
  bad = doc;
  bad["actions"][0]["request"] = nullptr;
  CHECK(plan_refusal(resealed(bad)) ==
        "plan.json: plan file: field 'actions[0].request' has the wrong type (null)");
  bad = doc;
  bad["provenance"]["desired_sha256"] = 42;
  CHECK(plan_refusal(resealed(bad)) ==
        "plan.json: plan file: field 'provenance.desired_sha256' has the wrong type (number)");
  bad = doc;
  bad["notices"][0]["kind"] = json::array();
  CHECK(plan_refusal(resealed(bad)) ==
        "plan.json: plan file: field 'notices[0].kind' has the wrong type (array)");
}
