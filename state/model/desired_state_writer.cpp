#include "state/model/desired_state_writer.hpp"

#include "state/util/ascii_case.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

namespace alignctl {
namespace {

std::string trimmed(std::string_view s) {
  const char* ws = " \t\r\n\v\f";
  std::size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) {
    return {};
  }
  return std::string(s.substr(b, s.find_last_not_of(ws) - b + 1));
}

bool is_reserved_word(std::string_view v) {
  static const char* const k_words[] = {"null", "~", "true", "false", "yes",   "no",   "on", "off",
                                        "y",    "n", ".inf", "-.inf", "+.inf", ".nan", "<<", "="};
  if (v.size() > 5) { // the longest word: no allocation or comparison for most values
    return false;
  }
  for (const char* w : k_words) {
    if (iequals(v, w)) {
      return true;
    }
  }
  return false;
}

// Length of the UTF-8 sequence at s[i] and its code point; 0 when invalid.
int utf8_at(std::string_view s, std::size_t i, unsigned& cp) {
  auto b = static_cast<unsigned char>(s[i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    return 0;
  }
  cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c >> 6) != 0x2) {
      return 0;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  return len;
}

bool needs_quotes(std::string_view v, bool in_flow) {
  if (v.empty() || is_reserved_word(v)) {
    return true;
  }
  const char first = v.front();
  if (std::strchr("-?:,[]{}#&*!|>'\"%@`+. 0123456789", first) != nullptr) {
    return true;
  }
  if (v.back() == ' ' || v.back() == ':') {
    return true;
  }
  if (v.find(": ") != std::string_view::npos || v.find(" #") != std::string_view::npos) {
    return true;
  }
  // yaml-cpp ends a plain scalar in a flow list at any of these (also at "?").
  if (in_flow && v.find_first_of(",?[]{}") != std::string_view::npos) {
    return true;
  }
  for (std::size_t i = 0; i < v.size();) {
    unsigned cp = 0;
    int len = utf8_at(v, i, cp);
    if (len == 0) {
      return true;
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
        cp == 0xFEFF) {
      return true;
    }
    i += static_cast<std::size_t>(len);
  }
  return false;
}

} // namespace

bool yaml_plain_ok(std::string_view v, bool in_flow) {
  return !needs_quotes(v, in_flow);
}

std::string yaml_scalar(std::string_view v, bool in_flow) {
  std::string out;
  append_yaml_scalar(out, v, in_flow);
  return out;
}

void append_yaml_scalar(std::string& out, std::string_view v, bool in_flow) {
  if (!needs_quotes(v, in_flow)) {
    out.append(v);
    return;
  }
  out += '"';
  for (std::size_t i = 0; i < v.size();) {
    unsigned cp = 0;
    int len = utf8_at(v, i, cp);
    if (len == 0) { // not UTF-8: keep the byte visible and escaped
      out += fmt::format("\\x{:02X}", static_cast<unsigned char>(v[i]));
      ++i;
      continue;
    }
    switch (cp) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    case 0:
      out += "\\0";
      break;
    default:
      if (cp < 0x20 || cp == 0x7F) {
        out += fmt::format("\\x{:02X}", cp);
      } else if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF) {
        out += fmt::format("\\u{:04X}", cp);
      } else {
        out.append(v.substr(i, static_cast<std::size_t>(len)));
      }
    }
    i += static_cast<std::size_t>(len);
  }
  out += '"';
}

namespace {

bool is_trimmed(const std::string& s) {
  auto ws = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
  };
  return s.empty() || (!ws(s.front()) && !ws(s.back()));
}

// Users order by their key compared case-insensitively, then byte-wise.
bool key_less(const std::string& la, const std::string& a, const std::string& lb,
              const std::string& b) {
  return la != lb ? la < lb : a < b;
}

// key_less(fold_case(a), a, fold_case(b), b) without making the lower-cased copies.
bool folded_key_less(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto fa = static_cast<unsigned char>(fold_char(a[i]));
    const auto fb = static_cast<unsigned char>(fold_char(b[i]));
    if (fa != fb) {
      return fa < fb;
    }
  }
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

bool is_canonical(const DesiredState& state) {
  const std::string* prev = nullptr;
  for (const DesiredUser& u : state.users) {
    for (const std::string* f :
         {&u.external_id, &u.first_name, &u.last_name, &u.email, &u.title, &u.region}) {
      if (!is_trimmed(*f)) {
        return false;
      }
    }
    for (std::size_t i = 0; i < u.groups.size(); ++i) {
      if (!is_trimmed(u.groups[i]) || (i > 0 && !(u.groups[i - 1] < u.groups[i]))) {
        return false;
      }
    }
    const std::string& k = key_value(u, state.key);
    if (prev != nullptr && folded_key_less(k, *prev)) {
      return false;
    }
    prev = &k;
  }
  return true;
}

} // namespace

void canonicalize(DesiredState& state) {
  for (DesiredUser& u : state.users) {
    for (std::string* f :
         {&u.external_id, &u.first_name, &u.last_name, &u.email, &u.title, &u.region}) {
      if (!is_trimmed(*f)) {
        *f = trimmed(*f);
      }
    }
    for (std::string& g : u.groups) {
      if (!is_trimmed(g)) {
        g = trimmed(g);
      }
    }
    if (!std::is_sorted(u.groups.begin(), u.groups.end())) {
      std::sort(u.groups.begin(), u.groups.end());
    }
    u.groups.erase(std::unique(u.groups.begin(), u.groups.end()), u.groups.end());
  }
  // Sort by precomputed folded keys (folding inside the comparator cost two
  // allocations per comparison: a third of an export of 100,000 users).
  std::vector<std::pair<std::string, std::size_t>> order;
  order.reserve(state.users.size());
  for (std::size_t i = 0; i < state.users.size(); ++i) {
    order.emplace_back(fold_case(key_value(state.users[i], state.key)), i);
  }
  auto less = [&](const auto& a, const auto& b) {
    return key_less(a.first, key_value(state.users[a.second], state.key), b.first,
                    key_value(state.users[b.second], state.key));
  };
  if (std::is_sorted(order.begin(), order.end(), less)) {
    return;
  }
  std::sort(order.begin(), order.end(), less);
  std::vector<DesiredUser> sorted;
  sorted.reserve(state.users.size());
  for (const auto& entry : order) {
    sorted.push_back(std::move(state.users[entry.second]));
  }
  state.users.swap(sorted);
}

std::string render_desired_state(const DesiredState& given) {
  if (!is_canonical(given)) {
    DesiredState copy = given;
    canonicalize(copy);
    return render_desired_state(copy);
  }
  const DesiredState& state = given;
  std::string source = state.source;
  std::replace(source.begin(), source.end(), '\n', ' ');
  std::replace(source.begin(), source.end(), '\r', ' ');
  std::string out;
  out.reserve(64 + state.users.size() * 160);
  out += "# alignctl desired state — who should have a Jira Align account.\n";
  out += "# Source: " + source + "\n";
  out += "# Written by alignctl export. Change the directory, not this file.\n";
  out += "version: 1\n";
  if (state.users.empty()) {
    out += "users: []\n";
    return out;
  }
  out += "users:\n";
  auto field = [&out](const char* prefix, const std::string& value) {
    out += prefix;
    append_yaml_scalar(out, value);
    out += '\n';
  };
  for (const DesiredUser& u : state.users) {
    field("  - externalId: ", u.external_id);
    field("    firstName: ", u.first_name);
    field("    lastName: ", u.last_name);
    field("    email: ", u.email);
    if (!u.title.empty()) {
      field("    title: ", u.title);
    }
    if (!u.region.empty()) {
      field("    region: ", u.region);
    }
    out += "    groups: [";
    for (std::size_t i = 0; i < u.groups.size(); ++i) {
      if (i) {
        out += ", ";
      }
      append_yaml_scalar(out, u.groups[i], true);
    }
    out += "]\n";
  }
  return out;
}

} // namespace alignctl
