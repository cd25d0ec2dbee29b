// Diagnostic: one problem in user input, located at file:line:col.
// Loaders accumulate these so `validate` can report every problem at once.
#pragma once

#include <string>
#include <vector>

namespace alignctl {

struct Diagnostic {
  std::string file;
  int line = 0;   // 1-based; 0 when the position is unknown
  int column = 0; // 1-based; 0 when unknown
  std::string message;

  // "file:line:col: error: message" (position parts omitted when unknown).
  std::string to_string() const;
};

using Diagnostics = std::vector<Diagnostic>;

} // namespace alignctl
