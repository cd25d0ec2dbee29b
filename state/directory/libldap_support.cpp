#include "state/directory/libldap_support.hpp"

#include <cmath>
#include <fmt/core.h>

namespace alignctl {

namespace {

std::string diagnostic_of(LDAP* ld) {
  char* msg = nullptr;
  std::string out;
  if (ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &msg) == LDAP_OPT_SUCCESS &&
      msg != nullptr) {
    out = msg;
    ldap_memfree(msg);
  }
  return out;
}

} // namespace

std::string ldap_message(LDAP* ld, int rc) {
  std::string diag = ld ? diagnostic_of(ld) : "";
  std::string out = fmt::format("{} ({})", ldap_err2string(rc), rc);
  if (!diag.empty()) {
    out += ": " + diag;
  }
  return out;
}

ErrorKind kind_of(int rc) {
  switch (rc) {
  case LDAP_INVALID_CREDENTIALS:
  case LDAP_INAPPROPRIATE_AUTH:
  case LDAP_STRONG_AUTH_REQUIRED:
  case LDAP_CONFIDENTIALITY_REQUIRED:
    return ErrorKind::Auth;
  case LDAP_INSUFFICIENT_ACCESS:
    return ErrorKind::Forbidden;
  case LDAP_SERVER_DOWN:
  case LDAP_CONNECT_ERROR:
  case LDAP_TIMEOUT:
  case LDAP_TIMELIMIT_EXCEEDED:
    return ErrorKind::Transport;
  default:
    return ErrorKind::Protocol;
  }
}

timeval to_timeval(double seconds) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(seconds);
  tv.tv_usec = static_cast<suseconds_t>((seconds - std::floor(seconds)) * 1e6);
  return tv;
}

int to_ldap_scope(SearchScope s) {
  switch (s) {
  case SearchScope::Base:
    return LDAP_SCOPE_BASE;
  case SearchScope::OneLevel:
    return LDAP_SCOPE_ONELEVEL;
  case SearchScope::Subtree:
    break;
  }
  return LDAP_SCOPE_SUBTREE;
}

} // namespace alignctl
