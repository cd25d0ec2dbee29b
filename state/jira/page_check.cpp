#include "state/jira/page_check.hpp"

namespace alignctl {

std::size_t page_skip(std::size_t page, std::size_t page_size) {
  return page * (page_size - 1);
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
