#include "tests/support/desired_text.hpp"

namespace alignctl::test {

std::size_t count_desired_users(const std::string& text) {
  const std::string marker = "  - externalId: ";
  std::size_t n = 0;
  for (std::size_t p = text.find(marker); p != std::string::npos; p = text.find(marker, p + 1)) {
    ++n;
  }
  return n;
}

} // namespace alignctl::test
