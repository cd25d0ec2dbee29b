// TLS end to end: the simulator serves HTTPS with certificates made at test
// time (tests/support/test_pki), and the real client — the library and the
// `alignctl users` command — verifies them: the right CA works; a wrong CA,
// an expired certificate and a host-name mismatch each fail with a message
// that says which, before any request (or token) reaches the server;
// --insecure-skip-tls-verify works and warns on stderr. Also keep-alive,
// pipelining and the drop-after-commit fault over TLS.
#include "client_fixture.hpp"
#include "tests/support/process.hpp"
#include "tests/support/test_pki.hpp"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace alignctl;
using namespace alignctl::test;
using nlohmann::json;

namespace {

const std::string k_list_label = "GET /Users?$skip=0&$top=100&$orderby=id";

// One set of certificates for the whole test process.
const TestPki& pki() {
  static TempDir dir("alignctl-tls-pki");
  static const TestPki p = make_test_pki(dir.path());
  return p;
}

// A simulator seeded with `users`, serving HTTPS with `cert`, named `host` in base_url().
struct TlsSim {
  TempDir dir{"alignctl-tls-it"};
  SimServer sim;
  TlsSim(const ServerCertFiles& cert, const json& users, const std::string& host = "localhost",
         std::vector<std::string> extra_args = {})
      : sim(options(dir, cert, users, host, std::move(extra_args))) {}

  static SimOptions options(TempDir& d, const ServerCertFiles& cert, const json& users,
                            const std::string& host, std::vector<std::string> extra_args) {
    write_seed(d / "seed.json", users);
    SimOptions o;
    o.seed_file = (d / "seed.json").string();
    o.tls = SimTls{cert.cert_file.string(), cert.key_file.string(), host};
    o.extra_args = std::move(extra_args);
    return o;
  }

  // Fast retries (a refused certificate is not retried at all: it would be the same).
  ClientConfig config(const std::filesystem::path& ca_bundle, int concurrency = 4) const {
    ClientConfig c;
    c.base_url = sim.base_url();
    c.token = Secret(sim.token());
    c.token_origin = "environment variable ALIGNCTL_TOKEN";
    c.ca_bundle = ca_bundle.string();
    c.concurrency = concurrency;
    c.max_attempts = 2;
    c.backoff_base = std::chrono::milliseconds(5);
    c.backoff_max = std::chrono::milliseconds(20);
    c.timeout = std::chrono::milliseconds(10000);
    return c;
  }

  // Requests that reached the simulator's handler (after a handshake).
  std::int64_t requests() const { return sim.counts().at("total").get<std::int64_t>(); }
};

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) {
    ++n;
  }
  return n;
}

RunOptions token_env(const SimServer& sim) {
  RunOptions o;
  o.env["ALIGNCTL_TOKEN"] = sim.token();
  return o;
}

// Sends `requests` over one verified TLS connection to 127.0.0.1:port, each
// in its own TLS record but all in one TCP write (a buffering BIO flushed
// once), and returns everything the server sends back until it closes.
std::string tls_exchange(int port, const std::vector<std::string>& requests) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  REQUIRE(ctx != nullptr);
  REQUIRE(SSL_CTX_load_verify_locations(ctx, pki().ca_file.c_str(), nullptr) == 1);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  SSL* ssl = SSL_new(ctx);
  BIO* socket_bio = BIO_new_socket(fd, BIO_NOCLOSE);
  BIO* buffered = BIO_push(BIO_new(BIO_f_buffer()), socket_bio);
  BIO_up_ref(socket_bio);
  SSL_set_bio(ssl, socket_bio, buffered); // reads straight, writes buffered
  SSL_set_tlsext_host_name(ssl, "localhost");
  SSL_set1_host(ssl, "localhost");
  std::string out;
  bool sent = SSL_connect(ssl) == 1;
  for (const std::string& r : requests) {
    sent = sent && SSL_write(ssl, r.data(), static_cast<int>(r.size())) > 0;
  }
  if (sent && BIO_flush(buffered) == 1) {
    char buf[4096];
    int n;
    while ((n = SSL_read(ssl, buf, sizeof buf)) > 0) {
      out.append(buf, static_cast<std::size_t>(n));
    }
  }
  SSL_free(ssl);
  ::close(fd);
  SSL_CTX_free(ctx);
  return out;
}

} // namespace

TEST_CASE("tls: the right CA verifies, and listing over HTTPS is exact over kept-alive connections",
          "[client][tls]") {
  TlsSim s(pki().good, make_users(450));
  REQUIRE_THAT(s.sim.base_url(), Catch::StartsWith("https://localhost:"));
  std::vector<std::int64_t> expected;
  for (std::int64_t id = 1; id <= 450; ++id) {
    expected.push_back(id);
  }
  auto client = make_http_client(s.config(pki().ca_file, 3));
  for (int round = 0; round < 2; ++round) {
    auto users = client->list_users();
    REQUIRE(users.ok());
    CHECK(ids_of(*users) == expected);
  }
  auto one = client->get_user(7);
  REQUIRE(one.ok());
  CHECK(one->id == 7);
  // At least 2 × 5 pages + 1 GET went over at most 3 connections (the
  // client's concurrency), plus the fixture's health check (one, or two when
  // the first timed out): keep-alive works over TLS. The simulator reports
  // its handshakes when it stops; no side-door call is made before that.
  REQUIRE(s.sim.stop() == 0);
  const std::string log = s.sim.log();
  INFO(log);
  CHECK(log.find(", TLS with ") != std::string::npos);
  auto at = log.find(" TLS handshakes, 0 failed\n");
  REQUIRE(at != std::string::npos);
  auto start = log.rfind(' ', at - 1) + 1;
  int handshakes = std::stoi(log.substr(start, at - start));
  CHECK(handshakes >= 2);
  CHECK(handshakes <= 5);
}

TEST_CASE("tls: the certificate's IP address SAN verifies https://127.0.0.1", "[client][tls]") {
  TlsSim s(pki().good, make_users(3), "127.0.0.1");
  REQUIRE_THAT(s.sim.base_url(), Catch::StartsWith("https://127.0.0.1:"));
  auto users = make_http_client(s.config(pki().ca_file))->list_users();
  REQUIRE(users.ok());
  CHECK(users->size() == 3);
}

TEST_CASE("tls: a certificate from another CA is refused as not trusted and nothing is sent",
          "[client][tls]") {
  TlsSim s(pki().good, make_users(3));
  auto users = make_http_client(s.config(pki().other_ca_file))->list_users();
  REQUIRE_FALSE(users.ok());
  CHECK(users.error().kind == ErrorKind::Transport);
  const std::string& m = users.error().message;
  CHECK_THAT(m, Catch::StartsWith(k_list_label + ": the TLS "
                                                 "certificate of localhost is not trusted ("));
  CHECK_THAT(m, Catch::Contains("unable to get local issuer certificate"));
  CHECK_THAT(m, Catch::Contains("it is not signed by a CA in the CA bundle " +
                                pki().other_ca_file.string() +
                                " — give --ca-bundle FILE with the CA that issued it"));
  CHECK_THAT(m, Catch::EndsWith("(the request and the token were not sent)"));
  // The handshake failed, so no request (and no token) reached the server;
  // the server counted and logged each refused handshake and kept serving.
  CHECK(s.requests() == 0);
  const std::string log = s.sim.log();
  INFO(log);
  CHECK(log.find("jira-align-sim: TLS handshake with 127.0.0.1:") != std::string::npos);
  // At most one handshake per paging worker (4): a refused certificate is not
  // retried (max_attempts 2 would otherwise allow 8).
  CHECK(log.find(" failed (1 so far): ") != std::string::npos);
  CHECK(log.find(" failed (5 so far): ") == std::string::npos);
  CHECK(log.find("unknown ca") != std::string::npos);
  CHECK(make_http_client(s.config(pki().ca_file))->get_user(1).ok());
}

TEST_CASE("tls: without --ca-bundle the test CA is not in the system store", "[client][tls]") {
  TlsSim s(pki().good, make_users(1));
  auto users = make_http_client(s.config(""))->list_users();
  REQUIRE_FALSE(users.ok());
  CHECK_THAT(users.error().message,
             Catch::Contains("the TLS certificate of localhost is not trusted (") &&
                 Catch::Contains("it is not signed by a CA in the system's CA store — give "
                                 "--ca-bundle FILE"));
}

TEST_CASE("tls: an expired certificate is refused as expired", "[client][tls]") {
  TlsSim s(pki().expired, make_users(1));
  auto users = make_http_client(s.config(pki().ca_file))->list_users();
  REQUIRE_FALSE(users.ok());
  const std::string& m = users.error().message;
  CHECK_THAT(m, Catch::StartsWith(k_list_label + ": the TLS "
                                                 "certificate of localhost has expired ("));
  CHECK_THAT(m, Catch::Contains("certificate has expired) — the server's certificate must be "
                                "renewed (or this machine's clock is wrong)"));
  CHECK(s.requests() == 0);
}

TEST_CASE("tls: a certificate for another host name is refused as a name mismatch",
          "[client][tls]") {
  TlsSim s(pki().wrong_host, make_users(1));
  auto users = make_http_client(s.config(pki().ca_file))->list_users();
  REQUIRE_FALSE(users.ok());
  const std::string& m = users.error().message;
  CHECK_THAT(m, Catch::StartsWith(k_list_label + ": the TLS "
                                                 "certificate of localhost does not match the "
                                                 "host name 'localhost' ("));
  CHECK_THAT(m, Catch::Contains("use that name in --url"));
  CHECK(m.find("not trusted") == std::string::npos);
  CHECK(m.find("expired") == std::string::npos);
  CHECK(s.requests() == 0);
}

TEST_CASE("tls: alignctl users verifies with --ca-bundle and says why it refuses",
          "[client][tls][cmd]") {
  TlsSim s(pki().good, make_users(120));
  auto ok = run_command({alignctl_bin(), "users", "--url", s.sim.base_url(), "--ca-bundle",
                         pki().ca_file.string(), "--json"},
                        token_env(s.sim));
  INFO(ok.err);
  REQUIRE(ok.exit_code == 0);
  CHECK(json::parse(ok.out).size() == 120);
  CHECK(ok.err.empty());

  auto wrong = run_command({alignctl_bin(), "users", "--url", s.sim.base_url(), "--ca-bundle",
                            pki().other_ca_file.string()},
                           token_env(s.sim));
  CHECK(wrong.exit_code == 1);
  CHECK(wrong.out.empty());
  CHECK_THAT(wrong.err,
             Catch::StartsWith("alignctl: error: " + k_list_label + ": the TLS certificate "));
  CHECK_THAT(wrong.err, Catch::Contains("the TLS certificate of localhost is not trusted (") &&
                            Catch::Contains("give --ca-bundle FILE with the CA that issued it"));
  CHECK(wrong.err.find(s.sim.token()) == std::string::npos);

  auto missing = run_command(
      {alignctl_bin(), "users", "--url", s.sim.base_url(), "--ca-bundle", "/nonexistent/ca.pem"},
      token_env(s.sim));
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Catch::Contains("cannot use the CA bundle /nonexistent/ca.pem (") &&
                              Catch::EndsWith(") — --ca-bundle must name a readable PEM file of CA "
                                              "certificates; nothing was sent\n"));
}

TEST_CASE("tls: --insecure-skip-tls-verify connects despite a bad certificate and warns",
          "[client][tls][cmd]") {
  TlsSim s(pki().wrong_host, make_users(5));
  auto r = run_command(
      {alignctl_bin(), "users", "--url", s.sim.base_url(), "--insecure-skip-tls-verify", "--json"},
      token_env(s.sim));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(json::parse(r.out).size() == 5);
  CHECK(occurrences(r.err, "alignctl: WARNING: TLS certificate verification is OFF "
                           "(--insecure-skip-tls-verify). Anyone on the network path can read "
                           "the API token and forge answers. Use --ca-bundle instead.\n") == 1);
  CHECK(r.err.find(s.sim.token()) == std::string::npos);

  // The same for an expired certificate, through the library.
  TlsSim expired(pki().expired, make_users(2));
  ClientConfig c = expired.config("");
  c.insecure_skip_tls = true;
  auto users = make_http_client(c)->list_users();
  REQUIRE(users.ok());
  CHECK(users->size() == 2);
}

TEST_CASE("tls: pipelined requests arriving together are all answered", "[client][tls][sim]") {
  // The three records arrive in one TCP segment; the simulator reads ahead,
  // so after the first request the other two wait in OpenSSL's buffer while
  // the socket has nothing left to poll.
  TlsSim s(pki().good, make_users(3));
  const std::string get = "GET /rest/align/api/2/Users/{} HTTP/1.1\r\nHost: localhost\r\n"
                          "Authorization: Bearer " +
                          s.sim.token() + "\r\n";
  std::vector<std::string> requests;
  for (int id : {1, 2, 3}) {
    std::string one = get;
    one.replace(one.find("{}"), 2, std::to_string(id));
    requests.push_back(one + (id == 3 ? "Connection: close\r\n\r\n" : "\r\n"));
  }
  const std::string answer = tls_exchange(s.sim.port(), requests);
  INFO(answer);
  CHECK(occurrences(answer, "HTTP/1.1 200 ") == 3);
  CHECK(answer.find("\"externalId\":\"u3\"") != std::string::npos);
  CHECK(s.requests() == 3);
}

TEST_CASE("tls: a POST answered by a dropped TLS connection is Ambiguous and the server lives on",
          "[client][tls][faults]") {
  TlsSim s(pki().good, make_users(3), "localhost", {"--drop-after-commit-rate", "1.0"});
  auto client = make_http_client(s.config(pki().ca_file));
  REQUIRE(client->get_user(1).ok()); // a warm keep-alive connection
  auto r = client->create_user(R"({"externalId":"n1","firstName":"New","lastName":"Person",
    "email":"n1@example.com","roleId":3,"costCenterId":100,"divisionId":200,"regionId":1,
    "cityId":11})");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Ambiguous);
  CHECK_THAT(r.error().message, Catch::Contains("no answer after the request was sent ("));
  json counts = s.sim.counts();
  INFO(counts.dump());
  CHECK(count_of(counts, "by_kind", "users_create") == 1); // sent once, not re-sent
  CHECK(counts.at("committed_creates").get<std::int64_t>() == 1);
  auto found = client->find_users("externalId", "n1");
  REQUIRE(found.ok());
  CHECK(found->size() == 1);
}
