#include "state/directory/directory_entry.hpp"

namespace alignctl {

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

std::string trim(std::string_view text) {
  const char* ws = " \t\r\n\v\f";
  std::size_t b = text.find_first_not_of(ws);
  if (b == std::string_view::npos) {
    return {};
  }
  std::size_t e = text.find_last_not_of(ws);
  return std::string(text.substr(b, e - b + 1));
}

void DirectoryEntry::add(std::string_view name, std::string value) {
  attributes[ascii_lower(name)].push_back(std::move(value));
}

const std::vector<std::string>& DirectoryEntry::values(std::string_view name) const {
  static const std::vector<std::string> k_empty;
  auto it = attributes.find(ascii_lower(name));
  return it == attributes.end() ? k_empty : it->second;
}

std::string DirectoryEntry::first(std::string_view name) const {
  const auto& v = values(name);
  return v.empty() ? std::string() : v.front();
}

bool DirectoryEntry::has(std::string_view name) const {
  return attributes.count(ascii_lower(name)) != 0;
}

} // namespace alignctl
