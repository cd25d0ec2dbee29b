// Reading CSV as PowerShell's Export-Csv writes it: optional UTF-8 BOM, an
// optional "#TYPE …" first line, a header row, fields quoted with '"' (doubled
// inside), embedded commas and line breaks, CRLF or LF line ends.
#pragma once

#include "state/util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace alignctl {

struct CsvRow {
  int line = 0; // where the row starts (1-based, counting the #TYPE line)
  std::vector<std::string> fields;
};

struct CsvTable {
  std::vector<std::string> header;
  std::vector<CsvRow> rows;
};

// Parses `text`; `file` names it in messages. Malformed input is an Input
// error "file:line:col: …" (unterminated quote, text after a closing quote,
// a row with a different number of fields than the header, an empty or
// duplicate column name, no header), and so is what export_text_check.hpp
// refuses (a file over the size limit, UTF-16, NUL bytes).
Result<CsvTable> parse_csv(std::string_view text, const std::string& file);

} // namespace alignctl
