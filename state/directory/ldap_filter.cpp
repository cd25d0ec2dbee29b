#include "state/directory/ldap_filter.hpp"

#include <cctype>
#include <initializer_list>

namespace alignctl {

std::string escape_filter_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
    case '*':
      out += "\\2a";
      break;
    case '(':
      out += "\\28";
      break;
    case ')':
      out += "\\29";
      break;
    case '\\':
      out += "\\5c";
      break;
    case '\0':
      out += "\\00";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string filter_and(std::initializer_list<std::string_view> parts) {
  std::string joined;
  int count = 0;
  for (std::string_view p : parts) {
    if (!p.empty()) {
      joined += p;
      ++count;
    }
  }
  if (count <= 1) {
    return joined;
  }
  return "(&" + joined + ")";
}

std::string check_filter_syntax(std::string_view filter) {
  if (filter.empty()) {
    return "empty filter";
  }
  if (filter.front() != '(' || filter.back() != ')') {
    return "a filter must be enclosed in parentheses";
  }
  int depth = 0;
  for (std::size_t i = 0; i < filter.size(); ++i) {
    char c = filter[i];
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth < 0) {
        return "unbalanced ')' at offset " + std::to_string(i + 1);
      }
      if (depth == 0 && i + 1 != filter.size()) {
        return "text after the closing ')' at offset " + std::to_string(i + 2);
      }
    } else if (c == '\\') {
      if (i + 2 >= filter.size() || !std::isxdigit(static_cast<unsigned char>(filter[i + 1])) ||
          !std::isxdigit(static_cast<unsigned char>(filter[i + 2]))) {
        return "'\\' not followed by two hex digits at offset " + std::to_string(i + 1);
      }
      i += 2;
    }
  }
  if (depth != 0) {
    return "unbalanced '(': missing ')'";
  }
  return {};
}

} // namespace alignctl
