// Small helpers every libldap call site shares: a message for a result code
// (ldap_err2string plus the server's diagnostic), the ErrorKind a result code
// means, and conversions to libldap's types.
#pragma once

#include "state/directory/ldap_session.hpp"
#include "state/util/result.hpp"

#include <ldap.h>
#include <string>

namespace alignctl {

// "<ldap_err2string(rc)> (<rc>)", then ": <diagnostic>" when the connection has one.
std::string ldap_message(LDAP* ld, int rc);
// Auth for refused credentials, Forbidden for access, Transport for lost or
// slow connections, Protocol for the rest.
ErrorKind kind_of(int rc);
timeval to_timeval(double seconds);
int to_ldap_scope(SearchScope scope);

} // namespace alignctl
