// The OData $filter subset the simulator understands (contract §2):
//   comparisons  prop eq|ne|gt|ge|lt|le literal   (either side may be the property)
//   functions    contains(prop,'x'), startswith(prop,'x'), endswith(prop,'x')
//   logic        and, or, not, parentheses (and binds tighter than or)
//   lambda       teams/any(t: t/teamId eq 1)
//   literals     integers, 'strings' ('' escapes a quote), null, true, false
// Property names and keywords match case-insensitively; string comparison is
// case-insensitive unless the caller asks otherwise.
#pragma once

#include "state/util/result.hpp"
#include "tests/sim/core/user.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace alignctl::sim {

struct FilterNode;

// An equality test usable with an index: `field eq value`.
struct EqKey {
  const FieldDef* field;
  FieldValue value;
};

class Filter {
public:
  // Parses `text`. On failure the error (ErrorKind::BadRequest) reads
  // "Invalid $filter: <problem> at position <1-based column>".
  static Result<Filter> parse(std::string_view text);

  bool matches(const User& user, std::string_view self_base, bool case_sensitive) const;

  // Equality keys on `indexed` fields such that every matching user satisfies
  // at least one of them (a superset probe), or nullopt when the filter offers
  // none (the caller then scans).
  std::optional<std::vector<EqKey>> index_keys(const std::vector<const FieldDef*>& indexed) const;

  Filter(Filter&&) noexcept;
  Filter& operator=(Filter&&) noexcept;
  ~Filter();

private:
  Filter();
  std::unique_ptr<FilterNode> m_root;
};

} // namespace alignctl::sim
