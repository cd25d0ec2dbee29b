#include "state/model/directory_config.hpp"

#include "state/util/ascii_case.hpp"
#include "state/util/enum_names.hpp"
#include "state/util/text_scan.hpp"

#include <fmt/core.h>
#include <functional>

namespace alignctl {

namespace {

constexpr EnumName<NestedMode> k_nested_modes[] = {{NestedMode::InChain, "in-chain"},
                                                   {NestedMode::Recursive, "recursive"},
                                                   {NestedMode::None, "none"}};
constexpr EnumName<BindMethod> k_bind_methods[] = {{BindMethod::Simple, "simple"},
                                                   {BindMethod::Gssapi, "gssapi"},
                                                   {BindMethod::Anonymous, "anonymous"}};
constexpr EnumName<ReferralMode> k_referral_modes[] = {{ReferralMode::Follow, "follow"},
                                                       {ReferralMode::Error, "error"}};
constexpr EnumName<DirectoryType> k_directory_types[] = {
    {DirectoryType::ActiveDirectory, "ad"}, {DirectoryType::ActiveDirectory, "active-directory"},
    {DirectoryType::Generic, "ldap"},       {DirectoryType::Generic, "generic"},
    {DirectoryType::Entra, "entra"},        {DirectoryType::Entra, "entra-id"},
    {DirectoryType::Entra, "azure-ad"}};
constexpr EnumName<GuestPolicy> k_guest_policies[] = {{GuestPolicy::Include, "include"},
                                                      {GuestPolicy::Exclude, "exclude"}};
constexpr EnumName<MissingEmail> k_missing_email[] = {{MissingEmail::Warn, "warn"},
                                                      {MissingEmail::Error, "error"}};

// The value `name` names in `table`, or an Input error saying `problem`.
template <class E, std::size_t N>
Result<E> named_value(const EnumName<E> (&table)[N], std::string_view name,
                      const std::string& problem) {
  if (auto value = from_name(table, name)) {
    return *value;
  }
  return make_error(ErrorKind::Input, problem);
}

} // namespace

Result<NestedMode> parse_nested_mode(const std::string& text) {
  return named_value(
      k_nested_modes, text,
      fmt::format("unknown nested mode '{}' (expected in-chain, recursive or none)", text));
}

Result<BindMethod> parse_bind_method(const std::string& text) {
  return named_value(
      k_bind_methods, fold_case(text),
      fmt::format("unknown bind method '{}' (expected simple, gssapi or anonymous)", text));
}

Result<ReferralMode> parse_referral_mode(const std::string& text) {
  return named_value(k_referral_modes, text,
                     fmt::format("unknown referrals mode '{}' (expected follow or error)", text));
}

Result<DirectoryType> parse_directory_type(const std::string& text) {
  return named_value(k_directory_types, fold_case(text),
                     fmt::format("unknown directory type '{}' (expected ad, ldap or entra)", text));
}

Result<GuestPolicy> parse_guest_policy(const std::string& text) {
  return named_value(k_guest_policies, text,
                     fmt::format("guests must be include or exclude, not '{}'", text));
}

Result<MissingEmail> parse_missing_email(const std::string& text) {
  return named_value(k_missing_email, text,
                     fmt::format("missing_email must be warn or error, not '{}'", text));
}

namespace {

std::string quoted(const std::string& value) {
  return quote_prefix(value, 80);
}

// true/yes/on or false/no/off, any case.
Result<bool> parse_yes_no(const std::string& text) {
  const std::string t = fold_case(text);
  if (t == "true" || t == "yes" || t == "on") {
    return true;
  }
  if (t == "false" || t == "no" || t == "off") {
    return false;
  }
  return make_error(ErrorKind::Input, fmt::format("must be true or false, not '{}'", quoted(text)));
}

Result<double> parse_number(const std::string& text, double min, double max) {
  try {
    std::size_t used = 0;
    const double d = std::stod(text, &used);
    if (used == text.size() && d >= min && d <= max) {
      return d;
    }
  } catch (const std::exception&) {
  }
  return make_error(ErrorKind::Input, fmt::format("must be a number from {} to {}, not '{}'", min,
                                                  max, quoted(text)));
}

using Setter = std::function<Result<void>(DirectoryConfig&, const std::string&)>;

Setter text(std::string DirectoryConfig::*field) {
  return [field](DirectoryConfig& c, const std::string& v) -> Result<void> {
    c.*field = v;
    return {};
  };
}

Setter flag(bool DirectoryConfig::*field) {
  return [field](DirectoryConfig& c, const std::string& v) -> Result<void> {
    auto b = parse_yes_no(v);
    if (!b) {
      return b.error();
    }
    c.*field = *b;
    return {};
  };
}

template <typename T> Setter number(T DirectoryConfig::*field, double min, double max) {
  return [field, min, max](DirectoryConfig& c, const std::string& v) -> Result<void> {
    auto n = parse_number(v, min, max);
    if (!n) {
      return n.error();
    }
    c.*field = static_cast<T>(*n);
    return {};
  };
}

template <typename T>
Setter choice(T DirectoryConfig::*field, Result<T> (*parse)(const std::string&)) {
  return [field, parse](DirectoryConfig& c, const std::string& v) -> Result<void> {
    auto m = parse(v);
    if (!m) {
      return m.error();
    }
    c.*field = *m;
    return {};
  };
}

Result<MatchKey> parse_key(const std::string& text) {
  if (auto key = match_key_from_name(text)) {
    return *key;
  }
  return make_error(ErrorKind::Input,
                    fmt::format("must be externalId or email, not '{}'", quoted(text)));
}

// Every scalar option of the section, in the order docs/export.md lists them.
const std::vector<std::pair<std::string, Setter>>& option_table() {
  using C = DirectoryConfig;
  static const std::vector<std::pair<std::string, Setter>> table = {
      {"type", choice(&C::type, &parse_directory_type)},
      {"url", text(&C::url)},
      {"bind", choice(&C::bind, &parse_bind_method)},
      {"bind_dn", text(&C::bind_dn)},
      {"password_env", text(&C::password_env)},
      {"password_file", text(&C::password_file)},
      {"sasl_mech", text(&C::sasl_mech)},
      {"ca_file", text(&C::ca_file)},
      {"starttls", flag(&C::starttls)},
      {"tls_verify", flag(&C::tls_verify)},
      {"connect_timeout", number(&C::connect_timeout_s, 0.1, 3600)},
      {"search_timeout", number(&C::search_timeout_s, 0.1, 86400)},
      {"referrals", choice(&C::referrals, &parse_referral_mode)},
      {"base_dn", text(&C::base_dn)},
      {"nested", choice(&C::nested, &parse_nested_mode)},
      {"page_size", number(&C::page_size, 1, 1000000)},
      {"range_size", number(&C::range_size, 0, 1000000)},
      {"user_filter", text(&C::user_filter)},
      {"group_filter", text(&C::group_filter)},
      {"disabled_filter", text(&C::disabled_filter)},
      {"key", choice(&C::key, &parse_key)},
      {"lowercase_key", flag(&C::lowercase_key)},
      {"max_shrink", number(&C::max_shrink, 0, 1)},
      {"missing_email", choice(&C::missing_email, &parse_missing_email)},
      {"email_fallback", text(&C::email_fallback)},
      {"csv_groups_column", text(&C::csv_groups_column)},
      {"csv_enabled_column", text(&C::csv_enabled_column)},
      {"tenant_id", text(&C::tenant_id)},
      {"client_id", text(&C::client_id)},
      {"client_secret_env", text(&C::client_secret_env)},
      {"client_secret_file", text(&C::client_secret_file)},
      {"client_certificate", text(&C::client_certificate)},
      {"client_key", text(&C::client_key)},
      {"authority", text(&C::authority)},
      {"graph_url", text(&C::graph_url)},
      {"guests", choice(&C::guests, &parse_guest_policy)},
      {"concurrency", number(&C::concurrency, 1, 64)},
  };
  return table;
}

} // namespace

const std::vector<std::string>& directory_scalar_options() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [name, set] : option_table()) {
      out.push_back(name);
    }
    return out;
  }();
  return names;
}

Result<void> set_directory_option(DirectoryConfig& config, std::string_view name,
                                  const std::string& value) {
  for (const auto& [option, set] : option_table()) {
    if (option == name) {
      return set(config, value);
    }
  }
  return make_error(ErrorKind::Input, fmt::format("unknown directory option '{}'", name));
}

} // namespace alignctl
