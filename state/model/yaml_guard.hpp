// Loading the first YAML document of an untrusted file (a policy) with every
// guard alignctl puts on it: the size limit, text problems (NUL, invalid
// UTF-8) with line:col, yaml-cpp's nesting guard, and the alias meter — an
// alias bomb or an alias inside the collection it names is refused before any
// walk of the values would pay for it. The policy loader (planner/) reads the
// policy file — for every command, export included — this way.
#pragma once

#include "state/util/diagnostic.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <yaml-cpp/yaml.h>

namespace alignctl {

struct GuardedYaml {
  YAML::Node root;                   // the first document; Null when refused
  std::optional<Diagnostic> problem; // why it was refused (line 0: the whole file)
};

// `noun` names the kind of file in messages ("policy"); `nesting` says how deep
// such a file normally nests ("a policy nests 4 levels").
GuardedYaml load_guarded_yaml(std::string_view text, const std::string& file, std::size_t max_bytes,
                              const std::string& noun, const std::string& nesting);

} // namespace alignctl
