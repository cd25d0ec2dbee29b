#include "state/jira/page_check.hpp"

#include <algorithm>
#include <iterator>

namespace alignctl {

std::size_t page_skip(std::size_t page, std::size_t page_size) {
  return page * (page_size - 1);
}

std::size_t plain_page_skip(std::size_t page, std::size_t page_size) {
  return page * page_size;
}

bool order_not_applied(const std::vector<std::int64_t>& ids) {
  bool descending_step = false;
  for (std::size_t i = 1; i < ids.size(); ++i) {
    descending_step = descending_step || ids[i] < ids[i - 1];
  }
  return descending_step && !unordered_page_problem(ids, ids.size());
}

std::optional<std::string> unordered_page_problem(const std::vector<std::int64_t>& ids,
                                                  std::size_t page_size) {
  if (ids.size() > page_size) {
    return "the page has " + std::to_string(ids.size()) +
           " records, more than $top=" + std::to_string(page_size);
  }
  std::vector<std::int64_t> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  if (auto twice = first_repeated_id(sorted)) {
    return "id " + std::to_string(*twice) + " appears twice in the page";
  }
  return std::nullopt;
}

std::optional<std::int64_t> first_repeated_id(const std::vector<std::int64_t>& sorted_ids) {
  auto it = std::adjacent_find(sorted_ids.begin(), sorted_ids.end());
  if (it == sorted_ids.end()) {
    return std::nullopt;
  }
  return *it;
}

std::optional<std::string> id_sets_differ(const std::vector<std::int64_t>& first,
                                          const std::vector<std::int64_t>& second) {
  std::vector<std::int64_t> only_first, only_second;
  std::set_difference(first.begin(), first.end(), second.begin(), second.end(),
                      std::back_inserter(only_first));
  std::set_difference(second.begin(), second.end(), first.begin(), first.end(),
                      std::back_inserter(only_second));
  if (only_first.empty() && only_second.empty()) {
    return std::nullopt;
  }
  auto part = [](const std::vector<std::int64_t>& ids, const char* where) {
    return std::to_string(ids.size()) + (ids.size() == 1 ? " id" : " ids") + " only in the " +
           where + " pass" + (ids.empty() ? "" : " (e.g. " + std::to_string(ids.front()) + ")");
  };
  return part(only_first, "first") + ", " + part(only_second, "second");
}

std::optional<std::string> page_problem(const std::vector<std::int64_t>& ids,
                                        std::size_t page_size) {
  if (ids.size() > page_size) {
    return "the page has " + std::to_string(ids.size()) +
           " records, more than $top=" + std::to_string(page_size);
  }
  for (std::size_t i = 1; i < ids.size(); ++i) {
    if (ids[i] == ids[i - 1]) {
      return "id " + std::to_string(ids[i]) + " appears twice in the page";
    }
    if (ids[i] < ids[i - 1]) {
      return "ids are not in increasing order (" + std::to_string(ids[i - 1]) + " before " +
             std::to_string(ids[i]) + "): the server did not apply $orderby=id";
    }
  }
  return std::nullopt;
}

std::optional<SeamProblem> first_bad_seam(const std::vector<PageSummary>& pages,
                                          std::size_t page_size) {
  if (pages.empty()) {
    return SeamProblem{0, "no pages"};
  }
  for (std::size_t k = 0; k < pages.size(); ++k) {
    bool last = k + 1 == pages.size();
    if (!last && pages[k].count < page_size) {
      return SeamProblem{k + 1, "page " + std::to_string(k) + " is short but not the last"};
    }
    if (last && pages[k].count >= page_size) {
      return SeamProblem{k + 1, "the last page fetched is full: more records appeared"};
    }
    if (k == 0) {
      continue;
    }
    if (pages[k].count == 0) {
      return SeamProblem{k, "page " + std::to_string(k) + " is empty: records disappeared"};
    }
    if (pages[k].first_id != pages[k - 1].last_id) {
      return SeamProblem{k, "page " + std::to_string(k) + " starts at id " +
                                std::to_string(pages[k].first_id) + " but page " +
                                std::to_string(k - 1) + " ends at id " +
                                std::to_string(pages[k - 1].last_id)};
    }
  }
  return std::nullopt;
}

} // namespace alignctl
