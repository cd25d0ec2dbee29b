// ListQuery: the OData query options of a list call ($top, $skip, $select,
// $orderby, $filter), parsed and checked (contract §2). Option names match
// case-insensitively; unknown options are ignored.
#pragma once

#include "state/util/result.hpp"
#include "tests/sim/core/filter.hpp"
#include "tests/sim/core/user.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace alignctl::sim {

inline constexpr std::int64_t k_max_page = 100;

using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct ListQuery {
  std::int64_t top = k_max_page;
  std::int64_t skip = 0;
  std::vector<const FieldDef*> select; // empty: every field
  bool descending = false;             // $orderby=id desc
  std::optional<Filter> filter;
};

struct QueryRules {
  // $top > 100: false caps it at 100, true answers 400.
  bool strict_top = false;
  // Reference-data endpoints take only $top and $skip.
  bool users = true;
};

// Errors are ErrorKind::BadRequest with a message for the 400 body, e.g.
// "Invalid value for $top: 'abc'." or "$top must not exceed 100."
Result<ListQuery> parse_list_query(const QueryParams& params, const QueryRules& rules);

} // namespace alignctl::sim
