// libFuzzer target: the plan-file loader on arbitrary bytes.
// A random document almost never carries a matching checksum, so when the
// first byte is odd and the rest parses as a JSON object, the target replaces
// its checksum with the right one first (as a hand-edited plan recomputed by
// an attacker would) to reach the decoder. Properties: never crashes; a loaded
// plan renders in every format; writing a loaded plan and loading it again
// gives back the same bytes when written once more.
#include "planner/digest.hpp"
#include "planner/plan_file.hpp"
#include "planner/render/render.hpp"
#include "state/util/json_depth.hpp"

#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

namespace {

std::string with_fixed_checksum(std::string_view text) {
  using nlohmann::json;
  if (alignctl::json_too_deep(text)) {
    return std::string(text);
  }
  json doc = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return std::string(text);
  }
  doc.erase("checksum");
  doc.erase("signature");
  const std::string canonical = doc.dump(-1, ' ', false, json::error_handler_t::replace);
  doc["checksum"] = "sha256:" + alignctl::sha256_hex(canonical);
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  std::string_view raw(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string text = (data[0] & 1) ? with_fixed_checksum(raw) : std::string(raw);
  auto loaded = alignctl::read_plan_file(text, "plan.json", std::nullopt);
  if (!loaded) {
    if (loaded.error().message.rfind("plan.json: plan file: ", 0) != 0) {
      std::abort();
    }
    return 0;
  }
  (void)alignctl::render_text(loaded->plan);
  (void)alignctl::render_markdown(loaded->plan);
  (void)alignctl::render_json(loaded->plan);
  const std::string once = alignctl::write_plan_file(loaded->plan, std::nullopt);
  auto again = alignctl::read_plan_file(once, "rewritten.json", std::nullopt);
  if (!again || alignctl::write_plan_file(again->plan, std::nullopt) != once) {
    std::abort();
  }
  return 0;
}
