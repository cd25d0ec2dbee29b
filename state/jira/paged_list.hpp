// fetch_all_pages: a whole collection (/Users, /Regions, …) fetched in
// overlapping pages with bounded concurrency, checked by the rules of
// page_check.hpp. Internal to alignctl_jira.
#pragma once

#include "state/jira/jira_align.hpp"
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

template <class Item>
Result<std::vector<Item>> fetch_page(RequestExecutor& executor, const PageSpec& spec,
                                     const PageParser<Item>& parse, std::size_t k) {
  std::vector<std::pair<std::string, std::string>> query = {
      {"$skip", std::to_string(page_skip(k, spec.page_size))},
      {"$top", std::to_string(spec.page_size)},
      {"$orderby", "id"}};
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
    auto bad = page_problem(ids_of(*items), spec.page_size);
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
Result<std::vector<std::vector<Item>>> fetch_pass(RequestExecutor& executor, const PageSpec& spec,
                                                  const PageParser<Item>& parse,
                                                  const ProgressFn& progress) {
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
      auto page = fetch_page<Item>(executor, spec, parse, k);
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
      shown.users_so_far += page->size() - (k > 0 && !page->empty() ? 1 : 0);
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

} // namespace paging_detail

// Every item of the collection exactly once, ordered by id. A page that is
// malformed is asked again; a seam that does not join is repaired by asking
// its two pages again, then by listing again from the start; when the list
// keeps changing, a Protocol error says so — never a wrong set.
template <class Item>
Result<std::vector<Item>> fetch_all_pages(RequestExecutor& executor, const PageSpec& spec,
                                          const PageParser<Item>& parse,
                                          const ProgressFn& progress = {}) {
  using namespace paging_detail;
  std::string last_problem;
  for (int pass = 0; pass < k_restarts; ++pass) {
    auto pages = fetch_pass<Item>(executor, spec, parse, progress);
    if (!pages) {
      return pages.error();
    }
    auto seam = check(*pages, spec.page_size);
    if (seam && seam->page > 0 && seam->page < pages->size()) {
      // Local repair: the two pages around the seam, fetched again in order.
      for (std::size_t k : {seam->page - 1, seam->page}) {
        auto again = fetch_page<Item>(executor, spec, parse, k);
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
  return make_error(ErrorKind::Protocol,
                    "GET " + spec.path + ": the list kept changing while it was paged (" +
                        last_problem + ") after " + std::to_string(k_restarts) +
                        " tries; no partial result is returned — try again");
}

} // namespace alignctl
