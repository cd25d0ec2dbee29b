// Reading a whole input file with a size limit checked before reading: a
// multi-gigabyte file given by mistake (or on purpose) is refused at once, not
// after filling memory.
#pragma once

#include "state/util/result.hpp"

#include <cstddef>
#include <string>

namespace alignctl {

// The content of `path`. Errors name `what` ("policy file", "CSV file") and
// the path: ErrorKind::Io when it cannot be opened or read (with the system's
// message), ErrorKind::Input when it holds more than `max_bytes` ("… is 2 GiB,
// over the limit of 512 MiB"). A regular file's size is checked before
// reading; a pipe or device is read up to max_bytes + 1.
Result<std::string> read_file_bounded(const std::string& path, std::size_t max_bytes,
                                      const std::string& what);

} // namespace alignctl
