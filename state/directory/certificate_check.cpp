#include "state/directory/certificate_check.hpp"

#include "state/util/x509_refusal.hpp"

#include <arpa/inet.h>
#include <ctime>
#include <memory>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace alignctl {
namespace {

struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
struct StoreFree {
  void operator()(X509_STORE* p) const { X509_STORE_free(p); }
};
struct StoreCtxFree {
  void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
};
struct NamesFree {
  void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
};

bool is_ip_address(const std::string& host) {
  unsigned char buf[sizeof(in6_addr)];
  return ::inet_pton(AF_INET, host.c_str(), buf) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

// "2026-01-02 03:04:05 UTC", or "?" when the time cannot be read.
std::string utc(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) {
    return "?";
  }
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

// The DNS names and IP addresses of the subjectAltName, else the subject CN.
std::string names_of(X509* cert) {
  std::string out;
  auto add = [&out](const std::string& n) { out += (out.empty() ? "" : ", ") + n; };
  std::unique_ptr<GENERAL_NAMES, NamesFree> names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names.get(), i);
    if (n->type == GEN_DNS) {
      const ASN1_STRING* s = n->d.dNSName;
      add(std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                      static_cast<std::size_t>(ASN1_STRING_length(s))));
    } else if (n->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* s = n->d.iPAddress;
      char text[INET6_ADDRSTRLEN] = "?";
      int len = ASN1_STRING_length(s);
      ::inet_ntop(len == 4 ? AF_INET : AF_INET6, ASN1_STRING_get0_data(s), text, sizeof text);
      add(text);
    }
  }
  if (out.empty()) {
    char cn[256] = "";
    if (X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn) > 0) {
      out = cn;
    }
  }
  return out.empty() ? "no name" : out;
}

std::string issuer_of(X509* cert) {
  char buf[512] = "";
  X509_NAME_oneline(X509_get_issuer_name(cert), buf, sizeof buf);
  return buf;
}

} // namespace

CertCheck check_server_certificate(std::string_view der, const std::string& ca_file,
                                   const std::string& host) {
  ERR_clear_error();
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<X509, X509Free> cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert) {
    ERR_clear_error();
    return {CertVerdict::Unreadable, "the server's certificate cannot be parsed"};
  }
  std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
  int loaded = !store            ? 0
               : ca_file.empty() ? X509_STORE_set_default_paths(store.get())
                                 : X509_STORE_load_file(store.get(), ca_file.c_str());
  std::unique_ptr<X509_STORE_CTX, StoreCtxFree> ctx(X509_STORE_CTX_new());
  if (loaded != 1 || !ctx ||
      X509_STORE_CTX_init(ctx.get(), store.get(), cert.get(), nullptr) != 1) {
    ERR_clear_error();
    return {CertVerdict::Unreadable, ca_file.empty()
                                         ? "the system's CA store cannot be loaded"
                                         : "the CA file " + ca_file + " cannot be loaded"};
  }
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
  if (is_ip_address(host)) {
    X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
  } else {
    X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
  }
  int ok = X509_verify_cert(ctx.get());
  int err = X509_STORE_CTX_get_error(ctx.get());
  ERR_clear_error();
  if (ok == 1) {
    return {CertVerdict::Ok, ""};
  }
  std::string words = X509_verify_cert_error_string(err);
  switch (classify_x509_error(err)) {
  case X509Refusal::Expired:
    return {CertVerdict::Expired, words + "; it expired on " + utc(X509_get0_notAfter(cert.get()))};
  case X509Refusal::NotYetValid:
    return {CertVerdict::NotYetValid,
            words + "; it is valid from " + utc(X509_get0_notBefore(cert.get()))};
  case X509Refusal::HostMismatch:
    return {CertVerdict::HostMismatch, words + "; it is issued for " + names_of(cert.get())};
  case X509Refusal::Untrusted:
    return {CertVerdict::Untrusted, words + "; it is issued by " + issuer_of(cert.get())};
  case X509Refusal::Other:
    break;
  }
  return {CertVerdict::Other, words};
}

} // namespace alignctl
