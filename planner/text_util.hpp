// Small string helpers the planner shares: ASCII case folding (keys are
// compared case-insensitively, ASCII only, like the desired-state format),
// joining, and glob matching for protected patterns.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace alignctl {

std::string fold_case(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
std::string join(const std::vector<std::string>& parts, std::string_view separator);

// Shell-style glob (`*` any run, `?` one character), ASCII case-insensitive.
bool glob_match(std::string_view pattern, std::string_view text);

} // namespace alignctl
