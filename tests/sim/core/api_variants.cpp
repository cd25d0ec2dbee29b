#include "tests/sim/core/api_variants.hpp"

#include <array>

namespace alignctl::sim {

std::optional<OrderbyMode> orderby_mode_from_name(std::string_view name) {
  if (name == "honour") {
    return OrderbyMode::Honour;
  }
  if (name == "ignore") {
    return OrderbyMode::Ignore;
  }
  if (name == "reject") {
    return OrderbyMode::Reject;
  }
  return std::nullopt;
}

std::optional<AuthMode> auth_mode_from_name(std::string_view name) {
  if (name == "bearer") {
    return AuthMode::Bearer;
  }
  if (name == "basic") {
    return AuthMode::Basic;
  }
  if (name == "both") {
    return AuthMode::Both;
  }
  return std::nullopt;
}

std::string_view orderby_mode_name(OrderbyMode mode) {
  switch (mode) {
  case OrderbyMode::Honour:
    return "honour";
  case OrderbyMode::Ignore:
    return "ignore";
  case OrderbyMode::Reject:
    return "reject";
  }
  return "honour";
}

std::string_view auth_mode_name(AuthMode mode) {
  switch (mode) {
  case AuthMode::Bearer:
    return "bearer";
  case AuthMode::Basic:
    return "basic";
  case AuthMode::Both:
    return "both";
  }
  return "bearer";
}

std::optional<std::string> base64_decode(std::string_view text) {
  static constexpr std::string_view k_alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (text.size() % 4 != 0) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    std::array<int, 4> v{};
    int pad = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      char c = text[i + j];
      if (c == '=' && i + 4 == text.size() && j >= 2) {
        ++pad;
        v[j] = 0;
        continue;
      }
      auto pos = k_alphabet.find(c);
      if (pos == std::string_view::npos || pad > 0) {
        return std::nullopt;
      }
      v[j] = static_cast<int>(pos);
    }
    int triple = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out.push_back(static_cast<char>((triple >> 16) & 0xFF));
    if (pad < 2) {
      out.push_back(static_cast<char>((triple >> 8) & 0xFF));
    }
    if (pad < 1) {
      out.push_back(static_cast<char>(triple & 0xFF));
    }
  }
  return out;
}

} // namespace alignctl::sim
