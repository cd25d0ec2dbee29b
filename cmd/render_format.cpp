#include "cmd/render_format.hpp"

#include "state/util/fatal.hpp"

#include <fmt/core.h>

namespace alignctl {

RenderFormat parse_render_format(const std::string& name) {
  auto format = render_format_from_name(name);
  if (!format) {
    throw Fatal(fmt::format("--format must be text, markdown or json, not '{}'", name),
                k_exit_usage);
  }
  return *format;
}

} // namespace alignctl
