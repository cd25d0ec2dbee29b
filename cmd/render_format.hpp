// The --format option of `plan` and `show`: "text", "markdown" or "json".
#pragma once

#include "planner/render/render.hpp"

#include <string>

namespace alignctl {

// The render format `name` names; anything else throws Fatal (usage) saying
// what --format takes.
RenderFormat parse_render_format(const std::string& name);

} // namespace alignctl
