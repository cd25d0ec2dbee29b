// libFuzzer target: the policy loader (alignctl.yaml) on arbitrary bytes.
// Property: never crashes; every diagnostic names the file; a load that
// reports no problem has the sections a policy must have.
#include "planner/policy_loader.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  alignctl::PolicyLoad load = alignctl::load_policy(text, "alignctl.yaml");
  for (const alignctl::Diagnostic& d : load.diagnostics) {
    if (d.file != "alignctl.yaml" || d.message.empty() || d.line < 0 || d.column < 0) {
      std::abort();
    }
    (void)d.to_string();
  }
  // The key a loaded policy holds is one that files can name.
  if (load.ok() && alignctl::match_key_from_name(alignctl::match_key_name(load.policy.match_key)) !=
                       load.policy.match_key) {
    std::abort();
  }
  return 0;
}
