#include "state/directory/export_text_check.hpp"

#include "state/util/input_limits.hpp"
#include "state/util/text_scan.hpp"

#include <fmt/core.h>

namespace alignctl {

std::optional<Error> check_export_text(std::string_view text, const std::string& file,
                                       const std::string& utf8_hint) {
  if (text.size() > k_max_directory_file_bytes) {
    return make_error(ErrorKind::Input,
                      fmt::format("{}: the file is {}, over the limit of {} for a directory export",
                                  file, format_size(text.size()),
                                  format_size(k_max_directory_file_bytes)));
  }
  if (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF") {
    return make_error(ErrorKind::Input,
                      fmt::format("{}:1:1: the file is UTF-16 (it starts with a UTF-16 byte-order "
                                  "mark); export it as UTF-8 ({})",
                                  file, utf8_hint));
  }
  if (std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    const TextPosition at = position_of(text, nul);
    return make_error(ErrorKind::Input,
                      fmt::format("{}:{}:{}: NUL byte (0x00): not a UTF-8 text file (UTF-16 "
                                  "without a byte-order mark?); export it as UTF-8 ({})",
                                  file, at.line, at.column, utf8_hint));
  }
  if (auto bad = find_text_problem(text)) {
    // A file in another encoding (Windows-1252, Latin-1): every non-ASCII
    // character in it is wrong, not only this one.
    return make_error(ErrorKind::Input,
                      fmt::format("{}:{}:{}: not UTF-8 (byte 0x{:02x}); export it as UTF-8 ({})",
                                  file, bad->line, bad->column, bad->byte, utf8_hint));
  }
  return std::nullopt;
}

} // namespace alignctl
