// A bound on JSON nesting, checked before parsing: nlohmann::json parses
// iteratively but copies, compares and dumps values recursively, so a hostile
// "[[[[…" of a few megabytes would overflow the stack after a successful parse.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace alignctl {

// Deep enough for every document alignctl reads (plans nest about 5 levels,
// API answers 3), far below what overflows a thread's stack.
inline constexpr std::size_t k_max_json_depth = 64;

// The byte offset of the first '[' or '{' (outside strings) that opens a
// level deeper than `max_depth`; std::nullopt when the text stays within it.
// Works on any bytes: for valid JSON the answer is exact, for invalid JSON
// the parser reports its own error anyway.
std::optional<std::size_t> json_too_deep(std::string_view text,
                                         std::size_t max_depth = k_max_json_depth);

} // namespace alignctl
