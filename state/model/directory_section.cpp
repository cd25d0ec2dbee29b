#include "state/model/directory_section.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <fmt/format.h>

namespace alignctl {
namespace {

void load_groups(YamlFieldReader& r, const YAML::Node& node, DirectoryConfig& c) {
  if (node.IsScalar()) {
    if (auto v = r.string_value(node, "directory.groups")) {
      c.groups = {*v};
    }
    return;
  }
  if (!node.IsSequence()) {
    r.error(node, "directory.groups must be a list of group DNs or names");
    return;
  }
  for (const YAML::Node& g : node) {
    if (auto v = r.string_value(g, "a directory.groups entry")) {
      c.groups.push_back(*v);
    }
  }
}

// One field of `attributes`: an attribute name, or {attribute, default}.
void load_mapping(YamlFieldReader& r, const std::string& field, const YAML::Node& node,
                  DirectoryConfig& c) {
  const std::string where = "directory.attributes." + field;
  FieldMapping m;
  m.set = true;
  if (node.IsScalar()) {
    if (auto v = r.string_value(node, where)) {
      m.attribute = *v;
      c.fields[field] = m;
    }
    return;
  }
  if (!node.IsMap()) {
    r.error(node, fmt::format("{} must be an attribute name or {{attribute, default}}", where));
    return;
  }
  bool ok = true;
  for (const auto& [name, value] : r.fields(node, where, {"attribute", "default"})) {
    auto v = r.string_value(value, where + "." + name);
    ok = ok && v.has_value();
    if (v) {
      (name == "attribute" ? m.attribute : m.default_value) = *v;
    }
  }
  if (ok) {
    c.fields[field] = m;
  }
}

void load_attributes(YamlFieldReader& r, const YAML::Node& node, DirectoryConfig& c) {
  if (!node.IsMap()) {
    r.error(node, "directory.attributes must be a mapping of field: attribute");
    return;
  }
  for (const auto& [field, value] : r.fields(node, "directory.attributes", k_desired_fields)) {
    load_mapping(r, field, value, c);
  }
}

} // namespace

void load_directory_section(YamlFieldReader& r, const YAML::Node& section,
                            DirectoryConfig& config) {
  std::vector<std::string> keys = directory_scalar_options();
  keys.insert(keys.end(), {"groups", "attributes"});
  for (const auto& [key, value] : r.fields(section, "section 'directory'", keys)) {
    const std::string where = "directory." + key;
    if (key == "groups") {
      load_groups(r, value, config);
    } else if (key == "attributes") {
      load_attributes(r, value, config);
    } else if (auto text = r.string_value(value, where)) {
      if (auto set = set_directory_option(config, key, *text); !set) {
        r.error(value, fmt::format("{}: {}", where, set.error().message));
      }
    }
  }
}

} // namespace alignctl
