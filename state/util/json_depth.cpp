#include "state/util/json_depth.hpp"

namespace alignctl {

std::optional<std::size_t> json_too_deep(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i; // the escaped character cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
    case '"':
      in_string = true;
      break;
    case '[':
    case '{':
      if (++depth > max_depth) {
        return i;
      }
      break;
    case ']':
    case '}':
      if (depth > 0) {
        --depth;
      }
      break;
    default:
      break;
    }
  }
  return std::nullopt;
}

} // namespace alignctl
