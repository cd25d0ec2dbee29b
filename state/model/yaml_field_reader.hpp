// YamlFieldReader: reading fields of an untrusted YAML document (the policy
// file) while accumulating every problem as a Diagnostic (file:line:col), so a
// loader reports them all instead of stopping at the first. The policy loader
// (planner/policy_loader) and the policy's `directory:` section
// (state/model/directory_section) read their fields through it; it depends on
// yaml-cpp only, so both the pure planner and export can use it.
#pragma once

#include "state/util/diagnostic.hpp"
#include "state/util/text_scan.hpp" // shown

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace alignctl {

class YamlFieldReader {
public:
  explicit YamlFieldReader(std::string file) : m_file(std::move(file)) {}

  const std::string& file() const { return m_file; }
  Diagnostics& diagnostics() { return m_diags; }
  // True when problems beyond k_max_diagnostics were left out.
  bool dropped() const { return m_dropped; }

  void error_at(const YAML::Mark& mark, std::string message);
  void error(const YAML::Node& node, std::string message) {
    error_at(node.Mark(), std::move(message));
  }
  void error_nowhere(std::string message);

  // The entries of a mapping by key, reporting unknown and duplicate keys:
  // "unknown key 'x' in WHERE (expected: a, b)". Returns an empty map (after
  // a diagnostic) when `node` is not a mapping.
  std::map<std::string, YAML::Node> fields(const YAML::Node& node, const std::string& where,
                                           const std::vector<std::string>& allowed);
  // A scalar, clean text (no NUL, UTF-8 once decoded); else a diagnostic
  // "WHAT must be a string".
  std::optional<std::string> string_value(const YAML::Node& node, const std::string& what);
  // False (after a diagnostic) when a scalar decodes to a NUL or to bytes
  // that are not UTF-8 (yaml-cpp turns "\N" into the single byte 0x85).
  bool clean_text(const YAML::Node& node, const std::string& what);
  // A calendar date "YYYY-MM-DD" that exists (state/util/calendar_date);
  // else a diagnostic "WHAT must be a date YYYY-MM-DD, not '…'".
  std::optional<std::string> date_value(const YAML::Node& node, const std::string& what);
  // true or false.
  std::optional<bool> bool_value(const YAML::Node& node, const std::string& what);
  // A sequence (flow or block); null is an empty one. Reports a non-sequence.
  std::vector<YAML::Node> items(const YAML::Node& node, const std::string& what);

  // The diagnostics in file order, with a closing note when some were left
  // out; the reader is spent afterwards.
  Diagnostics take_sorted();

private:
  std::string m_file;
  Diagnostics m_diags;
  bool m_dropped = false;
};

} // namespace alignctl
