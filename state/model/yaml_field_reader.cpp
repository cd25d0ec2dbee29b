#include "state/model/yaml_field_reader.hpp"

#include "state/model/yaml_mark.hpp"
#include "state/util/calendar_date.hpp"
#include "state/util/input_limits.hpp"
#include "state/util/text_scan.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <fmt/format.h>

namespace alignctl {

void YamlFieldReader::error_at(const YAML::Mark& mark, std::string message) {
  if (m_diags.size() >= k_max_diagnostics) {
    m_dropped = true;
    return;
  }
  m_diags.push_back(diagnostic_at(m_file, mark, std::move(message)));
}

void YamlFieldReader::error_nowhere(std::string message) {
  if (m_diags.size() >= k_max_diagnostics) {
    m_dropped = true;
    return;
  }
  m_diags.push_back(Diagnostic{m_file, 0, 0, std::move(message)});
}

std::map<std::string, YAML::Node> YamlFieldReader::fields(const YAML::Node& node,
                                                          const std::string& where,
                                                          const std::vector<std::string>& allowed) {
  std::map<std::string, YAML::Node> out;
  if (!node.IsMap()) {
    error(node, fmt::format("{} must be a mapping", where));
    return out;
  }
  std::map<std::string, int> first_line;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key = it->first; // a copy: it-> yields a temporary proxy
    if (!key.IsScalar()) {
      error(key, fmt::format("{}: keys must be plain names", where));
      continue;
    }
    const std::string name = key.Scalar();
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      error(key, fmt::format("unknown key '{}' in {} (expected: {})", shown(name), where,
                             fmt::join(allowed, ", ")));
      continue;
    }
    auto [pos, inserted] = first_line.emplace(name, key.Mark().line + 1);
    if (!inserted) {
      error(key,
            fmt::format("duplicate key '{}' in {} (first at line {})", name, where, pos->second));
      continue;
    }
    out.emplace(name, it->second);
  }
  return out;
}

std::optional<std::string> YamlFieldReader::string_value(const YAML::Node& node,
                                                         const std::string& what) {
  if (!node.IsScalar()) {
    error(node, fmt::format("{} must be a string", what));
    return std::nullopt;
  }
  if (!clean_text(node, what)) {
    return std::nullopt;
  }
  return node.Scalar();
}

bool YamlFieldReader::clean_text(const YAML::Node& node, const std::string& what) {
  if (auto why = decoded_value_problem(node.Scalar())) {
    error(node, fmt::format("{} {}", what, *why));
    return false;
  }
  return true;
}

std::optional<std::string> YamlFieldReader::date_value(const YAML::Node& node,
                                                       const std::string& what) {
  if (node.IsScalar() && calendar_day(node.Scalar())) {
    return node.Scalar();
  }
  error(node, fmt::format("{} must be a date YYYY-MM-DD, not '{}'", what,
                          node.IsScalar() ? shown(node.Scalar()) : std::string("a collection")));
  return std::nullopt;
}

std::optional<bool> YamlFieldReader::bool_value(const YAML::Node& node, const std::string& what) {
  if (node.IsScalar() && (node.Scalar() == "true" || node.Scalar() == "false")) {
    return node.Scalar() == "true";
  }
  error(node, fmt::format("{} must be true or false, not '{}'", what,
                          node.IsScalar() ? shown(node.Scalar()) : std::string("a collection")));
  return std::nullopt;
}

std::vector<YAML::Node> YamlFieldReader::items(const YAML::Node& node, const std::string& what) {
  std::vector<YAML::Node> out;
  if (node.IsNull()) {
    return out;
  }
  if (!node.IsSequence()) {
    error(node, fmt::format("{} must be a list", what));
    return out;
  }
  for (const YAML::Node& item : node) {
    out.push_back(item);
  }
  return out;
}

Diagnostics YamlFieldReader::take_sorted() {
  Diagnostics out = std::move(m_diags);
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  });
  if (m_dropped) {
    out.push_back(Diagnostic{
        m_file, 0, 0, fmt::format("stopped after the first {} problems", k_max_diagnostics)});
  }
  return out;
}

} // namespace alignctl
