// The tool's version and the commit it was built from. Defined in a source
// file CMake generates at build time (cmake/WriteVersion.cmake).
#pragma once

namespace alignctl {

extern const char* const k_version;
extern const char* const k_git_commit;

} // namespace alignctl
