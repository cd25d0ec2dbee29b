// The `directory:` section of the policy file (docs/export.md) read into a
// DirectoryConfig through the policy's YamlFieldReader: every problem in the
// section is a diagnostic (file:line:col, the value, what was expected) beside
// the rest of the policy's. Called by the one policy loader
// (planner/policy_loader), for `plan`, `validate` and `export` alike.
#pragma once

#include "state/model/directory_config.hpp"
#include "state/model/yaml_field_reader.hpp"

namespace alignctl {

// Fills `config` from `section` (the value of the top-level `directory` key);
// problems go to `reader`. Scalar options are set by set_directory_option, the
// same function export's flags go through.
void load_directory_section(YamlFieldReader& reader, const YAML::Node& section,
                            DirectoryConfig& config);

} // namespace alignctl
