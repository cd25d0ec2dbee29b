// SimApp: the simulator's request handling — routing, bearer-token check,
// fault injection, the Jira Align endpoints (contract §2–§7) and the /_sim/
// side door. Independent of sockets: HttpServer calls handle() from its
// workers, unit tests call it directly. Thread-safe.
#pragma once

#include "tests/sim/core/api_variants.hpp"
#include "tests/sim/core/faults.hpp"
#include "tests/sim/core/http_message.hpp"
#include "tests/sim/core/own_order.hpp"
#include "tests/sim/core/rate_limiter.hpp"
#include "tests/sim/core/request_counters.hpp"
#include "tests/sim/core/user_store.hpp"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <string>

namespace alignctl::sim {

inline constexpr std::string_view k_api_base = "/rest/align/api/2";

struct SimConfig {
  std::string token = "sim-token";
  std::string readonly_token;                // answers 403 to writes; empty: none
  bool strict_top = false;                   // $top > 100 → 400 instead of capping
  bool case_sensitive_filter = false;        // string comparison in $filter
  bool no_divisions = false;                 // GET /Divisions → 404, as on some sites
  bool side_door = false;                    // serve /_sim/
  bool text_errors = false;                  // 400 bodies as plain text instead of {"message": …}
  OrderbyMode orderby = OrderbyMode::Honour; // how list endpoints treat $orderby
  AuthMode auth = AuthMode::Bearer;          // which Authorization schemes are accepted
  std::string basic_user;                    // the email Basic credentials must name
  bool accept_duplicate_users = false;       // POST accepts an email/externalId another user has
  FaultSettings faults;
};

class SimApp {
public:
  // `clock` returns the current time as ISO 8601 UTC ("2026-01-02T03:04:05Z").
  SimApp(SimConfig config, UserStore store, std::function<std::string()> clock);

  HttpResponse handle(const HttpRequest& request);

  // "http://127.0.0.1:PORT" — the origin used in `self` links.
  void set_origin(const std::string& origin);
  // Called (outside any lock) after each committed change of the users.
  void set_on_change(std::function<void()> on_change);
  // Called by POST /_sim/flush to write the state file now.
  void set_on_flush(std::function<void()> on_flush);

  // The whole tenant as seed-format JSON text ({"regions":…, "users":[…]}),
  // taken under a shared lock.
  std::string snapshot() const;
  std::size_t user_count() const;

  // Ends every injected delay now and skips later ones, so a server with
  // long latency spikes still stops promptly.
  void shutdown();

private:
  struct Settings {
    bool strict_top, case_sensitive_filter, no_divisions, text_errors;
    FaultSettings faults;
    OrderbyMode orderby;
  };
  enum class Access { None, ReadOnly, Full };
  Access access_of(const HttpRequest& req) const;
  // The request's query without $orderby, and whether it had one; a 400
  // answer when the server plays --orderby reject. std::nullopt: go on.
  std::optional<HttpResponse> orderby_rule(const HttpRequest& req, const Settings& s,
                                           QueryParams& params, bool& had_orderby) const;
  Settings settings() const;
  std::string self_base() const;
  HttpResponse error(int status, const std::string& message, const Settings& s) const;

  HttpResponse handle_rest(const HttpRequest& req, const std::string& path, std::string& kind);
  HttpResponse route_rest(const HttpRequest& req, const std::string& rel, const Settings& s,
                          const FaultDecision& faults, std::string& kind);
  HttpResponse list_users(const HttpRequest& req, const Settings& s);
  HttpResponse get_user(std::int64_t id, const Settings& s);
  HttpResponse create_user(const HttpRequest& req, const Settings& s, bool drop);
  HttpResponse patch_user(std::int64_t id, const HttpRequest& req, const Settings& s, bool drop);
  HttpResponse list_reference(const HttpRequest& req, RefKind kind, const Settings& s);
  HttpResponse handle_side_door(const HttpRequest& req, const std::string& path);
  void changed();
  void delay(int ms);

  const std::string m_token;
  const std::string m_readonly_token;
  const AuthMode m_auth;
  const std::string m_basic_user;
  const bool m_side_door;
  const bool m_accept_duplicate_users;
  std::function<std::string()> m_clock;

  mutable std::mutex m_settings_mutex;
  Settings m_settings;
  std::string m_origin = "http://127.0.0.1";

  mutable std::shared_mutex m_store_mutex;
  UserStore m_store;
  std::uint64_t m_generation = 0; // bumped (under the store lock) when users come or go
  OwnOrder m_own_order;

  std::atomic<std::uint64_t> m_request_seq{0};
  RateLimiter m_limiter;
  RequestCounters m_counters;
  std::function<void()> m_on_change;
  std::function<void()> m_on_flush;

  std::mutex m_delay_mutex;
  std::condition_variable m_delay_cv;
  bool m_shutting_down = false;
};

} // namespace alignctl::sim
