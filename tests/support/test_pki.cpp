#include "tests/support/test_pki.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdexcept>
#include <unistd.h>

namespace alignctl::test {

// Named (not anonymous): TestCa::Keys holds these, and a class member of a
// type with internal linkage is an error in a unity build.
struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Cert = std::unique_ptr<X509, X509Free>;

namespace {

struct BnFree {
  void operator()(BIGNUM* p) const { BN_free(p); }
};
struct ExtFree {
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
};
[[noreturn]] void fail(const std::string& what) {
  std::string text = "test PKI: " + what;
  unsigned long e = ERR_get_error();
  if (e != 0) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    text += std::string(": ") + buf;
  }
  ERR_clear_error();
  throw std::runtime_error(text);
}

Pkey new_key() {
  Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) {
    fail("generating a P-256 key");
  }
  return key;
}

void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, ExtFree> ext(
      X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value.c_str()));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
    fail("adding extension " + std::string(OBJ_nid2sn(nid)) + " = " + value);
  }
}

// A certificate with a random serial, `subject_cn`, the validity window and
// `key`'s public half; the caller adds extensions and signs.
Cert new_cert(const std::string& subject_cn, EVP_PKEY* key, long not_before_s, long not_after_s) {
  Cert cert(X509_new());
  std::unique_ptr<BIGNUM, BnFree> serial(BN_new());
  if (!cert || !serial || X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
      BN_rand(serial.get(), 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) == nullptr ||
      X509_gmtime_adj(X509_getm_notBefore(cert.get()), not_before_s) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), not_after_s) == nullptr ||
      X509_set_pubkey(cert.get(), key) != 1) {
    fail("creating the certificate for " + subject_cn);
  }
  X509_NAME* name = X509_get_subject_name(cert.get());
  if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>("alignctl tests"), -1, -1,
                                 0) != 1 ||
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(subject_cn.c_str()), -1, -1,
                                 0) != 1) {
    fail("setting the subject of " + subject_cn);
  }
  return cert;
}

void write_cert(const std::filesystem::path& path, X509* cert) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    throw std::runtime_error("test PKI: cannot write " + path.string() + ": " +
                             std::strerror(errno));
  }
  bool ok = PEM_write_X509(f, cert) == 1;
  ok = std::fclose(f) == 0 && ok;
  if (!ok) {
    fail("writing " + path.string());
  }
}

// Writes the private key with mode 0600 from the start (never readable by others).
void write_key(const std::filesystem::path& path, EVP_PKEY* key) {
  ::unlink(path.c_str());
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw std::runtime_error("test PKI: cannot create " + path.string() + ": " +
                             std::strerror(errno));
  }
  std::FILE* f = ::fdopen(fd, "wb");
  if (f == nullptr) {
    ::close(fd);
    throw std::runtime_error("test PKI: fdopen " + path.string() + ": " + std::strerror(errno));
  }
  bool ok = PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  ok = std::fclose(f) == 0 && ok;
  if (!ok) {
    fail("writing " + path.string());
  }
}

std::string join_san(const ServerCertSpec& spec) {
  std::string san;
  for (const auto& d : spec.dns_names) {
    san += (san.empty() ? "" : ",") + std::string("DNS:") + d;
  }
  for (const auto& ip : spec.ip_addresses) {
    san += (san.empty() ? "" : ",") + std::string("IP:") + ip;
  }
  return san;
}

} // namespace

struct TestCa::Keys {
  Pkey key;
  Cert cert;
};

TestCa::TestCa(std::filesystem::path dir, std::string name)
    : m_dir(std::move(dir)), m_ca_file(m_dir / (name + "-ca.pem")),
      m_keys(std::make_unique<Keys>()) {
  m_keys->key = new_key();
  m_keys->cert = new_cert("alignctl test CA " + name, m_keys->key.get(), -3600, 7 * 24 * 3600);
  X509* c = m_keys->cert.get();
  if (X509_set_issuer_name(c, X509_get_subject_name(c)) != 1) {
    fail("setting the CA's issuer");
  }
  add_ext(c, c, NID_basic_constraints, "critical,CA:TRUE");
  add_ext(c, c, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_ext(c, c, NID_subject_key_identifier, "hash");
  add_ext(c, c, NID_authority_key_identifier, "keyid:always");
  if (X509_sign(c, m_keys->key.get(), EVP_sha256()) == 0) {
    fail("self-signing the CA " + name);
  }
  write_cert(m_ca_file, c);
  write_key(m_dir / (name + "-ca.key"), m_keys->key.get());
}

TestCa::~TestCa() = default;

ServerCertFiles TestCa::issue(const std::string& file_stem, const ServerCertSpec& spec) const {
  Pkey key = new_key();
  Cert cert = new_cert(spec.common_name, key.get(), spec.not_before_s, spec.not_after_s);
  X509* c = cert.get();
  X509* ca = m_keys->cert.get();
  if (X509_set_issuer_name(c, X509_get_subject_name(ca)) != 1) {
    fail("setting the issuer of " + file_stem);
  }
  add_ext(c, ca, NID_basic_constraints, "critical,CA:FALSE");
  add_ext(c, ca, NID_key_usage, "critical,digitalSignature,keyAgreement");
  add_ext(c, ca, NID_ext_key_usage, "serverAuth");
  add_ext(c, ca, NID_subject_key_identifier, "hash");
  add_ext(c, ca, NID_authority_key_identifier, "keyid:always");
  std::string san = join_san(spec);
  if (!san.empty()) {
    add_ext(c, ca, NID_subject_alt_name, san);
  }
  if (X509_sign(c, m_keys->key.get(), EVP_sha256()) == 0) {
    fail("signing " + file_stem);
  }
  ServerCertFiles files{m_dir / (file_stem + ".pem"), m_dir / (file_stem + ".key")};
  write_cert(files.cert_file, c);
  write_key(files.key_file, key.get());
  return files;
}

TestPki make_test_pki(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  TestCa ca(dir, "main");
  TestCa other(dir, "other");
  TestPki pki;
  pki.ca_file = ca.ca_file();
  pki.other_ca_file = other.ca_file();
  pki.good = ca.issue("good", {"localhost", {"localhost"}, {"127.0.0.1"}});
  ServerCertSpec expired{"localhost", {"localhost"}, {"127.0.0.1"}};
  expired.not_before_s = -30 * 24 * 3600;
  expired.not_after_s = -24 * 3600;
  pki.expired = ca.issue("expired", expired);
  pki.wrong_host = ca.issue("wrong-host", {"wrong.example", {"wrong.example"}, {}});
  return pki;
}

} // namespace alignctl::test
