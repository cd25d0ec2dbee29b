// libFuzzer target: the LDIF reader and its base64 decoder on arbitrary bytes.
// Properties: never crashes; every entry has a DN line; errors name the file.
#include "state/directory/ldif_reader.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)alignctl::decode_base64(text);
  auto entries = alignctl::parse_ldif(text, "export.ldif");
  if (!entries) {
    if (entries.error().message.rfind("export.ldif", 0) != 0) {
      std::abort();
    }
    return 0;
  }
  for (const alignctl::DirectoryEntry& e : *entries) {
    if (e.line < 1) {
      std::abort();
    }
  }
  return 0;
}
