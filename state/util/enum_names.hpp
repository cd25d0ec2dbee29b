// Names of enum values: one table of {value, "name"} rows per enum, and the
// two look-ups every name/from-name pair needs. A table may give a value
// several names (aliases accepted when reading); name_of gives the first.
//
//   constexpr EnumName<Verdict> k_verdicts[] = {
//       {Verdict::Ok, "ok"}, {Verdict::Note, "note"}, {Verdict::Block, "block"}};
//   static_assert(lists_every_value(k_verdicts, Verdict::Block));
//   name_of(k_verdicts, Verdict::Note) == "note"
//   from_name(k_verdicts, "block") == Verdict::Block
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace alignctl {

template <class E> struct EnumName {
  E value;
  std::string_view name;
};

// The first name of `value` in `table`; `fallback` when no row has it.
template <class E, std::size_t N>
constexpr std::string_view name_of(const EnumName<E> (&table)[N], E value,
                                   std::string_view fallback = "") {
  for (const EnumName<E>& row : table) {
    if (row.value == value) {
      return row.name;
    }
  }
  return fallback;
}

// The value named `name` (exactly, case and all); nullopt when no row has it.
template <class E, std::size_t N>
constexpr std::optional<E> from_name(const EnumName<E> (&table)[N], std::string_view name) {
  for (const EnumName<E>& row : table) {
    if (row.name == name) {
      return row.value;
    }
  }
  return std::nullopt;
}

// True when the table lists every enumerator once, in enum order, from the
// first (0) to `last`: for a static_assert beside the table, so that a new
// enumerator without a name does not compile.
template <class E, std::size_t N>
constexpr bool lists_every_value(const EnumName<E> (&table)[N], E last) {
  for (std::size_t i = 0; i < N; ++i) {
    if (static_cast<std::size_t>(table[i].value) != i) {
      return false;
    }
  }
  return table[N - 1].value == last;
}

} // namespace alignctl
