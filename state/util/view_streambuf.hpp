// ViewStreambuf: a std::streambuf reading a string_view in place, for parsers
// that take a std::istream (yaml-cpp) — std::istringstream would copy a file
// of hundreds of megabytes twice. The text must outlive the buffer.
#pragma once

#include <streambuf>
#include <string_view>

namespace alignctl {

class ViewStreambuf : public std::streambuf {
public:
  explicit ViewStreambuf(std::string_view text) {
    char* begin = const_cast<char*>(text.data()); // get area only: never written
    setg(begin, begin, begin + text.size());
  }
};

} // namespace alignctl
