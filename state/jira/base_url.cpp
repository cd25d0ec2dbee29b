#include "state/jira/base_url.hpp"

#include "state/util/ascii_case.hpp"

namespace alignctl {

std::string url_host(const std::string& url) {
  auto scheme_end = url.find("://");
  std::string rest = scheme_end == std::string::npos ? url : url.substr(scheme_end + 3);
  std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = authority.rfind('@'); at != std::string::npos) {
    authority = authority.substr(at + 1);
  }
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    return close == std::string::npos ? std::string() : authority.substr(1, close - 1);
  }
  return authority.substr(0, authority.find(':'));
}

bool is_loopback_host(const std::string& host) {
  std::string h = fold_case(host);
  return h == "localhost" || h == "::1" || h.rfind("127.", 0) == 0;
}

Result<std::string> normalize_base_url(const std::string& url) {
  std::string u = url;
  while (!u.empty() && u.back() == '/') {
    u.pop_back();
  }
  std::string l = fold_case(u);
  bool plain = false;
  if (l.rfind("http://", 0) == 0) {
    plain = true;
  } else if (l.rfind("https://", 0) != 0) {
    return make_error(ErrorKind::Input, "Jira Align URL '" + url +
                                            "' must start with https:// (or http:// to loopback)");
  }
  std::string host = url_host(u);
  if (host.empty()) {
    return make_error(ErrorKind::Input, "Jira Align URL '" + url + "' has no host");
  }
  if (plain && !is_loopback_host(host)) {
    return make_error(ErrorKind::Input,
                      "refusing plain http:// to " + host +
                          ": the token would travel unencrypted; use https:// (plain http is "
                          "allowed only to loopback)");
  }
  return u;
}

} // namespace alignctl
