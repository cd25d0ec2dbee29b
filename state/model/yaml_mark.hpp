// A Diagnostic at a yaml-cpp position (Mark: 0-based, -1 when unknown) —
// 1-based line and column, 0 for "unknown" (the whole file). The one
// conversion for every YAML reader in state/model.
#pragma once

#include "state/util/diagnostic.hpp"

#include <string>
#include <yaml-cpp/mark.h>

namespace alignctl {

inline Diagnostic diagnostic_at(const std::string& file, const YAML::Mark& mark,
                                std::string message) {
  Diagnostic d;
  d.file = file;
  d.line = mark.line >= 0 ? mark.line + 1 : 0;
  d.column = mark.column >= 0 && mark.line >= 0 ? mark.column + 1 : 0;
  d.message = std::move(message);
  return d;
}

} // namespace alignctl
