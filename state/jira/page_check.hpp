// The consistency rules for a list fetched in overlapping pages (when the
// server honours $orderby=id), and for one fetched in the server's own order
// (when it ignores or rejects it: see the end of this file and docs/client.md).
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

// The $skip of page k when pages do not overlap (the server's own order, where
// a shared record proves nothing): k·size.
std::size_t plain_page_skip(std::size_t page, std::size_t page_size);

// What is wrong inside one page: more than `page_size` records, or ids not
// strictly increasing (a duplicate, or the server ignored $orderby=id).
// std::nullopt when the page is well-formed.
std::optional<std::string> page_problem(const std::vector<std::int64_t>& ids,
                                        std::size_t page_size);

// True when the ids are distinct but one follows a larger one: the server
// did not sort by id (it ignores $orderby), which no re-fetch can repair.
bool order_not_applied(const std::vector<std::int64_t>& ids);

// What is wrong inside one page in the server's own order: more than
// `page_size` records, or an id twice. std::nullopt when well-formed.
std::optional<std::string> unordered_page_problem(const std::vector<std::int64_t>& ids,
                                                  std::size_t page_size);

// The checks of a listing in the server's own order, where seams prove
// nothing: the first id seen twice in one pass (a record created or moved
// while paging shifted a later page), and whether two passes saw the same
// ids (a record deleted while paging makes a later page skip one). Both take
// ids sorted ascending.
std::optional<std::int64_t> first_repeated_id(const std::vector<std::int64_t>& sorted_ids);
// std::nullopt when equal; else "N ids only in the first pass (e.g. 17), M
// only in the second (e.g. 42)".
std::optional<std::string> id_sets_differ(const std::vector<std::int64_t>& first,
                                          const std::vector<std::int64_t>& second);

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
