#include "state/directory/ldap_connection.hpp"

#include "state/directory/certificate_check.hpp"
#include "state/directory/dn.hpp"
#include "state/directory/ldap_url.hpp"
#include "state/directory/libldap_session.hpp"
#include "state/directory/libldap_support.hpp"

#include <cstring>
#include <fmt/core.h>
#include <ldap.h>

namespace alignctl {
namespace {

// sasl_interact_t as Cyrus SASL defines it (its header is not installed
// everywhere; the layout is part of its stable ABI).
struct SaslInteract {
  unsigned long id;
  const char* challenge;
  const char* prompt;
  const char* defresult;
  const void* result;
  unsigned len;
};
constexpr unsigned long k_sasl_cb_list_end = 0;

int sasl_interact(LDAP*, unsigned, void*, void* in) {
  // GSSAPI needs no answers; for any prompt give the default (usually empty):
  // the Kerberos ticket comes from the environment (KRB5CCNAME).
  for (auto* i = static_cast<SaslInteract*>(in); i->id != k_sasl_cb_list_end; ++i) {
    const char* value = i->defresult ? i->defresult : "";
    i->result = value;
    i->len = static_cast<unsigned>(std::strlen(value));
  }
  return LDAP_SUCCESS;
}

// Why libldap refused the server's certificate, in words and with what to do.
std::string tls_refusal_text(const CertCheck& check, const std::string& host,
                             const std::string& ca_file) {
  const std::string cert = "TLS: the certificate of " + host;
  const std::string detail = " (" + check.detail + ")";
  const std::string store = ca_file.empty() ? "the system's CA store" : "the CA file " + ca_file;
  const std::string not_sent = "; no bind was attempted (the password was not sent)";
  switch (check.verdict) {
  case CertVerdict::Untrusted:
    return cert + " is not trusted" + detail + ": it is not signed by a CA in " + store +
           " — give --ca-file FILE (ca_file in the policy) with the CA that issued it" + not_sent;
  case CertVerdict::Expired:
    return cert + " has expired" + detail +
           " — the server's certificate must be renewed (or this machine's clock is wrong)" +
           not_sent;
  case CertVerdict::NotYetValid:
    return cert + " is not valid yet" + detail + " — check this machine's clock" + not_sent;
  case CertVerdict::HostMismatch:
    return cert + " does not match the host name '" + host + "'" + detail +
           " — connect with a name the certificate is issued for" + not_sent;
  case CertVerdict::Other:
    return cert + " was refused" + detail + not_sent;
  case CertVerdict::Unreadable:
    return "TLS: the server's certificate was refused and cannot be checked: " + check.detail +
           not_sent;
  case CertVerdict::Ok:
    break;
  }
  std::string text = "TLS: the handshake failed although the certificate of " + host +
                     " verifies against " + store;
  if (fold_case(host) == "localhost") {
    text += " (libldap checks this machine's own host name in place of 'localhost': connect to "
            "127.0.0.1 or the machine's name)";
  }
  return text + not_sent;
}

// After libldap refused a TLS handshake (built with GnuTLS, it says only
// "(unknown error code)"): connects once more without verifying — the
// handshake, StartTLS when configured and an unbind; no bind, so no password
// is sent — reads the server's certificate and judges it with OpenSSL.
// Empty when that cannot be told (unreachable, or not TLS at all).
std::string explain_tls_refusal(const std::string& url, const DirectoryConfig& config) {
  auto target = parse_ldap_url(url);
  if (!target || target->host.empty()) {
    return "";
  }
  LDAP* ld = nullptr;
  if (ldap_initialize(&ld, url.c_str()) != LDAP_SUCCESS || ld == nullptr) {
    return "";
  }
  int version = LDAP_VERSION3;
  int allow = LDAP_OPT_X_TLS_ALLOW;
  int new_ctx = 0;
  timeval net_timeout = to_timeval(config.connect_timeout_s);
  timeval op_timeout = to_timeval(config.search_timeout_s);
  std::string der;
  bool connected =
      ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version) == LDAP_OPT_SUCCESS &&
      ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &net_timeout) == LDAP_OPT_SUCCESS &&
      ldap_set_option(ld, LDAP_OPT_TIMEOUT, &op_timeout) == LDAP_OPT_SUCCESS &&
      ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &allow) == LDAP_OPT_SUCCESS &&
      ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &new_ctx) == LDAP_OPT_SUCCESS &&
      ldap_connect(ld) == LDAP_SUCCESS &&
      (!config.starttls || ldap_start_tls_s(ld, nullptr, nullptr) == LDAP_SUCCESS);
  berval cert{0, nullptr};
  if (connected && ldap_get_option(ld, LDAP_OPT_X_TLS_PEERCERT, &cert) == LDAP_OPT_SUCCESS &&
      cert.bv_val != nullptr) {
    der.assign(cert.bv_val, cert.bv_len);
    ber_memfree(cert.bv_val);
  }
  ldap_unbind_ext_s(ld, nullptr, nullptr);
  if (der.empty()) {
    return "";
  }
  return tls_refusal_text(check_server_certificate(der, config.ca_file, target->host), target->host,
                          config.ca_file);
}

} // namespace

Result<std::unique_ptr<LdapSession>>
connect_ldap(const std::string& url, const DirectoryConfig& config, const Secret& password) {
  LDAP* ld = nullptr;
  int rc = ldap_initialize(&ld, url.c_str());
  if (rc != LDAP_SUCCESS || ld == nullptr) {
    return make_error(ErrorKind::Config, fmt::format("initialising a connection to {}: {}", url,
                                                     ldap_message(nullptr, rc)));
  }
  auto fail = [&](ErrorKind kind, const std::string& what, int code) -> Error {
    Error e = make_error(kind, fmt::format("{} {}: {}", what, url, ldap_message(ld, code)));
    ldap_unbind_ext_s(ld, nullptr, nullptr);
    return e;
  };
  // A refused handshake: libldap's code, then why (its own diagnostic is
  // "(unknown error code)" with GnuTLS, so it is left out when we can tell).
  auto fail_tls = [&](const std::string& what, int code) -> Error {
    std::string why = config.tls_verify ? explain_tls_refusal(url, config) : "";
    if (why.empty()) {
      return fail(ErrorKind::Transport, what, code);
    }
    ldap_unbind_ext_s(ld, nullptr, nullptr);
    return make_error(ErrorKind::Transport, fmt::format("{} {}: {} ({}): {}", what, url,
                                                        ldap_err2string(code), code, why));
  };
  int version = LDAP_VERSION3;
  int tls_require = config.tls_verify ? LDAP_OPT_X_TLS_DEMAND : LDAP_OPT_X_TLS_NEVER;
  timeval net_timeout = to_timeval(config.connect_timeout_s);
  timeval op_timeout = to_timeval(config.search_timeout_s);
  struct Option {
    int option;
    const void* value;
    const char* name;
  };
  std::vector<Option> options = {
      {LDAP_OPT_PROTOCOL_VERSION, &version, "the protocol version"},
      {LDAP_OPT_REFERRALS, LDAP_OPT_OFF, "referral chasing off (alignctl follows them itself)"},
      {LDAP_OPT_NETWORK_TIMEOUT, &net_timeout, "the connect timeout"},
      {LDAP_OPT_TIMEOUT, &op_timeout, "the operation timeout"},
      {LDAP_OPT_X_TLS_REQUIRE_CERT, &tls_require, "the TLS certificate check"},
  };
  if (!config.ca_file.empty()) {
    options.push_back({LDAP_OPT_X_TLS_CACERTFILE, config.ca_file.c_str(), "the CA file"});
  }
  for (const Option& o : options) {
    rc = ldap_set_option(ld, o.option, o.value);
    if (rc != LDAP_OPT_SUCCESS) {
      return fail(ErrorKind::Config, fmt::format("setting {} for", o.name), rc);
    }
  }
  int new_ctx = 0;
  rc = ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &new_ctx);
  if (rc != LDAP_OPT_SUCCESS) {
    return fail(ErrorKind::Config,
                "creating the TLS context (CA file '" + config.ca_file + "') for", rc);
  }
  rc = ldap_connect(ld);
  if (rc != LDAP_SUCCESS) {
    if (fold_case(url).rfind("ldaps://", 0) == 0) {
      return fail_tls("connecting to", rc);
    }
    return fail(ErrorKind::Transport, "connecting to", rc);
  }
  if (config.starttls) {
    rc = ldap_start_tls_s(ld, nullptr, nullptr);
    if (rc != LDAP_SUCCESS) {
      return fail_tls("starting TLS (StartTLS) with", rc);
    }
  }
  switch (config.bind) {
  case BindMethod::Simple: {
    berval cred{static_cast<ber_len_t>(password.reveal().size()),
                const_cast<char*>(password.reveal().data())};
    rc = ldap_sasl_bind_s(ld, config.bind_dn.c_str(), LDAP_SASL_SIMPLE, &cred, nullptr, nullptr,
                          nullptr);
    if (rc != LDAP_SUCCESS) {
      return fail(kind_of(rc), fmt::format("binding as '{}' to", config.bind_dn), rc);
    }
    break;
  }
  case BindMethod::Gssapi:
    rc = ldap_sasl_interactive_bind_s(ld, nullptr, config.sasl_mech.c_str(), nullptr, nullptr,
                                      LDAP_SASL_QUIET, sasl_interact, nullptr);
    if (rc != LDAP_SUCCESS) {
      return fail(
          kind_of(rc),
          fmt::format("SASL {} bind (Kerberos ticket from KRB5CCNAME) to", config.sasl_mech), rc);
    }
    break;
  case BindMethod::Anonymous:
  case BindMethod::Unset:
    break;
  }
  return make_libldap_session(ld, url, config.search_timeout_s);
}

ReferralConnections::ReferralConnections(LdapSession& primary, const DirectoryConfig& config,
                                         Secret password)
    : m_primary(primary), m_config(config), m_password(std::move(password)) {}

Result<LdapSession*> ReferralConnections::open(const std::string& url) {
  auto target = parse_ldap_url(url);
  if (!target) {
    return target.error();
  }
  auto primary = parse_ldap_url(m_primary.url());
  const std::string host = fold_case(target->host);
  if (host.empty() || (primary && fold_case(primary->host) == host) ||
      host == dn_dns_domain(m_config.base_dn)) {
    return &m_primary;
  }
  const std::string server = target->server();
  auto it = m_sessions.find(server);
  if (it != m_sessions.end()) {
    return it->second.get();
  }
  auto session = connect_ldap(server, m_config, m_password);
  if (!session) {
    return session.error();
  }
  LdapSession* raw = session->get();
  m_sessions.emplace(server, std::move(*session));
  return raw;
}

} // namespace alignctl
