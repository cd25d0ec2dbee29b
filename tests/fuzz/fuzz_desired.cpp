// libFuzzer target: the desired-state reader (users.yaml) on arbitrary bytes.
// The first byte picks the match key. Properties: never crashes; a file read
// without problems, written by the canonical writer and read again, gives the
// same users (the writer and the reader agree on every value they accept);
// whenever the canonical fast path takes a text — the input, and always the
// writer's output — yaml-cpp's parser gives the very same events.
#include "state/model/desired_state_reader.hpp"
#include "state/model/desired_state_writer.hpp"
#include "state/model/yaml_event_log.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

// The fast path, when it takes `text`, must emit exactly yaml-cpp's events;
// `must_take`: it must take it (the writer's output).
void check_fast_path(std::string_view text, bool must_take) {
  const auto fast = alignctl::canonical_event_log(text);
  if (!fast) {
    if (must_take) {
      std::fprintf(stderr, "the fast path declined the writer's output:\n%.*s\n",
                   static_cast<int>(text.size()), text.data());
      std::abort();
    }
    return;
  }
  const auto slow = alignctl::yaml_cpp_event_log(text);
  if (!slow || *slow != *fast) {
    std::fprintf(stderr, "fast path and yaml-cpp differ on:\n%.*s\nfast:\n%s\nyaml-cpp:\n%s\n",
                 static_cast<int>(text.size()), text.data(), fast->c_str(),
                 slow ? slow->c_str() : "(throws)");
    std::abort();
  }
}

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
  const alignctl::MatchKey key =
      (data[0] & 1) ? alignctl::MatchKey::Email : alignctl::MatchKey::ExternalId;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  check_fast_path(text, false);
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
  check_fast_path(written, true);
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
