#include "state/jira/odata_query.hpp"

#include <cctype>

namespace alignctl {

std::string percent_encode(std::string_view value) {
  static const char* k_hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == ',') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += k_hex[c >> 4];
      out += k_hex[c & 15];
    }
  }
  return out;
}

std::string odata_string_literal(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    out += c;
    if (c == '\'') {
      out += '\'';
    }
  }
  return out + "'";
}

std::string make_target(std::string_view path,
                        const std::vector<std::pair<std::string, std::string>>& query) {
  std::string out(path);
  char sep = '?';
  for (const auto& [key, value] : query) {
    out += sep;
    out += key;
    out += '=';
    out += percent_encode(value);
    sep = '&';
  }
  return out;
}

std::string make_label(std::string_view method, std::string_view path,
                       const std::vector<std::pair<std::string, std::string>>& query) {
  std::string out = std::string(method) + " " + std::string(path);
  char sep = '?';
  for (const auto& [key, value] : query) {
    out += sep;
    out += key + "=" + value;
    sep = '&';
  }
  return out;
}

} // namespace alignctl
