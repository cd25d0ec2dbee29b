// libFuzzer target: the desired-state reader (users.yaml) on arbitrary bytes.
// The first byte picks the match key. Properties: never crashes; a file read
// without problems, written by the canonical writer and read again, gives the
// same users (the writer and the reader agree on every value they accept).
#include "state/model/desired_state_reader.hpp"
#include "state/model/desired_state_writer.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

bool same_users(const alignctl::DesiredState& a, const alignctl::DesiredState& b) {
  if (a.users.size() != b.users.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.users.size(); ++i) {
    const auto& x = a.users[i];
    const auto& y = b.users[i];
    if (x.external_id != y.external_id || x.first_name != y.first_name ||
        x.last_name != y.last_name || x.email != y.email || x.title != y.title ||
        x.region != y.region || x.groups != y.groups) {
      return false;
    }
  }
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::string key = (data[0] & 1) ? "email" : "externalId";
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  alignctl::DesiredStateRead read = alignctl::read_desired_state(text, "users.yaml", key);
  for (const alignctl::Diagnostic& d : read.diagnostics) {
    if (d.file != "users.yaml" || d.message.empty()) {
      std::abort();
    }
  }
  if (!read.ok()) {
    return 0;
  }
  alignctl::DesiredState first = read.state;
  alignctl::canonicalize(first);
  const std::string written = alignctl::render_desired_state(read.state);
  alignctl::DesiredStateRead again = alignctl::read_desired_state(written, "rewritten.yaml", key);
  if (!again.ok() || !same_users(first, again.state)) {
    std::fprintf(stderr, "round trip failed; the writer wrote:\n%s\n", written.c_str());
    for (const auto& d : again.diagnostics) {
      std::fprintf(stderr, "%s\n", d.to_string().c_str());
    }
    std::abort();
  }
  return 0;
}
