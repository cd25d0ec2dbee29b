// Reading LDIF content records (RFC 2849), as ldapsearch, slapcat and ldifde
// write them: "dn:" first, "attr: value", base64 "attr:: …", continued lines
// (a leading space), comments, an optional "version: 1", blank lines between
// entries.
#pragma once

#include "state/directory/directory_entry.hpp"
#include "state/util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace alignctl {

// Parses `text`; `file` names it in messages. Malformed input is an Input
// error "file:line: …" or "file:line:col: …" (an entry not starting with dn:,
// a line without ':', invalid base64, a continuation with nothing to
// continue, change records, URL values), and so is what export_text_check.hpp
// refuses (a file over the size limit, UTF-16, NUL bytes).
Result<std::vector<DirectoryEntry>> parse_ldif(std::string_view text, const std::string& file);

// Decodes standard base64 (RFC 4648, padding optional, no line breaks);
// std::nullopt-like empty Result on invalid input.
Result<std::string> decode_base64(std::string_view text);

} // namespace alignctl
