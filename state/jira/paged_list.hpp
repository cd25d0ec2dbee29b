// fetch_collection: a whole collection (/Users, /Regions, …) fetched in
// pages with bounded concurrency, exactly, whatever the server does with
// $orderby=id (listing_mode.hpp): when it honours it, one pass of pages that
// overlap by one record (fetch_all_pages, checked by page_check.hpp's seams);
// when it ignores or rejects it, pages in the server's own order verified by a
// second pass (fetch_in_server_order). Internal to alignctl_jira.
#pragma once

#include "state/jira/jira_align.hpp"
#include "state/jira/listing_mode.hpp"
#include "state/jira/odata_query.hpp"
#include "state/jira/page_check.hpp"
#include "state/jira/request_executor.hpp"

#include <algorithm>
#include <atomic>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <thread>

namespace alignctl {

struct PageSpec {
  std::string path;                                             // "/Users"
  std::vector<std::pair<std::string, std::string>> extra_query; // $select, $filter
  std::size_t page_size = 100;
  int concurrency = 1;
  // true: $orderby=id, pages overlapping by one record, ids increasing in a
  // page; false: no $orderby, pages side by side in the server's own order.
  bool by_id = true;
};

// Parses one page's body into items (each with an `id`); errors name `label`.
template <class Item>
using PageParser =
    std::function<Result<std::vector<Item>>(std::string_view body, const std::string& label)>;

namespace paging_detail {

inline constexpr int k_page_refetches = 3; // a malformed page is asked again this often
inline constexpr int k_restarts = 3;       // whole listings tried when seams keep breaking

template <class Item> std::vector<std::int64_t> ids_of(const std::vector<Item>& items) {
  std::vector<std::int64_t> ids;
  ids.reserve(items.size());
  for (const Item& i : items) {
    ids.push_back(i.id);
  }
  return ids;
}

// Only the ids of a page (the verifying pass of fetch_in_server_order).
struct ListedId {
  std::int64_t id = 0;
};

template <class Item> PageParser<ListedId> ids_only(const PageParser<Item>& parse) {
  return [parse](std::string_view body, const std::string& label) -> Result<std::vector<ListedId>> {
    auto items = parse(body, label);
    if (!items) {
      return items.error();
    }
    std::vector<ListedId> ids;
    ids.reserve(items->size());
    for (const Item& i : *items) {
      ids.push_back(ListedId{i.id});
    }
    return ids;
  };
}

// Page k. When the spec lists by id and the server returns the page in
// another order, sets *order_ignored (if given) and fails at once.
template <class Item>
Result<std::vector<Item>> fetch_page(RequestExecutor& executor, const PageSpec& spec,
                                     const PageParser<Item>& parse, std::size_t k,
                                     std::atomic<bool>* order_ignored = nullptr) {
  std::size_t skip = spec.by_id ? page_skip(k, spec.page_size) : plain_page_skip(k, spec.page_size);
  std::vector<std::pair<std::string, std::string>> query = {
      {"$skip", std::to_string(skip)}, {"$top", std::to_string(spec.page_size)}};
  if (spec.by_id) {
    query.emplace_back("$orderby", "id");
  }
  std::vector<std::pair<std::string, std::string>> shown = query;
  for (const auto& q : spec.extra_query) {
    query.push_back(q);
    if (q.first != "$select") {
      shown.push_back(q);
    }
  }
  HttpRequest request{"GET", make_target(spec.path, query), "",
                      make_label("GET", spec.path, shown)};
  std::string problem;
  for (int attempt = 0; attempt < k_page_refetches; ++attempt) {
    auto answer = executor.execute(request, Idempotency::Idempotent);
    if (!answer) {
      return answer.error();
    }
    auto items = parse(answer->body, request.label);
    if (!items) {
      return items.error();
    }
    std::vector<std::int64_t> ids = ids_of(*items);
    if (spec.by_id && order_not_applied(ids)) {
      if (order_ignored != nullptr) {
        *order_ignored = true;
      }
      return make_error(ErrorKind::Protocol,
                        request.label + ": " + page_problem(ids, ids.size()).value_or(""));
    }
    auto bad = spec.by_id ? page_problem(ids, spec.page_size)
                          : unordered_page_problem(ids, spec.page_size);
    if (!bad) {
      return items;
    }
    problem = *bad;
  }
  return make_error(ErrorKind::Protocol, request.label + ": " + problem + " (asked " +
                                             std::to_string(k_page_refetches) + " times)");
}

template <class Item> PageSummary summary_of(const std::vector<Item>& page) {
  PageSummary s;
  s.count = page.size();
  if (!page.empty()) {
    s.first_id = page.front().id;
    s.last_id = page.back().id;
  }
  return s;
}

// One pass: pages 0.. fetched by `concurrency` threads until the first short
// page; pages past it are dropped. Returns the pages in order.
template <class Item>
Result<std::vector<std::vector<Item>>>
fetch_pass(RequestExecutor& executor, const PageSpec& spec, const PageParser<Item>& parse,
           const ProgressFn& progress, std::atomic<bool>* order_ignored = nullptr) {
  constexpr std::size_t k_none = std::numeric_limits<std::size_t>::max();
  std::mutex mutex;
  std::map<std::size_t, std::vector<Item>> pages;
  std::size_t stop_at = k_none;   // the first short page seen
  std::size_t failed_at = k_none; // the first page that failed
  std::optional<Error> failure;
  std::atomic<std::size_t> next{0};
  ListProgress shown;

  auto worker = [&] {
    for (;;) {
      std::size_t k = next.fetch_add(1);
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (k > stop_at || k > failed_at) {
          return;
        }
      }
      auto page = fetch_page<Item>(executor, spec, parse, k, order_ignored);
      std::lock_guard<std::mutex> lock(mutex);
      if (!page) {
        if (k < failed_at) {
          failed_at = k;
          failure = page.error();
        }
        return;
      }
      if (page->size() < spec.page_size) {
        stop_at = std::min(stop_at, k);
      }
      shown.pages_done += 1;
      shown.users_so_far += page->size() - (spec.by_id && k > 0 && !page->empty() ? 1 : 0);
      pages.emplace(k, std::move(*page));
      if (progress) {
        progress(shown);
      }
    }
  };
  int threads = std::max(1, spec.concurrency);
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) {
    pool.emplace_back(worker);
  }
  worker();
  for (auto& t : pool) {
    t.join();
  }
  if (failure && failed_at <= stop_at) {
    return *failure;
  }
  std::vector<std::vector<Item>> ordered;
  for (std::size_t k = 0; k <= stop_at && k != k_none; ++k) {
    auto it = pages.find(k);
    if (it == pages.end()) {
      return make_error(ErrorKind::Internal, "GET " + spec.path + ": page " + std::to_string(k) +
                                                 " missing after paging");
    }
    ordered.push_back(std::move(it->second));
  }
  return ordered;
}

template <class Item>
std::optional<SeamProblem> check(const std::vector<std::vector<Item>>& pages,
                                 std::size_t page_size) {
  std::vector<PageSummary> summaries;
  summaries.reserve(pages.size());
  for (const auto& p : pages) {
    summaries.push_back(summary_of(p));
  }
  return first_bad_seam(summaries, page_size);
}

inline Error kept_changing(const PageSpec& spec, const std::string& last_problem) {
  return make_error(ErrorKind::Protocol,
                    "GET " + spec.path + ": the list kept changing while it was paged (" +
                        last_problem + ") after " + std::to_string(k_restarts) +
                        " tries; no partial result is returned — try again");
}

// Whether page 0 comes back once $orderby is left out: the 400 was about it.
template <class Item>
bool orderby_was_refused(RequestExecutor& executor, PageSpec spec, const PageParser<Item>& parse) {
  spec.by_id = false;
  return fetch_page<Item>(executor, spec, parse, 0).ok();
}

} // namespace paging_detail

// Every item of the collection exactly once, ordered by id, from a server that
// sorts by id (spec.by_id). A page that is malformed is asked again; a seam
// that does not join is repaired by asking its two pages again, then by
// listing again from the start; when the list keeps changing, a Protocol
// error says so — never a wrong set. A page not in id order fails at once and
// sets *order_ignored.
template <class Item>
Result<std::vector<Item>>
fetch_all_pages(RequestExecutor& executor, const PageSpec& spec, const PageParser<Item>& parse,
                const ProgressFn& progress = {}, std::atomic<bool>* order_ignored = nullptr) {
  using namespace paging_detail;
  std::string last_problem;
  for (int pass = 0; pass < k_restarts; ++pass) {
    auto pages = fetch_pass<Item>(executor, spec, parse, progress, order_ignored);
    if (!pages) {
      return pages.error();
    }
    auto seam = check(*pages, spec.page_size);
    if (seam && seam->page > 0 && seam->page < pages->size()) {
      // Local repair: the two pages around the seam, fetched again in order.
      for (std::size_t k : {seam->page - 1, seam->page}) {
        auto again = fetch_page<Item>(executor, spec, parse, k, order_ignored);
        if (!again) {
          return again.error();
        }
        (*pages)[k] = std::move(*again);
      }
      seam = check(*pages, spec.page_size);
    }
    if (!seam) {
      std::vector<Item> all;
      std::size_t total = 0;
      for (const auto& p : *pages) {
        total += p.size();
      }
      all.reserve(total);
      for (std::size_t k = 0; k < pages->size(); ++k) {
        auto& p = (*pages)[k];
        auto begin = p.begin() + (k > 0 ? 1 : 0); // the record shared with page k-1
        std::move(begin, p.end(), std::back_inserter(all));
        std::vector<Item>().swap(p);
      }
      return all;
    }
    last_problem = seam->what;
  }
  return kept_changing(spec, last_problem);
}

// Every item exactly once, ordered by id, from a server that lists in its own
// order (spec.by_id false). A pass reads pages side by side until the first
// short one; a record created (or moved) while paging shifts later pages so
// that one record is listed twice, a record deleted makes one be skipped. So
// a pass with an id twice is thrown away, and a pass is accepted only when a
// second pass, asking only for ids (`verify_query` replaces the spec's extra
// query), finds exactly the same ids. A single short page is one answer and
// needs no second pass. When passes keep disagreeing, a Protocol error says
// so — never a wrong set.
template <class Item>
Result<std::vector<Item>>
fetch_in_server_order(RequestExecutor& executor, const PageSpec& spec,
                      const PageParser<Item>& parse,
                      const std::vector<std::pair<std::string, std::string>>& verify_query,
                      const ProgressFn& progress = {}) {
  using namespace paging_detail;
  std::string last_problem;
  // The ids of one pass into `ids`, sorted; false (last_problem says which)
  // when an id was listed twice.
  auto sorted_once = [&last_problem](const auto& pages, std::vector<std::int64_t>& ids) {
    for (const auto& p : pages) {
      for (const auto& i : p) {
        ids.push_back(i.id);
      }
    }
    std::sort(ids.begin(), ids.end());
    if (auto twice = first_repeated_id(ids)) {
      last_problem = "id " + std::to_string(*twice) + " was listed twice";
      return false;
    }
    return true;
  };
  for (int pass = 0; pass < k_restarts; ++pass) {
    auto pages = fetch_pass<Item>(executor, spec, parse, progress);
    if (!pages) {
      return pages.error();
    }
    std::vector<std::int64_t> ids;
    if (!sorted_once(*pages, ids)) {
      continue;
    }
    if (pages->size() > 1) {
      PageSpec verify = spec;
      verify.extra_query = verify_query;
      ListProgress first{pages->size(), ids.size()};
      ProgressFn shown;
      if (progress) {
        shown = [&](const ListProgress& p) {
          progress(ListProgress{first.pages_done + p.pages_done, first.users_so_far});
        };
      }
      auto check = fetch_pass<ListedId>(executor, verify, ids_only(parse), shown);
      if (!check) {
        return check.error();
      }
      std::vector<std::int64_t> again;
      if (!sorted_once(*check, again)) {
        continue;
      }
      if (auto diff = id_sets_differ(ids, again)) {
        last_problem = "a second pass disagreed: " + *diff;
        continue;
      }
    }
    std::vector<Item> all;
    all.reserve(ids.size());
    for (auto& p : *pages) {
      std::move(p.begin(), p.end(), std::back_inserter(all));
      std::vector<Item>().swap(p);
    }
    std::sort(all.begin(), all.end(), [](const Item& a, const Item& b) { return a.id < b.id; });
    return all;
  }
  return kept_changing(spec, last_problem);
}

// Remembers, for one client, what the server was found to do with $orderby=id.
class ListingModeCell {
public:
  std::optional<ListingMode> get() const {
    int v = m_value.load();
    return v < 0 ? std::nullopt : std::optional<ListingMode>(static_cast<ListingMode>(v));
  }
  void set(ListingMode mode) { m_value.store(static_cast<int>(mode)); }

private:
  std::atomic<int> m_value{-1};
};

// What the server does with $orderby=id, from page 0 of `spec` (one request;
// two when it answers 400). Errors other than that 400 are returned as is.
template <class Item>
Result<ListingMode> probe_orderby(RequestExecutor& executor, PageSpec spec,
                                  const PageParser<Item>& parse) {
  spec.by_id = true;
  std::atomic<bool> order_ignored{false};
  auto first = paging_detail::fetch_page<Item>(executor, spec, parse, 0, &order_ignored);
  if (first) {
    return ListingMode::Honoured;
  }
  if (order_ignored) {
    return ListingMode::Ignored;
  }
  if (first.error().http_status == 400) {
    spec.by_id = false;
    auto plain = paging_detail::fetch_page<Item>(executor, spec, parse, 0);
    if (plain) {
      return ListingMode::Rejected;
    }
    return plain.error();
  }
  return first.error();
}

// Every item of the collection exactly once, ordered by id, in the listing
// mode `mode` remembers; when it knows none yet, $orderby=id is tried first
// and the mode found is remembered: a page out of id order switches to the
// server's own order (Ignored), a 400 that goes away without $orderby too
// (Rejected).
template <class Item>
Result<std::vector<Item>>
fetch_collection(RequestExecutor& executor, PageSpec spec, const PageParser<Item>& parse,
                 const std::vector<std::pair<std::string, std::string>>& verify_query,
                 ListingModeCell& mode, const ProgressFn& progress = {}) {
  std::optional<ListingMode> known = mode.get();
  if (!known || *known == ListingMode::Honoured) {
    spec.by_id = true;
    std::atomic<bool> order_ignored{false};
    auto listed = fetch_all_pages<Item>(executor, spec, parse, progress, &order_ignored);
    if (listed) {
      if (!known) {
        mode.set(ListingMode::Honoured);
      }
      return listed;
    }
    if (order_ignored) {
      mode.set(ListingMode::Ignored);
    } else if (!known && listed.error().http_status == 400 &&
               paging_detail::orderby_was_refused<Item>(executor, spec, parse)) {
      mode.set(ListingMode::Rejected);
    } else {
      return listed;
    }
  }
  spec.by_id = false;
  return fetch_in_server_order<Item>(executor, spec, parse, verify_query, progress);
}

} // namespace alignctl
