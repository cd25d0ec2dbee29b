// libFuzzer target: the CSV reader (PowerShell Export-Csv files) on arbitrary
// bytes. Properties: never crashes; every row has as many fields as the header.
#include "state/directory/csv_reader.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto table = alignctl::parse_csv(text, "members.csv");
  if (!table) {
    if (table.error().message.rfind("members.csv", 0) != 0) {
      std::abort();
    }
    return 0;
  }
  for (const alignctl::CsvRow& row : table->rows) {
    if (row.fields.size() != table->header.size() || row.line < 1) {
      std::abort();
    }
  }
  return 0;
}
