#include "state/model/desired_state_reader.hpp"

#include "state/model/canonical_yaml.hpp"
#include "state/model/yaml_mark.hpp"
#include "state/util/ascii_case.hpp"
#include "state/util/input_limits.hpp"
#include "state/util/text_scan.hpp"
#include "state/util/view_streambuf.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <istream>
#include <optional>
#include <unordered_map>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

namespace alignctl {

namespace {

std::string trim(const std::string& s) {
  const char* ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string::npos) {
    return "";
  }
  auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

bool all_of(std::string_view s, bool (*pred)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_octal(char c) {
  return c >= '0' && c <= '7';
}

// What a plain (unquoted) scalar resolves to under YAML's core schema, plus
// the YAML 1.1 booleans people trip over; "" when it is a string.
std::string plain_scalar_kind(std::string_view s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") {
    return "null";
  }
  for (std::string_view b : {"true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES",
                             "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"}) {
    if (s == b) {
      return "a boolean";
    }
  }
  std::string_view body = s;
  if (body[0] == '+' || body[0] == '-') {
    body.remove_prefix(1);
  }
  if (all_of(body, is_digit)) {
    return "a number";
  }
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    if (all_of(s.substr(2), s[1] == 'x' ? is_hex : is_octal)) {
      return "a number";
    }
  }
  for (std::string_view special : {".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"}) {
    if (body == special) {
      return "a number";
    }
  }
  // Floats: digits with at most one '.', optional exponent, at least one digit.
  std::size_t i = 0;
  bool digits = false;
  while (i < body.size() && is_digit(body[i])) {
    ++i;
    digits = true;
  }
  if (i < body.size() && body[i] == '.') {
    ++i;
    while (i < body.size() && is_digit(body[i])) {
      ++i;
      digits = true;
    }
  }
  if (digits && i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) {
      ++i;
    }
    std::size_t start = i;
    while (i < body.size() && is_digit(body[i])) {
      ++i;
    }
    if (i == start) {
      return "";
    }
  }
  return digits && i == body.size() ? "a number" : "";
}

const std::vector<std::string> k_user_fields = {"externalId", "firstName", "lastName", "email",
                                                "title",      "region",    "groups"};
const std::vector<std::string> k_required = {"externalId", "firstName", "lastName", "email",
                                             "groups"};

// Thrown by the reader's handler once k_max_diagnostics problems are known;
// the parse stops there.
struct TooManyProblems {};

std::string join_names(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    out += (out.empty() ? "" : ", ") + s;
  }
  return out;
}

// Walks the parser's events with an explicit stack (no document tree).
class Reader : public YAML::EventHandler {
public:
  Reader(std::string file, MatchKey key, DesiredStateRead& out)
      : m_file(std::move(file)), m_key(match_key_name(key)), m_out(out) {}

  void finish() {
    if (!m_saw_root) {
      error(0, 0, "the file is empty; expected 'version: 1' and 'users:'");
      return;
    }
    if (m_bad_root) {
      return;
    }
    if (!m_saw_version) {
      error(0, 0, "missing 'version: 1'");
    }
    if (!m_saw_users) {
      error(0, 0, "missing 'users:' (an empty list is written as 'users: []')");
    }
  }

  void error(int line, int column, std::string message) {
    m_out.diagnostics.push_back(Diagnostic{m_file, line, column, std::move(message)});
    if (m_out.diagnostics.size() >= k_max_diagnostics) {
      throw TooManyProblems{};
    }
  }
  void error(const YAML::Mark& m, std::string message) {
    error(m.line >= 0 ? m.line + 1 : 0, m.column >= 0 ? m.column + 1 : 0, std::move(message));
  }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override { m_doc_done = true; }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { scalar(mark, "?", "", true); }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    error(mark, "aliases (*name) are not allowed in a desired-state file");
    // The alias takes the place of a key or a value; nothing more to say about it.
    if (!m_stack.empty() &&
        (m_stack.back().kind == Kind::RootMap || m_stack.back().kind == Kind::UserMap)) {
      Frame& top = m_stack.back();
      if (top.expect_value) {
        top.expect_value = false;
      } else {
        top.expect_value = true;
        top.key = "";
      }
    }
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                const std::string& value) override {
    scalar(mark, tag, value, false);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    collection_start(mark, true);
  }
  void OnSequenceEnd() override { collection_end(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    collection_start(mark, false);
  }
  void OnMapEnd() override { collection_end(); }

private:
  enum class Kind { RootMap, UsersSeq, UserMap, GroupsSeq, Skip };
  struct Frame {
    Kind kind = Kind::Skip;
    bool expect_value = false; // maps: a key was read, its value comes next
    std::string key;
    YAML::Mark key_mark;
    int skip_depth = 0;
  };
  static Frame make_frame(Kind kind, int skip_depth = 0) {
    Frame f;
    f.kind = kind;
    f.skip_depth = skip_depth;
    return f;
  }

  bool in_user_map_value(const char* field) const {
    return !m_stack.empty() && m_stack.back().kind == Kind::UserMap &&
           m_stack.back().expect_value && m_stack.back().key == field;
  }

  std::string user_label() const {
    const DesiredUser& u = m_out.state.users.back();
    if (!u.external_id.empty()) {
      return fmt::format("user '{}'", u.external_id);
    }
    return fmt::format("the user at line {}", u.line);
  }

  // A value (scalar or whole collection) has been consumed in the top frame.
  void value_done() {
    if (!m_stack.empty() &&
        (m_stack.back().kind == Kind::RootMap || m_stack.back().kind == Kind::UserMap)) {
      m_stack.back().expect_value = false;
    }
  }

  void collection_start(const YAML::Mark& mark, bool sequence) {
    if (m_doc_done) {
      error(mark, "only one YAML document is allowed");
      m_stack.push_back(make_frame(Kind::Skip, 1));
      return;
    }
    if (m_stack.empty()) {
      if (m_saw_root || sequence) {
        error(mark, "the file must be a mapping with 'version' and 'users'");
        m_stack.push_back(make_frame(Kind::Skip, 1));
        m_saw_root = true;
        m_bad_root = true;
        return;
      }
      m_saw_root = true;
      m_stack.push_back(make_frame(Kind::RootMap));
      return;
    }
    Frame& top = m_stack.back();
    switch (top.kind) {
    case Kind::Skip:
      ++top.skip_depth;
      return;
    case Kind::RootMap:
      if (!top.expect_value) {
        error(mark, "keys must be plain names");
        top.expect_value = true;
        top.key = "";
      } else if (top.key == "users" && sequence) {
        m_stack.push_back(make_frame(Kind::UsersSeq));
        return;
      } else if (top.key == "users") {
        error(mark, "'users' must be a list");
      } else if (top.key == "version") {
        error(mark, "version must be 1");
      }
      break;
    case Kind::UsersSeq:
      if (!sequence) {
        DesiredUser u;
        u.line = mark.line + 1;
        m_out.state.users.push_back(std::move(u));
        m_user_column = mark.column + 1;
        m_user_fields.clear();
        m_stack.push_back(make_frame(Kind::UserMap));
        return;
      }
      error(mark, "each entry of 'users' must be a mapping of fields");
      break;
    case Kind::UserMap:
      if (!top.expect_value) {
        error(mark, "keys must be plain names");
        top.expect_value = true;
        top.key = "";
      } else if (top.key == "groups" && sequence) {
        m_stack.push_back(make_frame(Kind::GroupsSeq));
        return;
      } else if (!top.key.empty()) {
        error(mark, fmt::format("field '{}' of {} must be {}", top.key, user_label(),
                                top.key == "groups" ? "a list of group names" : "a string"));
      }
      break;
    case Kind::GroupsSeq:
      error(mark, fmt::format("groups of {} must be names (strings)", user_label()));
      break;
    }
    m_stack.push_back(make_frame(Kind::Skip, 1));
  }

  void collection_end() {
    if (m_stack.empty()) {
      return;
    }
    Frame& top = m_stack.back();
    if (top.kind == Kind::Skip) {
      if (--top.skip_depth > 0) {
        return;
      }
      m_stack.pop_back();
      value_done();
      return;
    }
    if (top.kind == Kind::UserMap) {
      finish_user();
    }
    m_stack.pop_back();
    value_done();
  }

  void finish_user() {
    DesiredUser& u = m_out.state.users.back();
    for (const std::string& f : k_required) {
      if (std::find(m_user_fields.begin(), m_user_fields.end(), f) == m_user_fields.end()) {
        error(u.line, m_user_column, fmt::format("{} lacks required field '{}'", user_label(), f));
      }
    }
    std::sort(u.groups.begin(), u.groups.end());
  }

  void scalar(const YAML::Mark& mark, const std::string& tag, const std::string& value,
              bool is_null) {
    if (m_stack.empty()) {
      if (!m_doc_done && !(is_null && !m_saw_root)) {
        error(mark, "the file must be a mapping with 'version' and 'users'");
        m_bad_root = true;
      }
      m_saw_root = true;
      return;
    }
    Frame& top = m_stack.back();
    switch (top.kind) {
    case Kind::Skip:
      return;
    case Kind::RootMap:
      root_scalar(top, mark, tag, value, is_null);
      return;
    case Kind::UsersSeq:
      error(mark, "each entry of 'users' must be a mapping of fields");
      return;
    case Kind::UserMap:
      user_scalar(top, mark, tag, value, is_null);
      return;
    case Kind::GroupsSeq: {
      std::string kind = tag == "?" ? plain_scalar_kind(value) : "";
      if (!kind.empty()) {
        error(mark, fmt::format("group '{}' of {} is {}, not a name; quote it", shown(value),
                                user_label(), kind));
        return;
      }
      std::string name = trim(value);
      if (auto why = decoded_value_problem(name)) {
        error(mark, fmt::format("a group of {} {}", user_label(), *why));
        return;
      }
      if (auto n = utf8_length(name); n > k_max_value_chars) {
        error(mark, fmt::format("group '{}' of {} is {} characters long; the limit is {}",
                                shown(name), user_label(), n, k_max_value_chars));
        return;
      }
      m_out.state.users.back().groups.push_back(std::move(name));
      return;
    }
    }
  }

  void root_scalar(Frame& top, const YAML::Mark& mark, const std::string& tag,
                   const std::string& value, bool is_null) {
    if (!top.expect_value) {
      top.expect_value = true;
      top.key = value;
      top.key_mark = mark;
      if (value == "version" || value == "users") {
        bool& seen = value == "version" ? m_saw_version : m_saw_users;
        if (seen) {
          error(mark, fmt::format("duplicate key '{}'", value));
          top.key = "";
        }
        seen = true;
      } else {
        error(mark, fmt::format("unknown key '{}' (expected: version, users)", shown(value)));
        top.key = "";
      }
      return;
    }
    top.expect_value = false;
    if (top.key == "version") {
      if (tag != "?" || value != "1") {
        error(mark, fmt::format("version must be 1, not '{}' (this alignctl reads version 1)",
                                shown(value)));
      }
    } else if (top.key == "users" && !(is_null || (tag == "?" && value.empty()))) {
      error(mark, "'users' must be a list");
    }
  }

  void user_scalar(Frame& top, const YAML::Mark& mark, const std::string& tag,
                   const std::string& value, bool is_null) {
    DesiredUser& u = m_out.state.users.back();
    if (!top.expect_value) {
      top.expect_value = true;
      top.key_mark = mark;
      if (std::find(k_user_fields.begin(), k_user_fields.end(), value) == k_user_fields.end()) {
        error(mark, fmt::format("unknown field '{}' in {} (expected: {})", shown(value),
                                user_label(), join_names(k_user_fields)));
        top.key = "";
      } else if (std::find(m_user_fields.begin(), m_user_fields.end(), value) !=
                 m_user_fields.end()) {
        error(mark, fmt::format("field '{}' appears twice in {}", value, user_label()));
        top.key = "";
      } else {
        top.key = value;
        m_user_fields.push_back(value);
      }
      return;
    }
    top.expect_value = false;
    const std::string& field = top.key;
    if (field.empty()) {
      return;
    }
    if (field == "groups") {
      if (is_null || (tag == "?" && value.empty())) {
        return; // "groups:" with nothing: no groups
      }
      error(mark,
            fmt::format("field 'groups' of {} must be a list like [GroupName]", user_label()));
      return;
    }
    std::string kind = (is_null || tag == "?") ? plain_scalar_kind(value) : "";
    if (!kind.empty()) {
      error(mark, fmt::format("field '{}' of {} is {}, not a string; quote it", field, user_label(),
                              kind));
      return;
    }
    std::string v = trim(value);
    if (auto why = decoded_value_problem(v)) {
      error(mark, fmt::format("field '{}' of {} {}", field, user_label(), *why));
      return;
    }
    if (auto n = utf8_length(v); n > k_max_value_chars) {
      error(mark, fmt::format("field '{}' of {} is {} characters long; the limit is {}", field,
                              user_label(), n, k_max_value_chars));
      return;
    }
    if (field == "externalId") {
      u.external_id = v;
    } else if (field == "firstName") {
      u.first_name = v;
    } else if (field == "lastName") {
      u.last_name = v;
    } else if (field == "email") {
      u.email = v;
    } else if (field == "title") {
      u.title = v;
    } else if (field == "region") {
      u.region = v;
      u.region_line = mark.line + 1;
      u.region_column = mark.column + 1;
    }
    if (field == m_key) {
      if (v.empty()) {
        error(mark, fmt::format("{} of the user at line {} is empty", field, u.line));
        return;
      }
      auto [it, inserted] = m_keys.emplace(fold_case(v), KeySeen{mark.line + 1, v});
      if (!inserted) {
        error(mark, fmt::format("duplicate {} '{}' (also at line {} as '{}'; keys are compared "
                                "case-insensitively)",
                                field, v, it->second.line, it->second.value));
      }
    }
  }

  struct KeySeen {
    int line;
    std::string value;
  };

  std::string m_file;
  std::string m_key;
  DesiredStateRead& m_out;
  std::vector<Frame> m_stack;
  std::vector<std::string> m_user_fields;
  int m_user_column = 0;
  std::unordered_map<std::string, KeySeen> m_keys;
  bool m_saw_root = false;
  bool m_saw_version = false;
  bool m_saw_users = false;
  bool m_doc_done = false;
  bool m_bad_root = false;
};

void sort_by_position(Diagnostics& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::pair(a.line, a.column) < std::pair(b.line, b.column);
                   });
}

} // namespace

DesiredStateRead read_desired_state(std::string_view text, const std::string& file, MatchKey key) {
  DesiredStateRead out;
  out.state.key = key;
  if (text.size() > k_max_desired_state_bytes) {
    out.diagnostics.push_back(
        Diagnostic{file, 0, 0,
                   fmt::format("the file is {}, over the limit of {} for a desired state",
                               format_size(text.size()), format_size(k_max_desired_state_bytes))});
    return out;
  }
  if (auto bad = find_text_problem(text)) {
    out.diagnostics.push_back(Diagnostic{file, bad->line, bad->column, bad->message});
    return out;
  }
  Reader reader(file, key, out);
  ViewStreambuf buffer(text);
  std::istream in(&buffer);
  try {
    // Files as the writer makes them take the fast path (same events, same
    // checks); anything else is parsed by yaml-cpp.
    if (!emit_canonical_yaml(text, reader)) {
      YAML::Parser parser(in);
      bool first = true;
      while (parser.HandleNextDocument(reader)) {
        if (!first) {
          reader.error(0, 0, "only one YAML document is allowed");
          break;
        }
        first = false;
      }
    }
  } catch (const TooManyProblems&) {
    sort_by_position(out.diagnostics);
    out.diagnostics.push_back(Diagnostic{
        file, 0, 0, fmt::format("stopped after the first {} problems", k_max_diagnostics)});
    return out;
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own guard (about 500 levels); its message says only "bad file".
    // What the reader said about the levels before it is noise: dropped.
    out.diagnostics.clear();
    out.diagnostics.push_back(diagnostic_at(
        file, e.mark,
        "not valid YAML: lists and mappings nested too deeply (a desired state nests 3 levels)"));
    sort_by_position(out.diagnostics);
    return out;
  } catch (const YAML::Exception& e) {
    out.diagnostics.push_back(diagnostic_at(file, e.mark, "not valid YAML: " + e.msg));
    sort_by_position(out.diagnostics);
    return out;
  }
  try {
    reader.finish();
  } catch (const TooManyProblems&) {
  }
  sort_by_position(out.diagnostics);
  return out;
}

} // namespace alignctl
