// Time in the API's format.
#pragma once

#include <string>

namespace alignctl::sim {

// The current UTC time as "2026-01-02T03:04:05Z".
std::string iso_now();

} // namespace alignctl::sim
