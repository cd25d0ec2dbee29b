// The only code that reads or writes plan files (docs/plan-format.md).
#include "planner/plan_file.hpp"

#include "planner/digest.hpp"
#include "planner/plan_summary.hpp"
#include "state/util/json_depth.hpp"
#include "state/util/text_scan.hpp"

#include <fmt/core.h>
#include <limits>
#include <nlohmann/json.hpp>

namespace alignctl {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr const char* k_checksum_prefix = "sha256:";
constexpr const char* k_signature_prefix = "hmac-sha256:";

ordered_json id_or_null(const std::optional<std::int64_t>& id) {
  return id ? ordered_json(*id) : ordered_json(nullptr);
}

ordered_json summary_json(const Plan& plan) {
  PlanSummary s = summarize(plan);
  ordered_json j = ordered_json::object();
  for (const auto& [op, count] : s.actions) {
    j[action_op_name(op)] = count;
  }
  j["total"] = s.total_actions;
  ordered_json n = ordered_json::object();
  for (const auto& [kind, count] : s.notices) {
    n[kind] = count;
  }
  j["notices"] = std::move(n);
  if (s.labelled) { // optional: plan --base only
    j["labels"] = ordered_json::object({{"change", s.change}, {"drift", s.drift}});
  }
  return j;
}

ordered_json person_json(const Person& p) {
  return ordered_json::object({{"name", p.name}, {"email", p.email}});
}

ordered_json label_json(const LabelDetail& l) {
  ordered_json j = ordered_json::object();
  j["kind"] = action_label_name(l.kind);
  ordered_json reasons = ordered_json::array();
  for (const LabelReason& r : l.reasons) {
    reasons.push_back(ordered_json::object({{"code", reason_code_name(r.code)}, {"text", r.text}}));
  }
  j["reasons"] = std::move(reasons);
  if (l.commit) {
    j["commit"] = ordered_json::object(
        {{"id", l.commit->id}, {"date", l.commit->date}, {"author", l.commit->author}});
  }
  if (l.history) {
    j["history"] = history_search_name(*l.history);
  }
  return j;
}

// The document without checksum and signature, in the file's key order.
ordered_json content_json(const Plan& plan) {
  ordered_json doc = ordered_json::object();
  doc["format"] = k_plan_format_name;
  doc["format_version"] = k_plan_format_version;
  doc["tool_version"] = plan.tool_version;
  doc["created_at"] = plan.created_at;
  doc["target_url"] = plan.target_url;
  doc["match_key"] = match_key_name(plan.match_key);
  if (plan.partial()) { // optional: only in a plan made with --target
    doc["targets"] = plan.targets;
  }
  doc["provenance"] = ordered_json::object({
      {"desired_source", plan.provenance.desired_source},
      {"desired_commit", plan.provenance.desired_commit},
      {"desired_sha256", plan.provenance.desired_sha256},
      {"policy_source", plan.provenance.policy_source},
      {"policy_sha256", plan.provenance.policy_sha256},
  });
  if (!plan.provenance.listing_mode.empty()) { // optional: absent in older plans
    doc["provenance"]["listing_mode"] = plan.provenance.listing_mode;
  }
  if (plan.provenance.base) { // optional: plan --base only
    doc["provenance"]["base"] = ordered_json::object(
        {{"ref", plan.provenance.base->ref}, {"commit", plan.provenance.base->commit}});
  }
  if (!plan.provenance.undoes_checksum.empty()) { // optional: only in plans written by undo
    doc["provenance"]["undoes"] = ordered_json::object(
        {{"plan", plan.provenance.undoes_plan}, {"checksum", plan.provenance.undoes_checksum}});
  }
  doc["summary"] = summary_json(plan);
  ordered_json actions = ordered_json::array();
  for (const Action& a : plan.actions) {
    ordered_json j = ordered_json::object();
    j["op"] = action_op_name(a.op);
    j["key"] = a.key;
    j["user_id"] = id_or_null(a.user_id);
    j["reason"] = a.reason;
    j["reason_code"] = reason_code_name(a.reason_code);
    j["precondition"] = ordered_json(a.precondition);
    j["after"] = ordered_json(a.after);
    if (a.before.is_object() && !a.before.empty()) { // optional: absent for creates, older plans
      j["before"] = ordered_json(a.before);
    }
    j["request"] = ordered_json::object({{"method", a.request.method},
                                         {"path", a.request.path},
                                         {"body", ordered_json(a.request.body)}});
    if (a.who) { // optional fields: absent in older plans
      j["who"] = person_json(*a.who);
    }
    if (a.label) {
      j["label"] = label_json(*a.label);
    }
    actions.push_back(std::move(j));
  }
  doc["actions"] = std::move(actions);
  ordered_json notices = ordered_json::array();
  for (const Notice& n : plan.notices) {
    ordered_json j = ordered_json::object({{"kind", notice_kind_name(n.kind)},
                                           {"key", n.key},
                                           {"user_id", id_or_null(n.user_id)},
                                           {"reason", n.reason},
                                           {"reason_code", reason_code_name(n.reason_code)}});
    if (n.who) {
      j["who"] = person_json(*n.who);
    }
    notices.push_back(std::move(j));
  }
  doc["notices"] = std::move(notices);
  return doc;
}

// The bytes the checksum and signature cover: the content (everything but
// checksum and signature) as compact JSON with sorted keys. Independent of
// the file's layout, so a reader recomputes it from what it parsed.
std::string canonical_bytes(const json& content) {
  return content.dump(-1, ' ', false, json::error_handler_t::strict);
}

Error refuse(const std::string& source, const std::string& what) {
  return make_error(ErrorKind::Input, fmt::format("{}: plan file: {}", source, what));
}

// The optional "reason_code" of an action or notice: absent in plans written
// before reason codes (Unspecified); present, it must be a known code.
Result<ReasonCode> read_reason_code(const json& obj, const std::string& path) {
  auto it = obj.find("reason_code");
  if (it == obj.end()) {
    return ReasonCode::Unspecified;
  }
  if (!it->is_string()) {
    return make_error(ErrorKind::Input,
                      fmt::format("field '{}.reason_code' is not a string", path));
  }
  auto code = reason_code_from_name(it->get<std::string>());
  if (!code) {
    return make_error(ErrorKind::Input, fmt::format("field '{}.reason_code': unknown reason code "
                                                    "'{}' (written by a newer alignctl?)",
                                                    path, it->get<std::string>()));
  }
  return *code;
}

// Typed field access that names the field path when the file is malformed.
class Decoder {
public:
  explicit Decoder(const std::string& source) : m_source(source) {}
  std::optional<Error> error;

  const json* field(const json& obj, const char* name, const std::string& path, json::value_t type,
                    bool nullable = false) {
    if (error) {
      return nullptr;
    }
    auto it = obj.find(name);
    std::string where = path.empty() ? name : path + "." + name;
    if (it == obj.end()) {
      error = refuse(m_source, fmt::format("field '{}' is missing", where));
      return nullptr;
    }
    bool ok = it->type() == type || (nullable && it->is_null()) ||
              (type == json::value_t::number_integer && it->is_number_integer());
    if (!ok) {
      error = refuse(m_source,
                     fmt::format("field '{}' has the wrong type ({})", where, it->type_name()));
      return nullptr;
    }
    return &*it;
  }

  std::string str(const json& obj, const char* name, const std::string& path) {
    const json* j = field(obj, name, path, json::value_t::string);
    return j ? j->get<std::string>() : std::string();
  }

  std::optional<std::int64_t> opt_int(const json& obj, const char* name, const std::string& path) {
    const json* j = field(obj, name, path, json::value_t::number_integer, true);
    if (!j || j->is_null()) {
      return std::nullopt;
    }
    if (j->is_number_unsigned() &&
        j->get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      error = refuse(m_source, fmt::format("field '{}' is out of range ({})",
                                           path.empty() ? name : path + "." + name, j->dump()));
      return std::nullopt;
    }
    return j->get<std::int64_t>();
  }

  // Element `i` of the list named `list` as an object, `path` set to
  // "LIST[I]"; nullptr (the file refused) when it is not one.
  const json* element(const json& items, std::size_t i, const char* list, std::string& path) {
    path = fmt::format("{}[{}]", list, i);
    if (!items[i].is_object()) {
      error = refuse(m_source, fmt::format("field '{}' is not an object", path));
      return nullptr;
    }
    return &items[i];
  }

  // The value the string field `name` names, through `from_name`; nullopt
  // (the file refused: "field 'PATH.NAME': unknown WHAT 'X'") for another.
  template <class FromName>
  auto named(const json& obj, const char* name, const std::string& path, FromName from_name,
             const char* what) -> decltype(from_name(std::string())) {
    const std::string text = str(obj, name, path);
    if (error) {
      return std::nullopt;
    }
    auto value = from_name(text);
    if (!value) {
      error =
          refuse(m_source, fmt::format("field '{}.{}': unknown {} '{}'", path, name, what, text));
    }
    return value;
  }

  // What every action and notice has: key, user_id, reason and reason_code.
  template <class Entry> void entry_fields(const json& obj, const std::string& path, Entry& e) {
    e.key = str(obj, "key", path);
    e.user_id = opt_int(obj, "user_id", path);
    e.reason = str(obj, "reason", path);
    if (auto code = read_reason_code(obj, path); code) {
      e.reason_code = *code;
    } else {
      error = refuse(m_source, code.error().message);
    }
  }

private:
  const std::string& m_source;
};

// The optional "who" of an action or notice.
std::optional<Person> read_who(Decoder& d, const json& obj, const std::string& path) {
  if (!obj.contains("who")) {
    return std::nullopt;
  }
  const json* w = d.field(obj, "who", path, json::value_t::object);
  if (w == nullptr) {
    return std::nullopt;
  }
  Person p;
  p.name = d.str(*w, "name", path + ".who");
  p.email = d.str(*w, "email", path + ".who");
  return p;
}

// The optional "label" of an action (plan --base).
Result<std::optional<LabelDetail>> read_label(Decoder& d, const json& obj,
                                              const std::string& path) {
  if (!obj.contains("label")) {
    return std::optional<LabelDetail>();
  }
  const std::string where = path + ".label";
  const json* l = d.field(obj, "label", path, json::value_t::object);
  if (l == nullptr) {
    return std::optional<LabelDetail>();
  }
  LabelDetail out;
  const std::string kind = d.str(*l, "kind", where);
  if (d.error) {
    return std::optional<LabelDetail>();
  }
  if (auto k = action_label_from_name(kind)) {
    out.kind = *k;
  } else {
    return make_error(ErrorKind::Input,
                      fmt::format("field '{}.kind': unknown label '{}'", where, kind));
  }
  if (const json* reasons = d.field(*l, "reasons", where, json::value_t::array)) {
    for (std::size_t i = 0; i < reasons->size() && !d.error; ++i) {
      const json& r = (*reasons)[i];
      const std::string rpath = fmt::format("{}.reasons[{}]", where, i);
      if (!r.is_object()) {
        return make_error(ErrorKind::Input, fmt::format("field '{}' is not an object", rpath));
      }
      LabelReason reason;
      const std::string code = d.str(r, "code", rpath);
      reason.text = d.str(r, "text", rpath);
      if (d.error) {
        break;
      }
      auto c = reason_code_from_name(code);
      if (!c) {
        return make_error(ErrorKind::Input,
                          fmt::format("field '{}.code': unknown reason code '{}' (written by a "
                                      "newer alignctl?)",
                                      rpath, code));
      }
      reason.code = *c;
      out.reasons.push_back(std::move(reason));
    }
  }
  if (l->contains("commit")) {
    if (const json* c = d.field(*l, "commit", where, json::value_t::object)) {
      CommitRef commit;
      commit.id = d.str(*c, "id", where + ".commit");
      commit.date = d.str(*c, "date", where + ".commit");
      commit.author = d.str(*c, "author", where + ".commit");
      out.commit = std::move(commit);
    }
  }
  if (l->contains("history")) {
    const std::string h = d.str(*l, "history", where);
    if (d.error) {
      return std::optional<LabelDetail>();
    }
    out.history = history_search_from_name(h);
    if (!out.history) {
      return make_error(ErrorKind::Input,
                        fmt::format("field '{}.history': unknown value '{}'", where, h));
    }
  }
  return std::optional<LabelDetail>(std::move(out));
}

Result<Plan> decode(const json& doc, const std::string& source) {
  Decoder d(source);
  Plan plan;
  plan.tool_version = d.str(doc, "tool_version", "");
  plan.created_at = d.str(doc, "created_at", "");
  plan.target_url = d.str(doc, "target_url", "");
  // "" in plans whose writer left it unset: externalId, as then.
  const std::string key = d.str(doc, "match_key", "");
  if (auto k = key.empty() ? MatchKey::ExternalId : match_key_from_name(key)) {
    plan.match_key = *k;
  } else if (!d.error) {
    return refuse(source,
                  fmt::format("field 'match_key' must be externalId or email, not '{}'", key));
  }
  if (doc.contains("targets")) { // optional: a partial plan (plan --target)
    if (const json* t = d.field(doc, "targets", "", json::value_t::array)) {
      for (const json& v : *t) {
        if (!v.is_string() || v.get<std::string>().empty()) {
          return refuse(source, "field 'targets' must list non-empty strings");
        }
        plan.targets.push_back(v.get<std::string>());
      }
      if (plan.targets.empty()) {
        return refuse(source, "field 'targets' is empty (a plan of every user has no 'targets')");
      }
    }
  }
  if (const json* p = d.field(doc, "provenance", "", json::value_t::object)) {
    plan.provenance.desired_source = d.str(*p, "desired_source", "provenance");
    plan.provenance.desired_commit = d.str(*p, "desired_commit", "provenance");
    plan.provenance.desired_sha256 = d.str(*p, "desired_sha256", "provenance");
    plan.provenance.policy_source = d.str(*p, "policy_source", "provenance");
    plan.provenance.policy_sha256 = d.str(*p, "policy_sha256", "provenance");
    if (p->contains("listing_mode")) {
      plan.provenance.listing_mode = d.str(*p, "listing_mode", "provenance");
    }
    if (p->contains("base")) {
      if (const json* b = d.field(*p, "base", "provenance", json::value_t::object)) {
        BaseRef base;
        base.ref = d.str(*b, "ref", "provenance.base");
        base.commit = d.str(*b, "commit", "provenance.base");
        plan.provenance.base = std::move(base);
      }
    }
    if (p->contains("undoes")) {
      if (const json* u = d.field(*p, "undoes", "provenance", json::value_t::object)) {
        plan.provenance.undoes_plan = d.str(*u, "plan", "provenance.undoes");
        plan.provenance.undoes_checksum = d.str(*u, "checksum", "provenance.undoes");
      }
    }
  }
  if (const json* actions = d.field(doc, "actions", "", json::value_t::array)) {
    plan.actions.reserve(actions->size());
    for (std::size_t i = 0; i < actions->size() && !d.error; ++i) {
      std::string path;
      const json* entry = d.element(*actions, i, "actions", path);
      auto op = entry ? d.named(*entry, "op", path, action_op_from_name, "action") : std::nullopt;
      if (!op) {
        break;
      }
      const json& a = *entry;
      Action act;
      act.op = *op;
      d.entry_fields(a, path, act);
      if (const json* j = d.field(a, "precondition", path, json::value_t::object)) {
        act.precondition = *j;
      }
      if (const json* j = d.field(a, "after", path, json::value_t::object)) {
        act.after = *j;
      }
      if (a.contains("before")) {
        if (const json* j = d.field(a, "before", path, json::value_t::object)) {
          act.before = *j;
        }
      }
      if (const json* r = d.field(a, "request", path, json::value_t::object)) {
        act.request.method = d.str(*r, "method", path + ".request");
        act.request.path = d.str(*r, "path", path + ".request");
        auto body = r->find("body");
        if (body == r->end() && !d.error) {
          return refuse(source, fmt::format("field '{}.request.body' is missing", path));
        }
        if (!d.error) {
          act.request.body = *body;
        }
      }
      act.who = read_who(d, a, path);
      if (auto label = read_label(d, a, path); label) {
        act.label = std::move(*label);
      } else {
        return refuse(source, label.error().message);
      }
      plan.actions.push_back(std::move(act));
    }
  }
  if (const json* notices = d.field(doc, "notices", "", json::value_t::array)) {
    for (std::size_t i = 0; i < notices->size() && !d.error; ++i) {
      std::string path;
      const json* entry = d.element(*notices, i, "notices", path);
      auto kind = entry ? d.named(*entry, "kind", path, notice_kind_from_name, "notice kind")
                        : std::nullopt;
      if (!kind) {
        break;
      }
      Notice notice;
      notice.kind = *kind;
      d.entry_fields(*entry, path, notice);
      notice.who = read_who(d, *entry, path);
      plan.notices.push_back(std::move(notice));
    }
  }
  if (d.error) {
    return *d.error;
  }
  return plan;
}

} // namespace

std::string write_plan_file(const Plan& plan, const std::optional<Secret>& signing_key) {
  ordered_json doc = content_json(plan);
  const std::string canonical = canonical_bytes(json(doc));
  doc["checksum"] = k_checksum_prefix + sha256_hex(canonical);
  if (signing_key && !signing_key->empty()) {
    doc["signature"] = k_signature_prefix + hmac_sha256_hex(signing_key->reveal(), canonical);
  }
  return doc.dump(2, ' ', false, ordered_json::error_handler_t::strict) + "\n";
}

Result<LoadedPlan> read_plan_file(std::string_view text, const std::string& source,
                                  const std::optional<Secret>& signing_key) {
  if (text.size() > k_max_plan_file_bytes) {
    return refuse(source,
                  fmt::format("the file is {}, over the limit of {} for a plan",
                              format_size(text.size()), format_size(k_max_plan_file_bytes)));
  }
  if (auto deep = json_too_deep(text)) {
    return refuse(source, fmt::format("JSON nested deeper than {} levels (at byte {}), so not an "
                                      "alignctl plan",
                                      k_max_json_depth, *deep + 1));
  }
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) { // parse_error, or out_of_range for a number like 1e400
    return refuse(source, fmt::format("not valid JSON ({})", e.what()));
  }
  if (!doc.is_object()) {
    return refuse(source, "not a JSON object, so not an alignctl plan");
  }
  auto format = doc.find("format");
  if (format == doc.end() || !format->is_string() || *format != k_plan_format_name) {
    return refuse(source, fmt::format("not an alignctl plan (format is {}, expected \"{}\")",
                                      format == doc.end() ? std::string("missing") : format->dump(),
                                      k_plan_format_name));
  }
  auto version = doc.find("format_version");
  if (version == doc.end() || !version->is_number_integer()) {
    return refuse(source, "format_version is missing or not a number");
  }
  if (*version != k_plan_format_version) {
    return refuse(source, fmt::format("unknown format version {} (this alignctl reads version {})",
                                      version->dump(), k_plan_format_version));
  }
  auto checksum_it = doc.find("checksum");
  if (checksum_it == doc.end() || !checksum_it->is_string()) {
    return refuse(source, "no checksum — not written by alignctl, or cut short");
  }
  const std::string checksum = checksum_it->get<std::string>();
  std::optional<std::string> signature;
  if (auto s = doc.find("signature"); s != doc.end()) {
    if (!s->is_string()) {
      return refuse(source, "bad signature — signed with another key, or altered");
    }
    signature = s->get<std::string>();
  }
  json content = doc;
  content.erase("checksum");
  content.erase("signature");
  std::string canonical;
  try {
    canonical = canonical_bytes(content);
  } catch (const json::exception& e) {
    return refuse(source, fmt::format("cannot be re-encoded ({})", e.what()));
  }
  if (!constant_time_equal(checksum, k_checksum_prefix + sha256_hex(canonical))) {
    return refuse(source, "checksum mismatch — the file was altered after it was written");
  }
  const bool have_key = signing_key && !signing_key->empty();
  if (have_key && !signature) {
    return refuse(source, "not signed, but a signing key is configured");
  }
  if (have_key &&
      !constant_time_equal(*signature, k_signature_prefix +
                                           hmac_sha256_hex(signing_key->reveal(), canonical))) {
    return refuse(source, "bad signature — signed with another key, or altered");
  }
  auto plan = decode(doc, source);
  if (!plan) {
    return plan.error();
  }
  LoadedPlan out;
  out.plan = std::move(*plan);
  out.checksum = checksum;
  out.signed_plan = signature.has_value();
  return out;
}

} // namespace alignctl
