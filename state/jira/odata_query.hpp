// Building request targets with OData query options ($skip, $filter, …).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace alignctl {

// Percent-encodes a query value (RFC 3986 unreserved characters and ',' kept).
std::string percent_encode(std::string_view value);

// A single-quoted OData string literal: ' doubled ("O'Brien" → 'O''Brien').
std::string odata_string_literal(std::string_view value);

// "path?k1=v1&k2=v2" with every value percent-encoded; `path` unchanged.
std::string make_target(std::string_view path,
                        const std::vector<std::pair<std::string, std::string>>& query);

// The same request written for people ("GET /Users?$filter=email eq 'a'"):
// values not encoded, so messages stay readable.
std::string make_label(std::string_view method, std::string_view path,
                       const std::vector<std::pair<std::string, std::string>>& query);

} // namespace alignctl
