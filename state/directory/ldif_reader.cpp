#include "state/directory/ldif_reader.hpp"

#include "state/directory/export_text_check.hpp"

#include <fmt/core.h>

namespace alignctl {
namespace {

int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  if (c == '+') {
    return 62;
  }
  if (c == '/') {
    return 63;
  }
  return -1;
}

struct LogicalLine {
  int line = 0;
  std::string text;
};

} // namespace

Result<std::string> decode_base64(std::string_view text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] != '='; ++i) {
    int v = b64_value(text[i]);
    if (v < 0) {
      return make_error(ErrorKind::Input,
                        fmt::format("invalid base64 character '{}' at offset {}", text[i], i + 1));
    }
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  for (; i < text.size(); ++i) {
    if (text[i] != '=') {
      return make_error(ErrorKind::Input,
                        fmt::format("base64 text after padding at offset {}", i + 1));
    }
  }
  if (bits >= 6) {
    return make_error(ErrorKind::Input, "truncated base64 value");
  }
  return out;
}

Result<std::vector<DirectoryEntry>> parse_ldif(std::string_view text, const std::string& file) {
  if (auto bad = check_export_text(text, file, "ldapsearch, slapcat and ldifde write UTF-8")) {
    return *bad;
  }
  // 1. Physical lines → logical lines (continuations joined), grouped into records.
  std::vector<std::vector<LogicalLine>> records;
  std::vector<LogicalLine> current;
  bool in_comment = false;
  int line_no = 0;
  std::size_t pos = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    pos = 3;
  }
  while (pos <= text.size()) {
    if (pos == text.size()) {
      break;
    }
    std::size_t end = text.find('\n', pos);
    std::string_view raw =
        text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    ++line_no;
    if (!raw.empty() && raw.back() == '\r') {
      raw.remove_suffix(1);
    }
    if (raw.empty()) {
      if (!current.empty()) {
        records.push_back(std::move(current));
        current.clear();
      }
      in_comment = false;
      continue;
    }
    if (raw.front() == ' ') {
      if (in_comment) {
        continue;
      }
      if (current.empty()) {
        return make_error(ErrorKind::Input,
                          fmt::format("{}:{}: a continuation line (starting with a space) with no "
                                      "line to continue",
                                      file, line_no));
      }
      current.back().text.append(raw.substr(1));
      continue;
    }
    if (raw.front() == '#') {
      in_comment = true;
      continue;
    }
    in_comment = false;
    current.push_back(LogicalLine{line_no, std::string(raw)});
  }
  if (!current.empty()) {
    records.push_back(std::move(current));
  }

  // 2. Records → entries.
  std::vector<DirectoryEntry> entries;
  bool first_record = true;
  for (auto& rec : records) {
    std::size_t start = 0;
    if (first_record && rec.front().text.rfind("version:", 0) == 0) {
      std::string v = trim(std::string_view(rec.front().text).substr(8));
      if (v != "1") {
        return make_error(ErrorKind::Input,
                          fmt::format("{}:{}: unsupported LDIF version '{}' (expected 1)", file,
                                      rec.front().line, v));
      }
      start = 1;
    }
    first_record = false;
    if (start == rec.size()) {
      continue;
    }
    DirectoryEntry entry;
    for (std::size_t k = start; k < rec.size(); ++k) {
      const LogicalLine& l = rec[k];
      std::size_t colon = l.text.find(':');
      if (colon == std::string::npos || colon == 0) {
        return make_error(ErrorKind::Input,
                          fmt::format("{}:{}: expected 'attribute: value', found '{}'", file,
                                      l.line, l.text.substr(0, 60)));
      }
      std::string name = l.text.substr(0, colon);
      std::string value;
      std::string_view rest = std::string_view(l.text).substr(colon + 1);
      if (!rest.empty() && rest.front() == ':') {
        std::string b64 = trim(rest.substr(1));
        auto decoded = decode_base64(b64);
        if (!decoded) {
          return make_error(ErrorKind::Input,
                            fmt::format("{}:{}:{}: invalid base64 in the value of '{}': {}", file,
                                        l.line, colon + 3, name, decoded.error().message));
        }
        value = std::move(*decoded);
      } else if (!rest.empty() && rest.front() == '<') {
        return make_error(
            ErrorKind::Input,
            fmt::format("{}:{}: URL values ('{}:<') are not supported", file, l.line, name));
      } else {
        std::size_t b = rest.find_first_not_of(' ');
        value = b == std::string_view::npos ? std::string() : std::string(rest.substr(b));
      }
      if (k == start) {
        if (fold_case(name) != "dn") {
          return make_error(ErrorKind::Input,
                            fmt::format("{}:{}: an entry must start with 'dn:', found '{}:'", file,
                                        l.line, name));
        }
        entry.dn = std::move(value);
        entry.line = l.line;
        continue;
      }
      if (fold_case(name) == "changetype") {
        return make_error(ErrorKind::Input,
                          fmt::format("{}:{}: change records are not supported (expected an "
                                      "export of entries)",
                                      file, l.line));
      }
      entry.add(name, std::move(value));
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

} // namespace alignctl
