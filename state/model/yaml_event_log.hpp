// YAML parse events written out as text, one per line with its mark, to
// compare two producers of events: yaml-cpp's parser and the canonical fast
// path (canonical_yaml.hpp). Used by its tests and by fuzz_desired.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace alignctl {

// The events yaml-cpp's parser emits for every document of `text`;
// std::nullopt when it throws (not YAML).
std::optional<std::string> yaml_cpp_event_log(std::string_view text);
// The events emit_canonical_yaml emits; std::nullopt when it declines (or when
// `text` fails find_text_problem, as the reader would refuse it first).
std::optional<std::string> canonical_event_log(std::string_view text);

} // namespace alignctl
