#include "state/jira/api_errors.hpp"

#include <cctype>
#include <nlohmann/json.hpp>

namespace alignctl {

namespace {

std::string collapse(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) ||
        std::iscntrl(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    out += c;
  }
  return out;
}

std::string with_quote(std::string text, std::string_view body) {
  std::string q = quote_server_message(body);
  if (!q.empty()) {
    text += ": server said \"" + q + "\"";
  }
  return text;
}

} // namespace

std::string quote_server_message(std::string_view body, std::size_t max_chars) {
  std::string text;
  auto j = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (!j.is_discarded() && j.is_object()) {
    for (const char* key : {"message", "Message", "error", "Error", "detail"}) {
      auto it = j.find(key);
      if (it != j.end() && it->is_string()) {
        text = it->get<std::string>();
        break;
      }
    }
  } else if (!j.is_discarded() && j.is_string()) {
    text = j.get<std::string>();
  }
  if (text.empty()) {
    text = std::string(body.substr(0, max_chars * 4));
  }
  text = collapse(text);
  if (text.size() > max_chars) {
    std::size_t cut = max_chars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      --cut; // do not split a UTF-8 sequence
    }
    text = text.substr(0, cut) + "…";
  }
  return text;
}

Error http_status_error(const std::string& label, int status, std::string_view body,
                        const std::string& token_origin, int attempts) {
  std::string code = " (HTTP " + std::to_string(status) + ")";
  switch (status) {
  case 400:
    return make_error(ErrorKind::BadRequest,
                      with_quote(label + ": the server rejected the request" + code, body), status);
  case 401:
    return make_error(ErrorKind::Auth,
                      label + ": the token was rejected" + code + " — check that " +
                          (token_origin.empty() ? std::string("ALIGNCTL_TOKEN") : token_origin) +
                          " holds a current Jira Align API token (a token ends when it is "
                          "regenerated) and that --url points at the right site",
                      status);
  case 403:
    return make_error(ErrorKind::Forbidden,
                      with_quote(label + ": the token's user lacks the privilege" + code +
                                     " — provisioning needs a Super Admin token",
                                 body),
                      status);
  case 404:
    return make_error(ErrorKind::NotFound,
                      with_quote(label + ": not found" + code +
                                     " — check the id and that --url ends in "
                                     "/rest/align/api/2",
                                 body),
                      status);
  case 429:
    return make_error(ErrorKind::RateLimited,
                      label + ": still rate-limited" + code + " after " + std::to_string(attempts) +
                          " attempts — lower --concurrency or set --max-rps",
                      status);
  default:
    break;
  }
  if (status >= 500) {
    return make_error(ErrorKind::Server,
                      with_quote(label + ": server error" + code + " after " +
                                     std::to_string(attempts) + " attempt" +
                                     (attempts == 1 ? "" : "s"),
                                 body),
                      status);
  }
  return make_error(ErrorKind::Protocol, with_quote(label + ": unexpected answer" + code, body),
                    status);
}

std::string tls_refusal_message(TlsRefusal why, const std::string& host,
                                const std::string& ca_bundle, const std::string& detail) {
  const std::string cert = "the TLS certificate of " + host;
  const std::string quoted = detail.empty() ? "" : " (" + detail + ")";
  const std::string store =
      ca_bundle.empty() ? "the system's CA store" : "the CA bundle " + ca_bundle;
  switch (why) {
  case TlsRefusal::Untrusted:
    return cert + " is not trusted" + quoted + ": it is not signed by a CA in " + store +
           " — give --ca-bundle FILE with the CA that issued it (the request and the token were "
           "not sent)";
  case TlsRefusal::Expired:
    return cert + " has expired" + quoted +
           " — the server's certificate must be renewed (or this machine's clock is wrong); the "
           "request and the token were not sent";
  case TlsRefusal::NotYetValid:
    return cert + " is not valid yet" + quoted +
           " — check this machine's clock; the request and the token were not sent";
  case TlsRefusal::HostMismatch:
    return cert + " does not match the host name '" + host + "'" + quoted +
           " — the certificate is issued for another name: use that name in --url; the "
           "request and the token were not sent";
  case TlsRefusal::BadCaBundle:
    return "cannot use the CA bundle " +
           (ca_bundle.empty() ? std::string("(system store)") : ca_bundle) + quoted +
           " — --ca-bundle must name a readable PEM file of CA certificates; nothing was sent";
  case TlsRefusal::Other:
    break;
  }
  return cert + " was refused" + quoted + "; the request and the token were not sent";
}

} // namespace alignctl
