// Runs fn(0) … fn(count-1) on at most `concurrency` threads (the calling
// thread included), each index exactly once; returns when all are finished.
// `stop` (optional) is polled before each index: once it returns true no new
// index starts.
#pragma once

#include <cstddef>
#include <functional>

namespace alignctl {

void parallel_for(std::size_t count, int concurrency, const std::function<void(std::size_t)>& fn,
                  const std::function<bool()>& stop = {});

} // namespace alignctl
