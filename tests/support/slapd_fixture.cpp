#include "tests/support/slapd_fixture.hpp"

#include <arpa/inet.h>
#include <chrono>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace alignctl::test {

int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (fd >= 0) {
      ::close(fd);
    }
    throw std::runtime_error("cannot bind a loopback socket to find a free port");
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool wait_for_port(const std::string& host, int port, double timeout_s) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    if (ok) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

SlapdServer::SlapdServer(const SlapdOptions& options) : m_dir("alignctl-slapd") {
  const auto db = m_dir / "db";
  std::filesystem::create_directories(db);
  const std::string schema = source_dir() + "/tests/fixtures/directory/alignctl-ad.schema";
  std::string conf = "include /etc/ldap/schema/core.schema\n"
                     "include /etc/ldap/schema/cosine.schema\n"
                     "include /etc/ldap/schema/inetorgperson.schema\n"
                     "include " +
                     schema +
                     "\n"
                     "pidfile " +
                     (m_dir / "slapd.pid").string() +
                     "\n"
                     "argsfile " +
                     (m_dir / "slapd.args").string() +
                     "\n"
                     "modulepath /usr/lib/ldap\n"
                     "moduleload back_mdb\n"
                     "moduleload memberof\n"
                     "sizelimit unlimited\n";
  if (options.tls) {
    conf += "TLSCACertificateFile " + options.tls->ca_file +
            "\n"
            "TLSCertificateFile " +
            options.tls->cert_file +
            "\n"
            "TLSCertificateKeyFile " +
            options.tls->key_file + "\n";
  }
  conf += "database mdb\n"
          "suffix \"" +
          base_dn() +
          "\"\n"
          "rootdn \"" +
          admin_dn() +
          "\"\n"
          "rootpw " +
          admin_password() +
          "\n"
          "directory " +
          db.string() +
          "\n"
          "maxsize 1073741824\n"
          "dbnosync\n"
          "index objectClass eq\n"
          "index uid,cn,member,sAMAccountName eq\n"
          "overlay memberof\n";
  if (options.forced_paging) {
    conf += "limits users size.soft=1000 size.hard=1000 size.pr=1000 size.prtotal=unlimited\n";
  }
  conf += "access to attrs=userPassword by self write by anonymous auth by * none\n"
          "access to * by users read by * none\n";
  write_file(m_dir / "slapd.conf", conf);
  const std::string log = (m_dir / "slapd.log").string();
  for (int attempt = 0; attempt < 5; ++attempt) {
    m_port = free_loopback_port();
    std::string listen = url() + "/";
    if (options.tls) {
      do {
        m_ldaps_port = free_loopback_port();
      } while (m_ldaps_port == m_port);
      listen += " " + ldaps_url() + "/";
    }
    m_process = ChildProcess(
        {"/usr/sbin/slapd", "-d", "0", "-f", (m_dir / "slapd.conf").string(), "-h", listen}, log);
    if (wait_for_port("127.0.0.1", m_port, 10) &&
        (!options.tls || wait_for_port("127.0.0.1", m_ldaps_port, 10)) && m_process.running()) {
      break;
    }
    m_process.stop();
    m_port = 0;
    m_ldaps_port = 0;
  }
  if (m_port == 0) {
    throw std::runtime_error("slapd did not start; log:\n" + read_file(log));
  }
  add("dn: " + base_dn() +
      "\nobjectClass: dcObject\nobjectClass: organization\ndc: example\n"
      "o: Example\n\n"
      "dn: " +
      reader_dn() +
      "\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n"
      "cn: reader\nuserPassword: " +
      reader_password() +
      "\n\n"
      "dn: ou=People," +
      base_dn() +
      "\nobjectClass: organizationalUnit\nou: People\n\n"
      "dn: ou=Groups," +
      base_dn() + "\nobjectClass: organizationalUnit\nou: Groups\n");
}

SlapdServer::~SlapdServer() {
  m_process.stop();
}

void SlapdServer::add(const std::string& ldif) {
  RunOptions o;
  o.stdin_data = ldif;
  auto r = run_command({"ldapadd", "-x", "-H", url(), "-D", admin_dn(), "-w", admin_password()}, o);
  if (r.exit_code != 0) {
    throw std::runtime_error("ldapadd failed (" + std::to_string(r.exit_code) + "): " + r.err);
  }
}

void SlapdServer::modify(const std::string& ldif) {
  RunOptions o;
  o.stdin_data = ldif;
  auto r =
      run_command({"ldapmodify", "-x", "-H", url(), "-D", admin_dn(), "-w", admin_password()}, o);
  if (r.exit_code != 0) {
    throw std::runtime_error("ldapmodify failed (" + std::to_string(r.exit_code) + "): " + r.err);
  }
}

} // namespace alignctl::test
