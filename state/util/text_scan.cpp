#include "state/util/text_scan.hpp"

#include <fmt/core.h>

namespace alignctl {

namespace {

// The length of the well-formed UTF-8 sequence at s[i], or 0 when it is not
// one (Unicode Table 3-7).
std::size_t sequence_length(std::string_view s, std::size_t i) {
  auto at = [&](std::size_t k) -> unsigned {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0x100;
  };
  const unsigned c = at(0);
  auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
    return at(k) >= lo && at(k) <= hi;
  };
  if (c < 0x80) {
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF) {
    return cont(1) ? 2 : 0;
  }
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned lo = c == 0xE0 ? 0xA0 : 0x80;
    const unsigned hi = c == 0xED ? 0x9F : 0xBF;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned lo = c == 0xF0 ? 0x90 : 0x80;
    const unsigned hi = c == 0xF4 ? 0x8F : 0xBF;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

} // namespace

std::optional<TextProblem> find_text_problem(std::string_view text) {
  int line = 1;
  int column = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = sequence_length(text, i);
    if (c == 0 || n == 0) {
      TextProblem p;
      p.line = line;
      p.column = column;
      p.offset = i;
      p.byte = c; // the byte that starts the bad sequence (a Latin-1 é shows as 0xe9)
      p.message =
          c == 0 ? std::string("NUL byte (0x00); the file must be UTF-8 text")
                 : fmt::format("not UTF-8: invalid byte 0x{:02x}; the file must be UTF-8", p.byte);
      return p;
    }
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += n;
  }
  return std::nullopt;
}

std::optional<std::string> decoded_value_problem(std::string_view value) {
  auto p = find_text_problem(value);
  if (!p) {
    return std::nullopt;
  }
  if (p->byte == 0) {
    return std::string("contains a NUL character (\\0)");
  }
  return fmt::format("is not UTF-8 once its escapes are decoded (byte 0x{:02x}; write \\u0085 "
                     "for \\N and \\u00a0 for \\_)",
                     p->byte);
}

TextPosition position_of(std::string_view text, std::size_t offset) {
  TextPosition p;
  const std::string_view before = text.substr(0, offset);
  const std::size_t newline = before.rfind('\n');
  for (char c : before) {
    p.line += c == '\n' ? 1 : 0;
  }
  const std::string_view line =
      newline == std::string_view::npos ? before : before.substr(newline + 1);
  p.column = static_cast<int>(utf8_length(line)) + 1;
  return p;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char ch : s) {
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) {
      ++n;
    }
  }
  return n;
}

std::string format_size(std::size_t bytes) {
  constexpr std::size_t k_kib = 1024;
  constexpr std::size_t k_mib = k_kib * 1024;
  constexpr std::size_t k_gib = k_mib * 1024;
  auto scaled = [&](std::size_t unit, const char* name) {
    if (bytes % unit == 0) {
      return fmt::format("{} {}", bytes / unit, name);
    }
    return fmt::format("{:.1f} {}", static_cast<double>(bytes) / static_cast<double>(unit), name);
  };
  if (bytes >= k_gib) {
    return scaled(k_gib, "GiB");
  }
  if (bytes >= k_mib) {
    return scaled(k_mib, "MiB");
  }
  if (bytes >= k_kib) {
    return scaled(k_kib, "KiB");
  }
  return fmt::format("{} bytes", bytes);
}

std::string quote_prefix(std::string_view s, std::size_t max_chars) {
  std::string out;
  std::size_t chars = 0;
  std::size_t i = 0;
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (chars == max_chars) {
        break;
      }
      ++chars;
    }
    out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : s[i];
  }
  if (i < s.size()) {
    out += "…";
  }
  return out;
}

std::string shown(std::string_view value) {
  return quote_prefix(value, 80);
}

} // namespace alignctl
