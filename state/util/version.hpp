// The tool's version and the commit it was built from, set by CMake.
#pragma once

namespace alignctl {

inline constexpr const char* k_version = ALIGNCTL_VERSION;
inline constexpr const char* k_git_commit = ALIGNCTL_GIT_COMMIT;

} // namespace alignctl
