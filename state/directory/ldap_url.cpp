#include "state/directory/ldap_url.hpp"

#include "state/directory/directory_entry.hpp"

#include <fmt/core.h>

namespace alignctl {
namespace {

int hex(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

} // namespace

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
  out.scheme = ascii_lower(url.substr(0, p));
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
      if (dn[i] == '%' && i + 2 < dn.size() && hex(dn[i + 1]) >= 0 && hex(dn[i + 2]) >= 0) {
        out.dn += static_cast<char>(hex(dn[i + 1]) * 16 + hex(dn[i + 2]));
        i += 2;
      } else {
        out.dn += dn[i];
      }
    }
  }
  return out;
}

} // namespace alignctl
