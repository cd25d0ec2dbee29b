#include "state/util/diagnostic.hpp"

namespace alignctl {

std::string Diagnostic::to_string() const {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) {
      out += ":" + std::to_string(column);
    }
  }
  out += out.empty() ? "error: " : ": error: ";
  out += message;
  return out;
}

} // namespace alignctl
