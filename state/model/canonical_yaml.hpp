// A fast path for reading desired-state files as alignctl's writer makes them.
//
// yaml-cpp's scanner spends most of the time of reading a 100,000-user file
// (about 1.7 s). Files written by `alignctl export` use a small subset of YAML:
// header comments, `version: 1`, `users:`, then one block mapping per user of
// `key: value` lines and a flow list `[a, b]` — every value either plain in
// exactly the form the writer would write it (yaml_plain_ok) or double-quoted
// with the writer's escapes. For such a file this scanner produces the very
// events yaml-cpp's parser would (same values, tags, styles and marks), so the
// reader, its checks and its messages are the same on either path. Anything
// outside the subset — a blank line, a comment after the header, CRLF, an
// anchor, a plain value the writer would quote — makes it decline before it
// emits anything, and the caller parses with yaml-cpp as before.
// tests/unit/core/canonical_yaml_test.cpp and fuzz_desired compare both paths'
// events.
#pragma once

#include <string_view>
#include <yaml-cpp/eventhandler.h>

namespace alignctl {

// Emits the events of `text`'s one document into `handler` and returns true;
// returns false, having emitted nothing, when `text` is outside the subset.
// `text` must have passed find_text_problem (text_scan.hpp) — the reader
// checks it first; yaml-cpp decodes bytes that are not UTF-8 its own way.
bool emit_canonical_yaml(std::string_view text, YAML::EventHandler& handler);

} // namespace alignctl
