// The consistency rules for a list fetched in overlapping pages.
//
// Page k is requested with $skip = k·(size−1), $top = size, $orderby=id, so
// consecutive pages share one record: the last of page k is the first of page
// k+1. Each page is a contiguous slice of the id-ordered list at the moment it
// was served, so when every shared record matches, the union holds every
// record that existed throughout the listing exactly once — even when records
// were inserted or removed meanwhile (which shifts later pages: a shifted page
// no longer starts with its neighbour's last record, and the seam shows it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace alignctl {

// The $skip of page k.
std::size_t page_skip(std::size_t page, std::size_t page_size);

// What is wrong inside one page: more than `page_size` records, or ids not
// strictly increasing (a duplicate, or the server ignored $orderby=id).
// std::nullopt when the page is well-formed.
std::optional<std::string> page_problem(const std::vector<std::int64_t>& ids,
                                        std::size_t page_size);

struct PageSummary {
  std::size_t count = 0;
  std::int64_t first_id = 0;
  std::int64_t last_id = 0;
};

struct SeamProblem {
  std::size_t page = 0; // the later page of the two that disagree
  std::string what;
};

// Checks pages 0..n (n = the last, the only short one). Returns the first seam
// that does not join: page k+1 not starting with page k's last id, a page
// before the last that is short, or a last page that is full.
std::optional<SeamProblem> first_bad_seam(const std::vector<PageSummary>& pages,
                                          std::size_t page_size);

} // namespace alignctl
