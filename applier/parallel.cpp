#include "applier/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace alignctl {

void parallel_for(std::size_t count, int concurrency, const std::function<void(std::size_t)>& fn,
                  const std::function<bool()>& stop) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    while (true) {
      if (stop && stop()) {
        return;
      }
      std::size_t i = next.fetch_add(1);
      if (i >= count) {
        return;
      }
      fn(i);
    }
  };
  std::size_t threads =
      std::min<std::size_t>(count, static_cast<std::size_t>(std::max(1, concurrency)));
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) {
    pool.emplace_back(worker);
  }
  worker();
  for (auto& t : pool) {
    t.join();
  }
}

} // namespace alignctl
