// Exponential backoff with full jitter (AWS architecture blog, "Exponential
// Backoff And Jitter"): wait a uniformly random time in [0, min(max, base·2^(n-1))].
#pragma once

#include <chrono>

namespace alignctl {

// The ceiling before retry number `retry` (1 = the first retry).
std::chrono::milliseconds backoff_ceiling(int retry, std::chrono::milliseconds base,
                                          std::chrono::milliseconds max);

// A full-jitter delay: ceiling × `unit`, where unit is uniform in [0, 1).
std::chrono::milliseconds full_jitter(int retry, std::chrono::milliseconds base,
                                      std::chrono::milliseconds max, double unit);

// A uniform number in [0, 1) from a per-thread generator.
double random_unit();

} // namespace alignctl
