#include "state/model/canonical_yaml.hpp"

#include "state/model/desired_state_writer.hpp"

#include <cctype>
#include <string>
#include <yaml-cpp/mark.h>

namespace alignctl {
namespace {

unsigned hex_value(char c) {
  return c <= '9' ? static_cast<unsigned>(c - '0') : static_cast<unsigned>((c | 0x20) - 'a' + 10);
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// A raw character the writer would have escaped inside quotes (C1 controls,
// U+2028, U+2029, U+FEFF): a hand-edited value, left to yaml-cpp.
bool writer_escapes_raw(std::string_view t, std::size_t i) {
  auto b = [&](std::size_t k) {
    return i + k < t.size() ? static_cast<unsigned char>(t[i + k]) : 0;
  };
  return (b(0) == 0xC2 && b(1) >= 0x80 && b(1) <= 0x9F) ||
         (b(0) == 0xE2 && b(1) == 0x80 && (b(2) == 0xA8 || b(2) == 0xA9)) ||
         (b(0) == 0xEF && b(1) == 0xBB && b(2) == 0xBF);
}

// One pass over the text; with a null handler it only checks the subset.
class Scanner {
public:
  Scanner(std::string_view text, YAML::EventHandler* out) : m_text(text), m_out(out) {}

  bool document() {
    while (at('#')) { // header comments
      const std::size_t nl = m_text.find('\n', m_pos);
      if (nl == std::string_view::npos) {
        return false;
      }
      m_pos = nl;
      newline();
    }
    const YAML::Mark start = mark();
    if (!literal("version: 1\n")) {
      return false;
    }
    if (m_out) {
      m_out->OnDocumentStart(start);
      m_out->OnMapStart(start, "?", YAML::NullAnchor, YAML::EmitterStyle::Block);
      m_out->OnScalar(start, "?", YAML::NullAnchor, "version");
      YAML::Mark one = start;
      one.pos += 9;
      one.column += 9;
      m_out->OnScalar(one, "?", YAML::NullAnchor, "1");
    }
    const YAML::Mark users = mark();
    if (!literal("users:")) {
      return false;
    }
    scalar_event(users, false, "users");
    if (at(' ')) {
      if (!literal(" ")) {
        return false;
      }
      const YAML::Mark open = mark();
      if (!literal("[]\n")) {
        return false;
      }
      if (m_out) {
        m_out->OnSequenceStart(open, "?", YAML::NullAnchor, YAML::EmitterStyle::Flow);
        m_out->OnSequenceEnd();
      }
    } else {
      if (!literal("\n") || !literal("  ") || !at('-')) {
        return false;
      }
      if (m_out) {
        m_out->OnSequenceStart(mark(), "?", YAML::NullAnchor, YAML::EmitterStyle::Block);
      }
      do {
        if (!user()) {
          return false;
        }
      } while (literal("  "));
      if (m_out) {
        m_out->OnSequenceEnd();
      }
    }
    if (m_pos != m_text.size()) {
      return false;
    }
    if (m_out) {
      m_out->OnMapEnd();
      m_out->OnDocumentEnd();
    }
    return true;
  }

private:
  // "- key: value\n" then "    key: value\n" lines; the "  " before "-" is read.
  bool user() {
    if (!literal("- ")) {
      return false;
    }
    if (m_out) {
      m_out->OnMapStart(mark(), "?", YAML::NullAnchor, YAML::EmitterStyle::Block);
    }
    do {
      if (!field()) {
        return false;
      }
    } while (literal("    "));
    if (m_out) {
      m_out->OnMapEnd();
    }
    return true;
  }

  bool field() {
    const YAML::Mark key_mark = mark();
    const std::size_t colon = m_text.find(": ", m_pos);
    const std::size_t nl = m_text.find('\n', m_pos);
    if (colon == std::string_view::npos || nl == std::string_view::npos || colon > nl) {
      return false;
    }
    const std::string_view key = m_text.substr(m_pos, colon - m_pos);
    if (key.empty() || !yaml_plain_ok(key)) {
      return false;
    }
    for (char c : key) {
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        return false;
      }
    }
    advance(key.size() + 2);
    scalar_event(key_mark, false, std::string(key));
    if (at('[')) {
      if (!flow_list()) {
        return false;
      }
    } else if (!value(false)) {
      return false;
    }
    return literal("\n");
  }

  bool flow_list() {
    if (m_out) {
      m_out->OnSequenceStart(mark(), "?", YAML::NullAnchor, YAML::EmitterStyle::Flow);
    }
    advance(1);
    if (!at(']')) {
      do {
        if (!value(true)) {
          return false;
        }
      } while (literal(", "));
    }
    if (!literal("]")) {
      return false;
    }
    if (m_out) {
      m_out->OnSequenceEnd();
    }
    return true;
  }

  // A plain or double-quoted scalar, up to the end of the line (block) or to
  // ", " / "]" (flow); the terminator is left for the caller.
  bool value(bool in_flow) {
    const YAML::Mark start = mark();
    if (at('"')) {
      return quoted(start);
    }
    std::size_t end = m_pos;
    while (end < m_text.size() && m_text[end] != '\n' &&
           !(in_flow && (m_text[end] == ',' || m_text[end] == ']'))) {
      ++end;
    }
    const std::string_view v = m_text.substr(m_pos, end - m_pos);
    if (!yaml_plain_ok(v, in_flow)) {
      return false;
    }
    advance(v.size());
    scalar_event(start, false, std::string(v));
    return true;
  }

  // The writer's escapes only: \" \\ \n \t \r \0 \xXX \uXXXX (no surrogates);
  // yaml-cpp decodes \x and \u to the code point's UTF-8.
  bool quoted(const YAML::Mark& start) {
    std::size_t i = m_pos + 1;
    std::string v;
    while (true) {
      if (i >= m_text.size()) {
        return false;
      }
      const char c = m_text[i];
      if (c == '"') {
        break;
      }
      // Raw control characters (tab and newline too) are escaped by the writer.
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F || writer_escapes_raw(m_text, i)) {
        return false;
      }
      if (c != '\\') {
        v += c;
        ++i;
        continue;
      }
      if (i + 1 >= m_text.size()) {
        return false;
      }
      const char e = m_text[i + 1];
      i += 2;
      switch (e) {
      case '"':
        v += '"';
        break;
      case '\\':
        v += '\\';
        break;
      case 'n':
        v += '\n';
        break;
      case 't':
        v += '\t';
        break;
      case 'r':
        v += '\r';
        break;
      case '0':
        v += '\0';
        break;
      case 'x':
      case 'u': {
        const std::size_t digits = e == 'x' ? 2 : 4;
        if (i + digits > m_text.size()) {
          return false;
        }
        unsigned cp = 0;
        for (std::size_t k = 0; k < digits; ++k) {
          if (!std::isxdigit(static_cast<unsigned char>(m_text[i + k]))) {
            return false;
          }
          cp = cp * 16 + hex_value(m_text[i + k]);
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
          return false;
        }
        append_utf8(v, cp);
        i += digits;
        break;
      }
      default:
        return false;
      }
    }
    advance(i + 1 - m_pos);
    scalar_event(start, true, std::move(v));
    return true;
  }

  void scalar_event(const YAML::Mark& at, bool quoted, std::string value) {
    if (m_out) {
      m_out->OnScalar(at, quoted ? "!" : "?", YAML::NullAnchor, value);
    }
  }

  bool at(char c) const { return m_pos < m_text.size() && m_text[m_pos] == c; }

  // `s` at the current position; consumed when it is there. A '\n' in `s`
  // may only be its last character.
  bool literal(std::string_view s) {
    if (m_text.substr(m_pos, s.size()) != s) {
      return false;
    }
    if (!s.empty() && s.back() == '\n') {
      advance(s.size() - 1);
      newline();
    } else {
      advance(s.size());
    }
    return true;
  }

  // Within one line: yaml-cpp's marks count bytes.
  void advance(std::size_t n) {
    m_pos += n;
    m_column += static_cast<int>(n);
  }
  void newline() {
    ++m_pos;
    ++m_line;
    m_column = 0;
  }

  YAML::Mark mark() const {
    YAML::Mark m;
    m.pos = static_cast<int>(m_pos);
    m.line = m_line;
    m.column = m_column;
    return m;
  }

  std::string_view m_text;
  YAML::EventHandler* m_out;
  std::size_t m_pos = 0;
  int m_line = 0;
  int m_column = 0;
};

} // namespace

bool emit_canonical_yaml(std::string_view text, YAML::EventHandler& handler) {
  // Marks hold ints; larger files (beyond the reader's size limit anyway) take yaml-cpp.
  if (text.size() > static_cast<std::size_t>(1) << 30) {
    return false;
  }
  // yaml-cpp also breaks lines at a lone CR (a comment would end there): left to it.
  if (text.find('\r') != std::string_view::npos) {
    return false;
  }
  if (!Scanner(text, nullptr).document()) {
    return false;
  }
  return Scanner(text, &handler).document();
}

} // namespace alignctl
