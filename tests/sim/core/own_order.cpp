#include "tests/sim/core/own_order.hpp"

#include <algorithm>

namespace alignctl::sim {

std::uint64_t own_order_key(std::int64_t id) {
  // splitmix64 finaliser: a fixed bijection, so no two ids share a key.
  auto z = static_cast<std::uint64_t>(id) + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

namespace {

bool before(std::int64_t a, std::int64_t b) {
  return own_order_key(a) < own_order_key(b);
}

template <class T> std::vector<T> slice(const std::vector<T>& all, const ListQuery& q) {
  std::vector<T> out;
  auto n = static_cast<std::int64_t>(all.size());
  for (std::int64_t k = q.skip; k < n && k - q.skip < q.top; ++k) {
    out.push_back(all[static_cast<std::size_t>(k)]);
  }
  return out;
}

} // namespace

std::vector<const User*> OwnOrder::page(const UserStore& store, ListQuery& q,
                                        std::string_view self_base, bool case_sensitive,
                                        std::uint64_t generation) {
  if (q.filter) {
    // Every match in id order (the query is borrowed and restored).
    const std::int64_t skip = q.skip, top = q.top;
    const bool descending = q.descending;
    q.skip = 0;
    q.top = static_cast<std::int64_t>(store.size());
    q.descending = false;
    std::vector<const User*> matched = store.list(q, self_base, case_sensitive);
    q.skip = skip;
    q.top = top;
    q.descending = descending;
    std::sort(matched.begin(), matched.end(),
              [](const User* a, const User* b) { return before(a->id, b->id); });
    return slice(matched, q);
  }
  std::vector<std::int64_t> ids;
  {
    std::lock_guard lock(m_mutex);
    if (generation != m_generation) {
      m_ids.clear();
      m_ids.reserve(store.size());
      for (const User& u : store.users()) {
        m_ids.push_back(u.id);
      }
      std::sort(m_ids.begin(), m_ids.end(), before);
      m_generation = generation;
    }
    ids = slice(m_ids, q);
  }
  std::vector<const User*> out;
  out.reserve(ids.size());
  for (std::int64_t id : ids) {
    if (const User* u = store.find(id)) {
      out.push_back(u);
    }
  }
  return out;
}

} // namespace alignctl::sim
