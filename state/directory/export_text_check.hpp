// What the CSV and LDIF readers refuse before parsing: a file over
// k_max_directory_file_bytes, a UTF-16 file (PowerShell's default encoding in
// some versions: every other byte is NUL), NUL bytes anywhere, and bytes that
// are not UTF-8 (a file written in another encoding).
#pragma once

#include "state/util/result.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace alignctl {

// An Input error "file:line:col: …" (or "file: …" for the size) when `text`
// cannot be a directory export; std::nullopt when it may be one.
// `utf8_hint` says how to export as UTF-8, e.g. "Export-Csv -Encoding UTF8".
std::optional<Error> check_export_text(std::string_view text, const std::string& file,
                                       const std::string& utf8_hint);

} // namespace alignctl
