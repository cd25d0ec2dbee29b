#include "state/directory/directory_entry.hpp"

namespace alignctl {

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
  attributes[fold_case(name)].push_back(std::move(value));
}

const std::vector<std::string>& DirectoryEntry::values(std::string_view name) const {
  static const std::vector<std::string> k_empty;
  auto it = attributes.find(fold_case(name));
  return it == attributes.end() ? k_empty : it->second;
}

std::string DirectoryEntry::first(std::string_view name) const {
  const auto& v = values(name);
  return v.empty() ? std::string() : v.front();
}

bool DirectoryEntry::has(std::string_view name) const {
  return attributes.count(fold_case(name)) != 0;
}

} // namespace alignctl
