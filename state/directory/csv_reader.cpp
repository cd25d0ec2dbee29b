#include "state/directory/csv_reader.hpp"

#include "state/directory/directory_entry.hpp"
#include "state/directory/export_text_check.hpp"

#include <fmt/core.h>
#include <set>

namespace alignctl {

Result<CsvTable> parse_csv(std::string_view text, const std::string& file) {
  if (auto bad = check_export_text(text, file, "Export-Csv -Encoding UTF8")) {
    return *bad;
  }
  CsvTable table;
  std::size_t i = 0;
  int line = 1;
  int col = 1;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    i = 3;
  }
  auto err = [&](int l, int c, const std::string& msg) {
    return make_error(ErrorKind::Input, fmt::format("{}:{}:{}: {}", file, l, c, msg));
  };
  if (text.substr(i, 5) == "#TYPE") {
    while (i < text.size() && text[i] != '\n') {
      ++i;
    }
    if (i < text.size()) {
      ++i;
    }
    ++line;
  }
  bool have_header = false;
  while (i < text.size()) {
    // skip blank lines between records
    if (text[i] == '\n' || (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      i += text[i] == '\r' ? 2 : 1;
      ++line;
      col = 1;
      continue;
    }
    CsvRow row;
    row.line = line;
    while (true) {
      std::string field;
      if (i < text.size() && text[i] == '"') {
        const int open_line = line;
        const int open_col = col;
        ++i;
        ++col;
        bool closed = false;
        while (i < text.size()) {
          char c = text[i];
          if (c == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field += '"';
              i += 2;
              col += 2;
              continue;
            }
            ++i;
            ++col;
            closed = true;
            break;
          }
          if (c == '\n') {
            ++line;
            col = 1;
          } else {
            ++col;
          }
          field += c;
          ++i;
        }
        if (!closed) {
          return err(open_line, open_col, "unterminated quoted field (no closing '\"')");
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          return err(line, col, fmt::format("unexpected '{}' after a closing quote", text[i]));
        }
        // a quoted field's CRLF line breaks are kept as LF
        std::string cleaned;
        for (std::size_t k = 0; k < field.size(); ++k) {
          if (!(field[k] == '\r' && k + 1 < field.size() && field[k + 1] == '\n')) {
            cleaned += field[k];
          }
        }
        field = std::move(cleaned);
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') {
            return err(line, col, "'\"' inside an unquoted field");
          }
          field += text[i];
          ++i;
          ++col;
        }
      }
      row.fields.push_back(std::move(field));
      if (i < text.size() && text[i] == ',') {
        ++i;
        ++col;
        continue;
      }
      break;
    }
    // end of record
    if (i < text.size() && text[i] == '\r') {
      ++i;
    }
    if (i < text.size() && text[i] == '\n') {
      ++i;
    }
    ++line;
    col = 1;
    if (!have_header) {
      std::set<std::string> seen;
      for (std::size_t k = 0; k < row.fields.size(); ++k) {
        std::string name = trim(row.fields[k]);
        if (name.empty()) {
          return make_error(
              ErrorKind::Input,
              fmt::format("{}:{}: column {} of the header has no name", file, row.line, k + 1));
        }
        if (!seen.insert(fold_case(name)).second) {
          return make_error(
              ErrorKind::Input,
              fmt::format("{}:{}: column '{}' appears twice in the header", file, row.line, name));
        }
        table.header.push_back(name);
      }
      have_header = true;
      continue;
    }
    if (row.fields.size() != table.header.size()) {
      return make_error(ErrorKind::Input,
                        fmt::format("{}:{}: row has {} fields, the header has {}", file, row.line,
                                    row.fields.size(), table.header.size()));
    }
    table.rows.push_back(std::move(row));
  }
  if (!have_header) {
    return make_error(ErrorKind::Input, fmt::format("{}: no header row", file));
  }
  return table;
}

} // namespace alignctl
