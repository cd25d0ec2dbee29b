#include "tests/support/samba_fixture.hpp"

#include "tests/support/slapd_fixture.hpp"
#include "tests/support/test_pki.hpp"

#include <arpa/inet.h>
#include <fstream>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace alignctl::test {
namespace {

bool can_bind(const std::string& address, int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  ::inet_pton(AF_INET, address.c_str(), &addr.sin_addr);
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

void run_or_throw(const std::vector<std::string>& argv, const std::string& what,
                  const RunOptions& options = {}) {
  auto r = run_command(argv, options);
  if (r.exit_code != 0) {
    throw std::runtime_error(what + " failed (exit " + std::to_string(r.exit_code) + "):\n" +
                             r.out + r.err);
  }
}

} // namespace

SambaDomain::SambaDomain() : m_dir("alignctl-samba") {
  for (int n = 2; n <= 9 && m_address.empty(); ++n) {
    const std::string a = "127.0.0." + std::to_string(n);
    if (can_bind(a, 389) && can_bind(a, 636) && can_bind(a, 88)) {
      m_address = a;
    }
  }
  if (m_address.empty()) {
    throw std::runtime_error("no free loopback address 127.0.0.2-9 for a Samba DC (ports 389/636)");
  }
  const std::string dir = m_dir.path().string();
  run_or_throw({"samba-tool", "domain", "provision", "--targetdir=" + dir,
                "--realm=CORP.EXAMPLE.COM", "--domain=CORP", "--host-name=DC1", "--server-role=dc",
                "--dns-backend=NONE", "--use-rfc2307", "--adminpass=" + admin_password(),
                "--option=interfaces=" + m_address + "/8", "--option=bind interfaces only=yes"},
               "samba-tool domain provision");

  // TLS: our own CA and a certificate naming the IP, so clients can verify.
  const std::string tls = dir + "/tls";
  std::filesystem::create_directories(tls);
  TestCa ca(tls, "samba"); // tls/samba-ca.pem, see ca_file()
  ca.issue("server", {m_address, {"dc1.corp.example.com"}, {m_address}});

  // smb.conf: only the LDAP service, everything inside the temporary directory.
  const std::string conf = dir + "/etc/smb.conf";
  std::string text = read_file(conf);
  const std::string extra = "\tldap server require strong auth = no\n"
                            "\tserver services = ldap, kdc\n"
                            "\tdisable netbios = yes\n"
                            "\tpid directory = " +
                            dir +
                            "/run\n"
                            "\twinbindd socket directory = " +
                            dir +
                            "/run/winbindd\n"
                            "\tntp signd socket directory = " +
                            dir +
                            "/run/ntp_signd\n"
                            "\tlog file = " +
                            dir +
                            "/log.samba\n"
                            "\tldb:nosync = true\n"
                            "\ttls enabled = yes\n"
                            "\ttls keyfile = " +
                            tls +
                            "/server.key\n"
                            "\ttls certfile = " +
                            tls +
                            "/server.pem\n"
                            "\ttls cafile = " +
                            ca_file() + "\n";
  std::size_t global = text.find("[global]\n");
  if (global == std::string::npos) {
    throw std::runtime_error("no [global] section in " + conf);
  }
  text.insert(global + 9, extra);
  write_file(conf, text);
  std::filesystem::create_directories(dir + "/run");

  // Kerberos: the KDC runs beside LDAP; clients find it through our own
  // krb5.conf (no DNS, no reverse lookups), and the DC account gets the
  // service principal ldap/<address> that a GSSAPI bind to ldap://<address>
  // asks a ticket for.
  write_file(krb5_conf(), "[libdefaults]\n  default_realm = CORP.EXAMPLE.COM\n"
                          "  dns_lookup_kdc = false\n  dns_lookup_realm = false\n"
                          "  rdns = false\n  dns_canonicalize_hostname = false\n"
                          "[realms]\n  CORP.EXAMPLE.COM = {\n    kdc = " +
                              m_address + "\n  }\n");
  run_or_throw({"samba-tool", "spn", "add", "ldap/" + m_address, "DC1$", "-s", conf},
               "samba-tool spn add");

  m_process =
      ChildProcess({"samba", "--foreground", "--no-process-group", "-M", "single", "-s", conf},
                   dir + "/samba.out");
  if (!wait_for_port(m_address, 389, 60)) {
    std::string log;
    try {
      log = read_file(dir + "/samba.out") + read_file(dir + "/log.samba");
    } catch (const std::exception&) {
    }
    throw std::runtime_error("Samba did not start listening on " + m_address + ":389\n" + log);
  }
  // LDAP answers a little after the port opens.
  for (int i = 0; i < 100; ++i) {
    auto r = run_command({"ldapsearch", "-x", "-H", ldap_url(), "-D", admin_dn(), "-w",
                          admin_password(), "-b", base_dn(), "-s", "base", "1.1"});
    if (r.exit_code == 0) {
      return;
    }
    ::usleep(200 * 1000);
  }
  throw std::runtime_error("Samba LDAP on " + m_address + " does not answer a bind");
}

std::map<std::string, std::string> SambaDomain::kerberos_env(const std::string& cache_name) const {
  std::map<std::string, std::string> env = {
      {"KRB5_CONFIG", krb5_conf()},
      {"KRB5CCNAME", "FILE:" + (m_dir / ("krb5cc-" + cache_name)).string()}};
  return env;
}

std::map<std::string, std::string> SambaDomain::kinit_admin() const {
  auto env = kerberos_env("admin");
  RunOptions o;
  o.env = env;
  o.stdin_data = admin_password() + "\n";
  run_or_throw({"kinit", "Administrator@CORP.EXAMPLE.COM"}, "kinit Administrator", o);
  return env;
}

SambaDomain::~SambaDomain() {
  m_process.stop(std::chrono::milliseconds(5000));
}

void SambaDomain::add(const std::string& ldif) {
  RunOptions o;
  o.stdin_data = ldif;
  run_or_throw({"ldapadd", "-x", "-H", ldap_url(), "-D", admin_dn(), "-w", admin_password()},
               "ldapadd to Samba", o);
}

void SambaDomain::modify(const std::string& ldif) {
  RunOptions o;
  o.stdin_data = ldif;
  run_or_throw({"ldapmodify", "-x", "-H", ldap_url(), "-D", admin_dn(), "-w", admin_password()},
               "ldapmodify to Samba", o);
}

} // namespace alignctl::test
