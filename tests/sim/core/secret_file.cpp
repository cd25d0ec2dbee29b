#include "tests/sim/core/secret_file.hpp"

#include <fstream>
#include <iterator>

namespace alignctl::sim {

std::string read_secret_file(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + path;
    return {};
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  if (text.empty()) {
    error = path + " is empty";
  }
  return text;
}

} // namespace alignctl::sim
