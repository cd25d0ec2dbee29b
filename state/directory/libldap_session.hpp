// The LdapSession over a connected and bound libldap handle: one paged search
// round trip per call, entries decoded straight from the BER of each message.
//
// Read-ahead: when a page ends with a paged-results cookie, the request for the
// next page goes out at once, before the page is handed back — the server
// reads and encodes page N+1 while alignctl maps page N. The next search()
// with the same request and that cookie takes the answer already on its way.
// Another search may run in between (its answers are kept apart by message
// id); the same search restarted or resumed from another cookie abandons the
// read-ahead first (RFC 4511 4.11), and so does the session's end.
#pragma once

#include "state/directory/ldap_session.hpp"

#include <ldap.h>
#include <memory>
#include <string>

namespace alignctl {

// Takes ownership of `ld` (unbound when the session is destroyed).
std::unique_ptr<LdapSession> make_libldap_session(LDAP* ld, std::string url,
                                                  double search_timeout_s);

} // namespace alignctl
