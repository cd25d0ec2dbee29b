#include "tests/sim/core/http_message.hpp"

#include "tests/sim/core/bad_request.hpp"
#include "tests/sim/core/user.hpp"

#include <charconv>

namespace alignctl::sim {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

} // namespace

const std::string* HttpRequest::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? nullptr : &it->second;
}

bool HttpRequest::keep_alive() const {
  const std::string* c = header("connection");
  std::string v = c ? to_lower(*c) : std::string();
  if (minor_version == 0) {
    return v.find("keep-alive") != std::string::npos;
  }
  return v.find("close") == std::string::npos;
}

long long HttpRequest::content_length() const {
  const std::string* c = header("content-length");
  if (c == nullptr) {
    return 0;
  }
  long long n = 0;
  auto [p, ec] = std::from_chars(c->data(), c->data() + c->size(), n);
  if (ec != std::errc() || p != c->data() + c->size() || n < 0) {
    return -1;
  }
  return n;
}

HttpResponse HttpResponse::json(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
  r.body = std::move(body);
  return r;
}

HttpResponse HttpResponse::empty(int status) {
  HttpResponse r;
  r.status = status;
  return r;
}

std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]);
      int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && c == '+') ? ' ' : c;
  }
  return out;
}

QueryParams parse_query(std::string_view query) {
  QueryParams out;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    if (!part.empty()) {
      auto eq = part.find('=');
      std::string name = percent_decode(part.substr(0, eq), true);
      std::string value =
          eq == std::string_view::npos ? std::string() : percent_decode(part.substr(eq + 1), true);
      out.emplace_back(std::move(name), std::move(value));
    }
    if (amp == std::string_view::npos) {
      break;
    }
    query.remove_prefix(amp + 1);
  }
  return out;
}

Result<HttpRequest> parse_request_head(std::string_view head) {
  HttpRequest req;
  auto eol = head.find("\r\n");
  std::string_view line = head.substr(0, eol);
  auto sp1 = line.find(' ');
  auto sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) {
    return bad_request("malformed request line");
  }
  req.method = std::string(line.substr(0, sp1));
  req.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  std::string_view version = line.substr(sp2 + 1);
  if (version == "HTTP/1.1") {
    req.minor_version = 1;
  } else if (version == "HTTP/1.0") {
    req.minor_version = 0;
  } else {
    return bad_request("unsupported HTTP version");
  }
  if (req.target.empty() || req.target.front() != '/') {
    return bad_request("request target must be an absolute path");
  }
  auto q = req.target.find('?');
  req.path = percent_decode(std::string_view(req.target).substr(0, q), false);
  if (q != std::string::npos) {
    req.query = parse_query(std::string_view(req.target).substr(q + 1));
  }
  std::string_view rest = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 2);
  while (!rest.empty()) {
    auto e = rest.find("\r\n");
    std::string_view h = rest.substr(0, e);
    rest = e == std::string_view::npos ? std::string_view() : rest.substr(e + 2);
    if (h.empty()) {
      continue;
    }
    auto colon = h.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return bad_request("malformed header line");
    }
    std::string name = to_lower(trim(h.substr(0, colon)));
    std::string value(trim(h.substr(colon + 1)));
    auto [it, inserted] = req.headers.emplace(name, value);
    if (!inserted) {
      it->second += ", " + value;
    }
  }
  return req;
}

const char* reason_phrase(int status) {
  switch (status) {
  case 100:
    return "Continue";
  case 200:
    return "OK";
  case 201:
    return "Created";
  case 204:
    return "No Content";
  case 400:
    return "Bad Request";
  case 401:
    return "Unauthorized";
  case 403:
    return "Forbidden";
  case 404:
    return "Not Found";
  case 405:
    return "Method Not Allowed";
  case 411:
    return "Length Required";
  case 413:
    return "Payload Too Large";
  case 429:
    return "Too Many Requests";
  case 431:
    return "Request Header Fields Too Large";
  case 500:
    return "Internal Server Error";
  case 501:
    return "Not Implemented";
  case 502:
    return "Bad Gateway";
  case 503:
    return "Service Unavailable";
  default:
    return "Unknown";
  }
}

std::string serialize_response(const HttpResponse& r, bool keep_alive) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + reason_phrase(r.status) + "\r\n";
  for (const auto& [k, v] : r.headers) {
    out += k + ": " + v + "\r\n";
  }
  if (r.status != 204) {
    out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  }
  out += keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
  out += "\r\n";
  if (r.status != 204) {
    out += r.body;
  }
  return out;
}

} // namespace alignctl::sim
