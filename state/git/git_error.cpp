#include "state/git/git_error.hpp"

#include <fmt/core.h>
#include <git2.h>

namespace alignctl {

Error git_failure(const std::string& doing, int rc) {
  const git_error* e = git_error_last();
  std::string text = e != nullptr && e->message != nullptr ? e->message : "unknown libgit2 error";
  return make_error(ErrorKind::Io, fmt::format("{}: {} (libgit2 code {})", doing, text, rc));
}

} // namespace alignctl
