// Reading a desired-state file the way a test asserts on it: without the
// real reader, so that a test of the writer does not trust it.
#pragma once

#include <cstddef>
#include <string>

namespace alignctl::test {

// The number of user blocks ("  - externalId: " lines) in a desired-state text.
std::size_t count_desired_users(const std::string& text);

} // namespace alignctl::test
