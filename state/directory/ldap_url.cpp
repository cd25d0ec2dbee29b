#include "state/directory/ldap_url.hpp"

#include "state/directory/directory_entry.hpp"

#include <fmt/core.h>

namespace alignctl {
namespace {

bool host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_';
}

// What is wrong with `url`, or "" when it is a good directory URL.
std::string directory_url_problem(std::string_view url) {
  const std::size_t p = url.find("://");
  if (p == std::string_view::npos) {
    return "no scheme";
  }
  const std::string scheme = fold_case(url.substr(0, p));
  if (scheme != "ldap" && scheme != "ldaps") {
    return fmt::format("scheme '{}' (only ldap and ldaps)", scheme);
  }
  std::string_view rest = url.substr(p + 3);
  if (!rest.empty() && rest.back() == '/') {
    rest.remove_suffix(1);
  }
  std::string_view host = rest;
  std::string_view port;
  bool port_given = false;
  if (!rest.empty() && rest.front() == '[') {
    const std::size_t close = rest.find(']');
    if (close == std::string_view::npos) {
      return "an IPv6 address without its closing ']'";
    }
    host = rest.substr(1, close - 1);
    std::string_view after = rest.substr(close + 1);
    if (!after.empty() && after.front() != ':') {
      return fmt::format("'{}' after the host", after);
    }
    port_given = !after.empty();
    port = port_given ? after.substr(1) : after;
    if (host.empty() || host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string::npos) {
      return fmt::format("'{}' is not an IPv6 address", host);
    }
  } else {
    const std::size_t colon = rest.find(':');
    if (colon != std::string_view::npos) {
      port_given = true;
      host = rest.substr(0, colon);
      port = rest.substr(colon + 1);
    }
    if (host.empty()) {
      return "no host";
    }
    for (char c : host) {
      if (!host_char(c)) {
        return fmt::format("'{}' in the host name",
                           c == '/' ? std::string("/…") : std::string(1, c));
      }
    }
  }
  if (port_given && port.empty()) {
    return "an empty port";
  }
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoi(std::string(port)) < 1 || std::stoi(std::string(port)) > 65535) {
      return fmt::format("port '{}' (expected a number 1–65535)", port);
    }
  }
  return "";
}

} // namespace

Result<void> check_directory_url(std::string_view url) {
  const std::string problem = directory_url_problem(url);
  if (problem.empty()) {
    return {};
  }
  return make_error(ErrorKind::Input,
                    fmt::format("bad directory URL '{}': {}; expected ldap://HOST[:PORT] or "
                                "ldaps://HOST[:PORT], e.g. ldaps://dc1.corp.example.com or "
                                "ldap://10.0.0.5:389",
                                url, problem));
}

std::string LdapUrl::server() const {
  std::string s = scheme + "://" + host;
  if (port != 0) {
    s += ":" + std::to_string(port);
  }
  return s;
}

Result<LdapUrl> parse_ldap_url(std::string_view url) {
  LdapUrl out;
  std::size_t p = url.find("://");
  if (p == std::string_view::npos) {
    return make_error(ErrorKind::Protocol, fmt::format("'{}' is not an LDAP URL", url));
  }
  out.scheme = fold_case(url.substr(0, p));
  if (out.scheme != "ldap" && out.scheme != "ldaps") {
    return make_error(ErrorKind::Protocol,
                      fmt::format("unsupported scheme '{}' in LDAP URL '{}'", out.scheme, url));
  }
  std::string_view rest = url.substr(p + 3);
  std::size_t slash = rest.find('/');
  std::string_view hostport = rest.substr(0, slash);
  std::size_t colon = hostport.rfind(':');
  if (colon != std::string_view::npos && hostport.find(']') == std::string_view::npos) {
    out.host = std::string(hostport.substr(0, colon));
    try {
      out.port = std::stoi(std::string(hostport.substr(colon + 1)));
    } catch (const std::exception&) {
      return make_error(ErrorKind::Protocol, fmt::format("bad port in LDAP URL '{}'", url));
    }
  } else {
    out.host = std::string(hostport);
  }
  if (slash != std::string_view::npos) {
    std::string_view dn = rest.substr(slash + 1);
    dn = dn.substr(0, dn.find('?'));
    for (std::size_t i = 0; i < dn.size(); ++i) {
      if (dn[i] == '%' && i + 2 < dn.size() && hex_digit_value(dn[i + 1]) >= 0 &&
          hex_digit_value(dn[i + 2]) >= 0) {
        out.dn += static_cast<char>(hex_digit_value(dn[i + 1]) * 16 + hex_digit_value(dn[i + 2]));
        i += 2;
      } else {
        out.dn += dn[i];
      }
    }
  }
  return out;
}

} // namespace alignctl
