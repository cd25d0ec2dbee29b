// The plan file: round trip, determinism, and each refusal with its message.
#include "fixtures.hpp"
#include "planner/digest.hpp"
#include "planner/plan_file.hpp"

#include <nlohmann/json.hpp>

using namespace alignctl;
using namespace alignctl::test;
using nlohmann::json;

namespace {

Plan sample_plan() {
  LiveUser gone = live(5, "gone");
  gone.division_id.reset();
  LiveUser locked = live(6, "back");
  locked.is_locked = -1;
  LiveUser bot = live(7, "bot");
  bot.role_id = 12;
  auto out = plan_for({desired("back"), desired("new"), desired("k1"), desired("k2")},
                      {gone, locked, bot, live(8, "k1"), live(9, "k2")});
  REQUIRE(out.ok());
  out.plan.provenance.desired_commit = "0123456789abcdef0123456789abcdef01234567";
  out.plan.provenance.desired_sha256 = std::string(64, 'a');
  out.plan.provenance.policy_sha256 = std::string(64, 'b');
  return out.plan;
}

std::string refusal(const std::string& text, const std::optional<Secret>& key = std::nullopt) {
  auto r = read_plan_file(text, "plan.json", key);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Input);
  return r.error().message;
}

} // namespace

TEST_CASE("plan file: round trip gives the same plan and the same bytes") {
  Plan plan = sample_plan();
  REQUIRE(plan.actions.size() == 4);
  std::string text = write_plan_file(plan, std::nullopt);
  auto loaded = read_plan_file(text, "plan.json", std::nullopt);
  REQUIRE(loaded.ok());
  CHECK_FALSE(loaded->signed_plan);
  CHECK(loaded->checksum.rfind("sha256:", 0) == 0);
  const Plan& back = loaded->plan;
  CHECK(back.tool_version == plan.tool_version);
  CHECK(back.created_at == plan.created_at);
  CHECK(back.target_url == plan.target_url);
  CHECK(back.match_key == plan.match_key);
  CHECK(back.provenance.desired_commit == plan.provenance.desired_commit);
  REQUIRE(back.actions.size() == plan.actions.size());
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    CHECK(back.actions[i].op == plan.actions[i].op);
    CHECK(back.actions[i].key == plan.actions[i].key);
    CHECK(back.actions[i].user_id == plan.actions[i].user_id);
    CHECK(back.actions[i].reason == plan.actions[i].reason);
    CHECK(back.actions[i].precondition == plan.actions[i].precondition);
    CHECK(back.actions[i].after == plan.actions[i].after);
    CHECK(back.actions[i].request.method == plan.actions[i].request.method);
    CHECK(back.actions[i].request.path == plan.actions[i].request.path);
    CHECK(back.actions[i].request.body == plan.actions[i].request.body);
  }
  REQUIRE(back.notices.size() == 1);
  CHECK(back.notices[0].kind == NoticeKind::Ignored);
  CHECK(write_plan_file(back, std::nullopt) == text);
  CHECK(write_plan_file(plan, std::nullopt) == text);
}

TEST_CASE("plan file: layout, summary, and no secret") {
  Secret key("s3cret-key");
  std::string text = write_plan_file(sample_plan(), key);
  json doc = json::parse(text);
  CHECK(text.rfind("{\n  \"format\": \"alignctl-plan\",\n  \"format_version\": 1,", 0) == 0);
  CHECK(doc["summary"] == json::parse(R"({"repair":1,"deactivate":1,"reactivate":1,"create":1,
      "link":0,"update":0,"total":4,"notices":{"ignored":1,"protected":0,"unmatched":0}})"));
  CHECK(doc["actions"][2]["user_id"] == 6);
  CHECK(doc["actions"][3]["user_id"].is_null());
  CHECK(doc["signature"].get<std::string>().rfind("hmac-sha256:", 0) == 0);
  CHECK(text.find("s3cret-key") == std::string::npos);
  auto loaded = read_plan_file(text, "plan.json", key);
  REQUIRE(loaded.ok());
  CHECK(loaded->signed_plan);
  // A signed plan read where no key is configured is accepted.
  CHECK(read_plan_file(text, "plan.json", std::nullopt).ok());
}

TEST_CASE("plan file: each refusal has its own message") {
  Plan plan = sample_plan();
  std::string text = write_plan_file(plan, std::nullopt);
  json doc = json::parse(text);

  CHECK(refusal("{not json").rfind("plan.json: plan file: not valid JSON (", 0) == 0);
  CHECK(refusal("[1]") == "plan.json: plan file: not a JSON object, so not an alignctl plan");
  json other = doc;
  other["format"] = "terraform";
  CHECK(refusal(other.dump()) ==
        "plan.json: plan file: not an alignctl plan (format is \"terraform\", expected "
        "\"alignctl-plan\")");
  json v2 = doc;
  v2["format_version"] = 2;
  CHECK(refusal(v2.dump()) ==
        "plan.json: plan file: unknown format version 2 (this alignctl reads version 1)");
  json no_sum = doc;
  no_sum.erase("checksum");
  CHECK(refusal(no_sum.dump()) ==
        "plan.json: plan file: no checksum — not written by alignctl, or cut short");
  json altered = doc;
  altered["actions"][1]["request"]["body"][0]["value"] = 0;
  CHECK(refusal(altered.dump()) == "plan.json: plan file: checksum mismatch — the file was "
                                   "altered after it was written");
  CHECK(refusal(text, Secret("k")) ==
        "plan.json: plan file: not signed, but a signing key is configured");
  std::string signed_text = write_plan_file(plan, Secret("k1"));
  CHECK(refusal(signed_text, Secret("k2")) ==
        "plan.json: plan file: bad signature — signed with another key, or altered");
  // Reformatting keeps the content: still accepted.
  CHECK(read_plan_file(json::parse(text).dump(), "plan.json", std::nullopt).ok());
}

TEST_CASE("plan file: a malformed action is refused naming the field") {
  // A consistent checksum around a bad op: only structure checks can catch it.
  Plan plan = sample_plan();
  json doc = json::parse(write_plan_file(plan, std::nullopt));
  doc["actions"][0]["op"] = "explode";
  doc.erase("checksum");
  doc["checksum"] = "sha256:" + sha256_hex(doc.dump());
  CHECK(refusal(doc.dump()) == "plan.json: plan file: field 'actions[0].op': unknown action "
                               "'explode'");
}
