#include "tests/sim/core/filter.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace alignctl::sim {

enum class NodeKind { And, Or, Not, Compare, Function, Any };
enum class CompareOp { Eq, Ne, Gt, Ge, Lt, Le };
enum class FunctionOp { Contains, StartsWith, EndsWith };

struct Operand {
  enum class Kind { Literal, Property, LambdaProperty } kind = Kind::Literal;
  FieldValue literal;
  const FieldDef* field = nullptr;
  std::string lambda_key; // team object key for LambdaProperty
};

struct FilterNode {
  NodeKind kind = NodeKind::Compare;
  CompareOp cmp = CompareOp::Eq;
  FunctionOp fn = FunctionOp::Contains;
  Operand lhs, rhs;
  std::vector<std::unique_ptr<FilterNode>> children;
};

namespace {

enum class Tok { Ident, Number, String, LParen, RParen, Comma, Colon, Slash, End };

struct Token {
  Tok kind;
  std::string text;
  std::int64_t number = 0;
  std::size_t pos = 0; // 0-based
};

Error parse_error(const std::string& what, std::size_t pos) {
  return make_error(ErrorKind::BadRequest,
                    "Invalid $filter: " + what + " at position " + std::to_string(pos + 1), 400);
}

Result<std::vector<Token>> lex(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    Token t{Tok::End, {}, 0, i};
    if (c == '(' || c == ')' || c == ',' || c == ':' || c == '/') {
      t.kind = c == '('   ? Tok::LParen
               : c == ')' ? Tok::RParen
               : c == ',' ? Tok::Comma
               : c == ':' ? Tok::Colon
                          : Tok::Slash;
      ++i;
    } else if (c == '\'') {
      t.kind = Tok::String;
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == '\'') {
          if (i + 1 < s.size() && s[i + 1] == '\'') {
            t.text += '\'';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        t.text += s[i++];
      }
      if (!closed) {
        return parse_error("unterminated string literal", t.pos);
      }
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '-' && i + 1 < s.size() &&
                std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      std::size_t start = i++;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
        ++i;
      }
      t.kind = Tok::Number;
      t.text = std::string(s.substr(start, i - start));
      auto [p, ec] = std::from_chars(s.data() + start, s.data() + i, t.number);
      if (ec != std::errc() || p != s.data() + i) {
        return parse_error("integer literal '" + t.text + "' out of range", start);
      }
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t start = i;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) {
        ++i;
      }
      t.kind = Tok::Ident;
      t.text = std::string(s.substr(start, i - start));
    } else {
      return parse_error(std::string("unexpected character '") + c + "'", i);
    }
    out.push_back(std::move(t));
  }
  out.push_back(Token{Tok::End, {}, 0, s.size()});
  return out;
}

class Parser {
public:
  explicit Parser(std::vector<Token> toks) : m_toks(std::move(toks)) {}

  Result<std::unique_ptr<FilterNode>> parse_all() {
    auto node = parse_or();
    if (!node.ok()) {
      return node;
    }
    if (peek().kind != Tok::End) {
      return parse_error("unexpected '" + describe(peek()) + "'", peek().pos);
    }
    return node;
  }

private:
  const Token& peek() const { return m_toks[m_pos]; }
  const Token& next() { return m_toks[m_pos++]; }
  bool peek_keyword(std::string_view kw) const {
    return peek().kind == Tok::Ident && iequals(peek().text, kw);
  }
  static std::string describe(const Token& t) {
    switch (t.kind) {
    case Tok::End:
      return "end of input";
    case Tok::String:
      return "'" + t.text + "'";
    case Tok::LParen:
      return "(";
    case Tok::RParen:
      return ")";
    case Tok::Comma:
      return ",";
    case Tok::Colon:
      return ":";
    case Tok::Slash:
      return "/";
    default:
      return t.text;
    }
  }
  Result<void> expect(Tok kind, const char* what) {
    if (peek().kind != kind) {
      return parse_error(std::string("expected ") + what + " but found '" + describe(peek()) + "'",
                         peek().pos);
    }
    ++m_pos;
    return {};
  }

  using NodeResult = Result<std::unique_ptr<FilterNode>>;

  NodeResult parse_binary(NodeKind kind, std::string_view kw, NodeResult (Parser::*sub)()) {
    auto first = (this->*sub)();
    if (!first.ok()) {
      return first;
    }
    if (!peek_keyword(kw)) {
      return first;
    }
    auto node = std::make_unique<FilterNode>();
    node->kind = kind;
    node->children.push_back(std::move(first.value()));
    while (peek_keyword(kw)) {
      ++m_pos;
      auto rhs = (this->*sub)();
      if (!rhs.ok()) {
        return rhs;
      }
      node->children.push_back(std::move(rhs.value()));
    }
    return node;
  }

  NodeResult parse_or() { return parse_binary(NodeKind::Or, "or", &Parser::parse_and); }
  NodeResult parse_and() { return parse_binary(NodeKind::And, "and", &Parser::parse_unary); }

  NodeResult parse_unary() {
    if (peek_keyword("not")) {
      ++m_pos;
      auto inner = parse_unary();
      if (!inner.ok()) {
        return inner;
      }
      auto node = std::make_unique<FilterNode>();
      node->kind = NodeKind::Not;
      node->children.push_back(std::move(inner.value()));
      return node;
    }
    return parse_primary();
  }

  NodeResult parse_primary() {
    const Token& t = peek();
    if (t.kind == Tok::LParen) {
      ++m_pos;
      auto inner = parse_or();
      if (!inner.ok()) {
        return inner;
      }
      if (auto r = expect(Tok::RParen, "')'"); !r.ok()) {
        return r.error();
      }
      return inner;
    }
    if (t.kind == Tok::Ident && m_toks[m_pos + 1].kind == Tok::LParen) {
      return parse_function();
    }
    if (t.kind == Tok::Ident && m_toks[m_pos + 1].kind == Tok::Slash &&
        m_toks[m_pos + 2].kind == Tok::Ident && iequals(m_toks[m_pos + 2].text, "any") &&
        m_lambda_var.empty()) {
      return parse_any();
    }
    return parse_comparison();
  }

  NodeResult parse_function() {
    const Token& name = next();
    auto node = std::make_unique<FilterNode>();
    node->kind = NodeKind::Function;
    if (iequals(name.text, "contains") || iequals(name.text, "substringof")) {
      node->fn = FunctionOp::Contains;
    } else if (iequals(name.text, "startswith")) {
      node->fn = FunctionOp::StartsWith;
    } else if (iequals(name.text, "endswith")) {
      node->fn = FunctionOp::EndsWith;
    } else {
      return parse_error("unknown function '" + name.text + "'", name.pos);
    }
    ++m_pos; // (
    auto a = parse_operand();
    if (!a.ok()) {
      return a.error();
    }
    if (auto r = expect(Tok::Comma, "','"); !r.ok()) {
      return r.error();
    }
    auto b = parse_operand();
    if (!b.ok()) {
      return b.error();
    }
    if (auto r = expect(Tok::RParen, "')'"); !r.ok()) {
      return r.error();
    }
    node->lhs = std::move(a.value());
    node->rhs = std::move(b.value());
    if (iequals(name.text, "substringof")) {
      std::swap(node->lhs, node->rhs); // substringof('x', field)
    }
    return node;
  }

  NodeResult parse_any() {
    const Token& coll = next();
    const FieldDef* f = find_field(coll.text);
    if (f == nullptr || f->kind != FieldKind::Teams) {
      return parse_error("any() is only supported on 'teams', not '" + coll.text + "'", coll.pos);
    }
    m_pos += 2; // '/' 'any'
    if (auto r = expect(Tok::LParen, "'('"); !r.ok()) {
      return r.error();
    }
    if (peek().kind != Tok::Ident) {
      return parse_error("expected a lambda variable", peek().pos);
    }
    m_lambda_var = next().text;
    if (auto r = expect(Tok::Colon, "':'"); !r.ok()) {
      return r.error();
    }
    auto inner = parse_or();
    m_lambda_var.clear();
    if (!inner.ok()) {
      return inner;
    }
    if (auto r = expect(Tok::RParen, "')'"); !r.ok()) {
      return r.error();
    }
    auto node = std::make_unique<FilterNode>();
    node->kind = NodeKind::Any;
    node->children.push_back(std::move(inner.value()));
    return node;
  }

  NodeResult parse_comparison() {
    auto a = parse_operand();
    if (!a.ok()) {
      return a.error();
    }
    const Token& op = peek();
    static const std::pair<std::string_view, CompareOp> ops[] = {
        {"eq", CompareOp::Eq}, {"ne", CompareOp::Ne}, {"gt", CompareOp::Gt},
        {"ge", CompareOp::Ge}, {"lt", CompareOp::Lt}, {"le", CompareOp::Le}};
    auto node = std::make_unique<FilterNode>();
    node->kind = NodeKind::Compare;
    bool found = false;
    if (op.kind == Tok::Ident) {
      for (const auto& [kw, cmp] : ops) {
        if (iequals(op.text, kw)) {
          node->cmp = cmp;
          found = true;
        }
      }
    }
    if (!found) {
      return parse_error("expected a comparison operator (eq, ne, gt, ge, lt, le) but found '" +
                             describe(op) + "'",
                         op.pos);
    }
    ++m_pos;
    auto b = parse_operand();
    if (!b.ok()) {
      return b.error();
    }
    node->lhs = std::move(a.value());
    node->rhs = std::move(b.value());
    return node;
  }

  Result<Operand> parse_operand() {
    const Token& t = next();
    Operand o;
    switch (t.kind) {
    case Tok::Number:
      o.literal.type = FieldValue::Type::Int;
      o.literal.i = t.number;
      return o;
    case Tok::String:
      o.literal.type = FieldValue::Type::Str;
      o.literal.s = t.text;
      return o;
    case Tok::Ident:
      break;
    default:
      return parse_error("expected a property or a literal but found '" + describe(t) + "'", t.pos);
    }
    if (iequals(t.text, "null")) {
      return o;
    }
    if (iequals(t.text, "true") || iequals(t.text, "false")) {
      o.literal.type = FieldValue::Type::Int;
      o.literal.i = iequals(t.text, "true") ? 1 : 0;
      return o;
    }
    if (!m_lambda_var.empty() && t.text == m_lambda_var) {
      if (peek().kind != Tok::Slash || m_toks[m_pos + 1].kind != Tok::Ident) {
        return parse_error("expected '" + m_lambda_var + "/<property>'", t.pos);
      }
      ++m_pos;
      o.kind = Operand::Kind::LambdaProperty;
      o.lambda_key = next().text;
      return o;
    }
    const FieldDef* f = find_field(t.text);
    if (f == nullptr) {
      return parse_error("unknown property '" + t.text + "'", t.pos);
    }
    if (f->kind == FieldKind::Teams) {
      return parse_error("'teams' can only be used with any()", t.pos);
    }
    o.kind = Operand::Kind::Property;
    o.field = f;
    return o;
  }

  std::vector<Token> m_toks;
  std::size_t m_pos = 0;
  std::string m_lambda_var;
};

struct EvalContext {
  const User& user;
  std::string_view self_base;
  bool case_sensitive;
  const nlohmann::json* team = nullptr;
};

FieldValue resolve(const Operand& o, const EvalContext& ctx) {
  switch (o.kind) {
  case Operand::Kind::Literal:
    return o.literal;
  case Operand::Kind::Property:
    return field_value(ctx.user, *o.field, ctx.self_base);
  case Operand::Kind::LambdaProperty: {
    FieldValue v;
    if (ctx.team == nullptr || !ctx.team->is_object()) {
      return v;
    }
    for (auto it = ctx.team->begin(); it != ctx.team->end(); ++it) {
      if (iequals(it.key(), o.lambda_key)) {
        const auto& x = it.value();
        if (x.is_number_integer()) {
          v.type = FieldValue::Type::Int;
          v.i = x.get<std::int64_t>();
        } else if (x.is_string()) {
          v.type = FieldValue::Type::Str;
          v.s = x.get<std::string>();
        }
      }
    }
    return v;
  }
  }
  return {};
}

std::string as_string(const FieldValue& v) {
  return v.type == FieldValue::Type::Int ? std::to_string(v.i) : v.s;
}

// <0, 0, >0; nullopt when the two cannot be ordered (a null involved).
std::optional<int> compare(const FieldValue& a, const FieldValue& b, bool case_sensitive) {
  if (a.type == FieldValue::Type::Null || b.type == FieldValue::Type::Null) {
    return std::nullopt;
  }
  if (a.type == FieldValue::Type::Int && b.type == FieldValue::Type::Int) {
    return a.i < b.i ? -1 : (a.i > b.i ? 1 : 0);
  }
  std::string x = as_string(a);
  std::string y = as_string(b);
  if (!case_sensitive) {
    x = to_lower(x);
    y = to_lower(y);
  }
  int c = x.compare(y);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

bool eval(const FilterNode& n, const EvalContext& ctx) {
  switch (n.kind) {
  case NodeKind::And:
    return std::all_of(n.children.begin(), n.children.end(),
                       [&](const auto& c) { return eval(*c, ctx); });
  case NodeKind::Or:
    return std::any_of(n.children.begin(), n.children.end(),
                       [&](const auto& c) { return eval(*c, ctx); });
  case NodeKind::Not:
    return !eval(*n.children[0], ctx);
  case NodeKind::Any: {
    if (!ctx.user.teams.is_array()) {
      return false;
    }
    for (const auto& team : ctx.user.teams) {
      EvalContext inner{ctx.user, ctx.self_base, ctx.case_sensitive, &team};
      if (eval(*n.children[0], inner)) {
        return true;
      }
    }
    return false;
  }
  case NodeKind::Compare: {
    FieldValue a = resolve(n.lhs, ctx);
    FieldValue b = resolve(n.rhs, ctx);
    if (n.cmp == CompareOp::Eq || n.cmp == CompareOp::Ne) {
      bool a_null = a.type == FieldValue::Type::Null;
      bool b_null = b.type == FieldValue::Type::Null;
      bool equal = (a_null || b_null) ? (a_null && b_null) : compare(a, b, ctx.case_sensitive) == 0;
      return n.cmp == CompareOp::Eq ? equal : !equal;
    }
    auto c = compare(a, b, ctx.case_sensitive);
    if (!c) {
      return false;
    }
    switch (n.cmp) {
    case CompareOp::Gt:
      return *c > 0;
    case CompareOp::Ge:
      return *c >= 0;
    case CompareOp::Lt:
      return *c < 0;
    case CompareOp::Le:
      return *c <= 0;
    default:
      return false;
    }
  }
  case NodeKind::Function: {
    FieldValue a = resolve(n.lhs, ctx);
    FieldValue b = resolve(n.rhs, ctx);
    if (a.type == FieldValue::Type::Null || b.type == FieldValue::Type::Null) {
      return false;
    }
    std::string hay = as_string(a);
    std::string needle = as_string(b);
    if (!ctx.case_sensitive) {
      hay = to_lower(hay);
      needle = to_lower(needle);
    }
    switch (n.fn) {
    case FunctionOp::Contains:
      return hay.find(needle) != std::string::npos;
    case FunctionOp::StartsWith:
      return hay.compare(0, needle.size(), needle) == 0;
    case FunctionOp::EndsWith:
      return hay.size() >= needle.size() &&
             hay.compare(hay.size() - needle.size(), needle.size(), needle) == 0;
    }
    return false;
  }
  }
  return false;
}

std::optional<std::vector<EqKey>> keys_of(const FilterNode& n,
                                          const std::vector<const FieldDef*>& indexed) {
  switch (n.kind) {
  case NodeKind::Compare: {
    if (n.cmp != CompareOp::Eq) {
      return std::nullopt;
    }
    const Operand* prop = nullptr;
    const Operand* lit = nullptr;
    if (n.lhs.kind == Operand::Kind::Property && n.rhs.kind == Operand::Kind::Literal) {
      prop = &n.lhs;
      lit = &n.rhs;
    } else if (n.rhs.kind == Operand::Kind::Property && n.lhs.kind == Operand::Kind::Literal) {
      prop = &n.rhs;
      lit = &n.lhs;
    }
    if (prop == nullptr || lit->literal.type == FieldValue::Type::Null ||
        std::find(indexed.begin(), indexed.end(), prop->field) == indexed.end()) {
      return std::nullopt;
    }
    return std::vector<EqKey>{EqKey{prop->field, lit->literal}};
  }
  case NodeKind::And:
    for (const auto& c : n.children) {
      if (auto k = keys_of(*c, indexed)) {
        return k;
      }
    }
    return std::nullopt;
  case NodeKind::Or: {
    std::vector<EqKey> all;
    for (const auto& c : n.children) {
      auto k = keys_of(*c, indexed);
      if (!k) {
        return std::nullopt;
      }
      all.insert(all.end(), k->begin(), k->end());
    }
    return all;
  }
  default:
    return std::nullopt;
  }
}

} // namespace

Filter::Filter() = default;
Filter::Filter(Filter&&) noexcept = default;
Filter& Filter::operator=(Filter&&) noexcept = default;
Filter::~Filter() = default;

Result<Filter> Filter::parse(std::string_view text) {
  auto toks = lex(text);
  if (!toks.ok()) {
    return toks.error();
  }
  if (toks.value().size() == 1) {
    return parse_error("empty expression", 0);
  }
  Parser p(std::move(toks.value()));
  auto root = p.parse_all();
  if (!root.ok()) {
    return root.error();
  }
  Filter f;
  f.m_root = std::move(root.value());
  return f;
}

bool Filter::matches(const User& user, std::string_view self_base, bool case_sensitive) const {
  return eval(*m_root, EvalContext{user, self_base, case_sensitive});
}

std::optional<std::vector<EqKey>>
Filter::index_keys(const std::vector<const FieldDef*>& indexed) const {
  return keys_of(*m_root, indexed);
}

} // namespace alignctl::sim
