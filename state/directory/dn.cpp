#include "state/directory/dn.hpp"

#include "state/directory/directory_entry.hpp"

#include <algorithm>
#include <fmt/core.h>

namespace alignctl {
namespace {

bool is_space(char c) {
  return c == ' ';
}

Error dn_error(std::string_view dn, std::size_t offset, std::string_view what) {
  return make_error(ErrorKind::Input,
                    fmt::format("malformed DN '{}' at offset {}: {}", dn, offset + 1, what));
}

} // namespace

Result<std::vector<Rdn>> parse_dn(std::string_view dn) {
  std::vector<Rdn> rdns;
  std::size_t i = 0;
  const std::size_t n = dn.size();
  while (i < n && is_space(dn[i])) {
    ++i;
  }
  if (i == n) {
    return rdns;
  }
  Rdn current;
  while (true) {
    // attribute type
    while (i < n && is_space(dn[i])) {
      ++i;
    }
    std::size_t type_start = i;
    while (i < n && dn[i] != '=' && dn[i] != ',' && dn[i] != '+' && dn[i] != ';') {
      ++i;
    }
    if (i == n || dn[i] != '=') {
      return dn_error(dn, i == n ? n - 1 : i, "expected '=' after an attribute type");
    }
    std::string type = trim(dn.substr(type_start, i - type_start));
    if (type.empty()) {
      return dn_error(dn, i, "empty attribute type");
    }
    ++i; // '='
    while (i < n && is_space(dn[i])) {
      ++i;
    }
    std::string value;
    if (i < n && dn[i] == '#') {
      // hex-encoded BER value: keep the bytes as the hex decodes to (good enough
      // for comparison; such values are rare in AD group DNs)
      ++i;
      std::size_t start = i;
      while (i < n && hex_digit_value(dn[i]) >= 0) {
        ++i;
      }
      if ((i - start) % 2 != 0 || i == start) {
        return dn_error(dn, i, "a '#' value needs an even number of hex digits");
      }
      for (std::size_t k = start; k < i; k += 2) {
        value += static_cast<char>(hex_digit_value(dn[k]) * 16 + hex_digit_value(dn[k + 1]));
      }
    } else {
      std::size_t last_significant = 0; // length of value up to the last escaped/non-space char
      while (i < n && dn[i] != ',' && dn[i] != '+' && dn[i] != ';') {
        char c = dn[i];
        if (c == '\\') {
          if (i + 1 >= n) {
            return dn_error(dn, i, "'\\' at the end of the DN");
          }
          int h1 = hex_digit_value(dn[i + 1]);
          if (h1 >= 0) {
            int h2 = i + 2 < n ? hex_digit_value(dn[i + 2]) : -1;
            if (h2 < 0) {
              return dn_error(dn, i, "'\\' followed by one hex digit");
            }
            value += static_cast<char>(h1 * 16 + h2);
            i += 3;
          } else {
            value += dn[i + 1];
            i += 2;
          }
          last_significant = value.size();
          continue;
        }
        if (c == '"' || c == '<' || c == '>' || c == '=') {
          if (c != '=') {
            return dn_error(dn, i, fmt::format("unescaped '{}' in a value", c));
          }
        }
        value += c;
        if (!is_space(c)) {
          last_significant = value.size();
        }
        ++i;
      }
      value.resize(last_significant);
    }
    while (i < n && is_space(dn[i])) {
      ++i;
    }
    current.push_back(DnAttribute{std::move(type), std::move(value)});
    if (i == n) {
      rdns.push_back(std::move(current));
      break;
    }
    char sep = dn[i++];
    if (sep == '+') {
      continue;
    }
    if (sep == ',' || sep == ';') {
      rdns.push_back(std::move(current));
      current.clear();
      continue;
    }
    return dn_error(dn, i - 1, "unexpected character");
  }
  return rdns;
}

std::string escape_dn_value(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    bool special = c == ',' || c == '+' || c == '"' || c == '\\' || c == '<' || c == '>' ||
                   c == ';' || c == '=';
    if ((i == 0 && (c == '#' || c == ' ')) || (i + 1 == value.size() && c == ' ') || special) {
      out += '\\';
      out += c;
    } else if (c == '\0') {
      out += "\\00";
    } else {
      out += c;
    }
  }
  return out;
}

std::string normalize_dn(std::string_view dn) {
  auto parsed = parse_dn(dn);
  if (!parsed) {
    return fold_case(dn);
  }
  std::string out;
  for (const Rdn& rdn : *parsed) {
    std::vector<std::string> avas;
    for (const DnAttribute& a : rdn) {
      avas.push_back(fold_case(a.type) + "=" + escape_dn_value(fold_case(a.value)));
    }
    std::sort(avas.begin(), avas.end());
    if (!out.empty()) {
      out += ',';
    }
    for (std::size_t k = 0; k < avas.size(); ++k) {
      if (k) {
        out += '+';
      }
      out += avas[k];
    }
  }
  return out;
}

std::string dn_leaf_value(std::string_view dn) {
  auto parsed = parse_dn(dn);
  if (!parsed || parsed->empty() || parsed->front().empty()) {
    return {};
  }
  return parsed->front().front().value;
}

std::string dn_dns_domain(std::string_view dn) {
  auto parsed = parse_dn(dn);
  if (!parsed) {
    return {};
  }
  std::string out;
  for (const Rdn& rdn : *parsed) {
    if (rdn.size() == 1 && fold_case(rdn.front().type) == "dc") {
      if (!out.empty()) {
        out += '.';
      }
      out += fold_case(rdn.front().value);
    }
  }
  return out;
}

} // namespace alignctl
