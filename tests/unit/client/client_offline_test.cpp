// The real client without a server: configuration errors and connection
// failures (a closed loopback port), which need no simulator.
#include "state/jira/http_client.hpp"

#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace alignctl;

namespace {

// A loopback port nobody listens on (bound, then closed).
int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

ClientConfig config_for(const std::string& url) {
  ClientConfig c;
  c.base_url = url;
  c.token = Secret("user:1|not-a-real-token");
  c.max_attempts = 2;
  c.backoff_base = std::chrono::milliseconds(1);
  c.connect_timeout = std::chrono::milliseconds(2000);
  return c;
}

} // namespace

TEST_CASE("client: an invalid base URL fails every call with its reason", "[client]") {
  auto client = make_http_client(config_for("http://acme.jiraalign.com/rest/align/api/2"));
  auto r = client->get_user(1);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Input);
  CHECK_THAT(r.error().message, Catch::StartsWith("refusing plain http:// to acme.jiraalign.com"));
  CHECK_FALSE(client->list_users().ok());
}

TEST_CASE("client: no server is a Transport error naming the request", "[client]") {
  std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/rest/align/api/2";
  auto client = make_http_client(config_for(url));
  auto get = client->get_user(42);
  REQUIRE_FALSE(get.ok());
  CHECK(get.error().kind == ErrorKind::Transport);
  CHECK_THAT(get.error().message, Catch::StartsWith("GET /Users/42: no answer after 2 attempts: "));
  CHECK(get.error().message.find("not-a-real-token") == std::string::npos);

  // A POST that cannot have been sent is not ambiguous.
  auto post = client->create_user(R"({"externalId":"S-1","email":"a@example.com"})");
  REQUIRE_FALSE(post.ok());
  CHECK(post.error().kind == ErrorKind::Transport);
  CHECK_THAT(post.error().message,
             Catch::StartsWith("POST /Users (externalId 'S-1', email 'a@example.com'): no answer"));

  auto list = client->list_users();
  REQUIRE_FALSE(list.ok());
  CHECK_THAT(list.error().message, Catch::StartsWith("GET /Users?$skip=0&$top=100&$orderby=id: "));
}
