// Checks on untrusted text before a parser sees it: NUL bytes and invalid
// UTF-8, located by line and column, and sizes in words people read.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace alignctl {

struct TextProblem {
  int line = 0;           // 1-based
  int column = 0;         // 1-based, in characters (code points) of the line
  std::size_t offset = 0; // byte offset of the offending byte
  unsigned char byte = 0; // the byte at `offset`
  std::string message;    // "NUL byte (0x00) …" or "not UTF-8: invalid byte 0xff …"
};

// The first NUL byte or byte that is not part of well-formed UTF-8 (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF) in `text`;
// std::nullopt when the text is clean. Messages:
//   "NUL byte (0x00); the file must be UTF-8 text"
//   "not UTF-8: invalid byte 0xff; the file must be UTF-8"
std::optional<TextProblem> find_text_problem(std::string_view text);

// Why a decoded value (a YAML scalar after its escapes are applied) is not
// clean text, as the end of a sentence about it: "contains a NUL character
// (\0)" or "is not UTF-8 once its escapes are decoded (byte 0x85; …)";
// std::nullopt when it is clean. yaml-cpp 0.7 decodes the escapes \N and \_
// to single Latin-1 bytes, the usual way such a value arises.
std::optional<std::string> decoded_value_problem(std::string_view value);

// The 1-based line and column (in characters) of byte `offset` in `text`.
struct TextPosition {
  int line = 1;
  int column = 1;
};
TextPosition position_of(std::string_view text, std::size_t offset);

// The number of code points in valid UTF-8 `s` (bytes that do not start a
// character are not counted).
std::size_t utf8_length(std::string_view s);

// "512 MiB", "16 MiB", "1.5 KiB", "300 bytes": for size-limit messages.
std::string format_size(std::size_t bytes);

// The first `max_chars` characters of `s` followed by "…" when longer, with
// line breaks shown as spaces: for quoting untrusted values in messages.
std::string quote_prefix(std::string_view s, std::size_t max_chars = 40);

// A value quoted in a message: at most 80 characters of it.
std::string shown(std::string_view value);

} // namespace alignctl
