// Golden files: compares a rendering with the file checked in under
// tests/<dir>/; ALIGNCTL_UPDATE_GOLDEN=1 rewrites the file instead.
#pragma once

#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace alignctl::test {

// `dir` relative to the source tree, e.g. "tests/unit/planner/golden".
inline void check_golden_in(const std::string& dir, const std::string& name,
                            const std::string& actual) {
  auto path = std::filesystem::path(source_dir()) / dir / name;
  if (std::getenv("ALIGNCTL_UPDATE_GOLDEN") != nullptr) {
    std::filesystem::create_directories(path.parent_path());
    write_file(path, actual);
  }
  REQUIRE(std::filesystem::exists(path));
  CHECK(read_file(path) == actual);
}

} // namespace alignctl::test
