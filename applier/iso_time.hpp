// ISO 8601 UTC timestamps (plan created_at, journal and audit times) and the
// human durations --max-plan-age accepts.
#pragma once

#include "state/util/result.hpp"

#include <chrono>
#include <string>

namespace alignctl {

// "2026-11-30T04:46:22Z", optionally with fractional seconds
// ("…22.123Z") or a "+00:00" offset. Anything else (other offsets included)
// is an Input error quoting the text.
Result<std::chrono::system_clock::time_point> parse_iso8601_utc(const std::string& text);

// "2026-11-30T04:46:22.123Z" (milliseconds, UTC).
std::string format_iso8601_utc(std::chrono::system_clock::time_point t);

// "90s", "15m", "24h", "7d", or a bare number of seconds; "0" means no limit.
// Anything else is an Input error quoting the text.
Result<std::chrono::seconds> parse_duration(const std::string& text);

// "36h", "2d 3h", "15m", "42s": the largest units, for messages.
std::string format_duration(std::chrono::seconds d);

} // namespace alignctl
