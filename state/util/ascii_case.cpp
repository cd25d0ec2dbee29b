#include "state/util/ascii_case.hpp"

namespace alignctl {

std::string fold_case(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = fold_char(c);
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (fold_char(a[i]) != fold_char(b[i])) {
      return false;
    }
  }
  return true;
}

} // namespace alignctl
