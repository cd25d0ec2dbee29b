// Checking and normalising the Jira Align API base URL.
#pragma once

#include "state/util/result.hpp"

#include <string>

namespace alignctl {

// Returns the URL without trailing slashes. Accepts https:// anywhere and
// http:// only to loopback (127.0.0.0/8, ::1, localhost) — a token must never
// cross a network in clear text. Anything else is an Input error saying why.
Result<std::string> normalize_base_url(const std::string& url);

// The host of "scheme://[user@]host[:port]/path" (an IPv6 address without
// its brackets); "" when there is none.
std::string url_host(const std::string& url);

// True when `host` (no port, IPv6 without brackets) is a loopback name or address.
bool is_loopback_host(const std::string& host);

} // namespace alignctl
