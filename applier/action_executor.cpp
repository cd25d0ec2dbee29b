#include "applier/action_executor.hpp"

#include "applier/iso_time.hpp"
#include "applier/journal.hpp"
#include "applier/live_snapshot.hpp"
#include "state/util/ascii_case.hpp"

#include <fmt/core.h>

namespace alignctl {

namespace {

using nlohmann::json;

bool final_error(ErrorKind kind) {
  return kind == ErrorKind::BadRequest || kind == ErrorKind::NotFound || kind == ErrorKind::Input ||
         kind == ErrorKind::Config || kind == ErrorKind::Auth || kind == ErrorKind::Forbidden;
}

bool aborting(ErrorKind kind) {
  return kind == ErrorKind::Auth || kind == ErrorKind::Forbidden;
}

long ms_since(const Clock& clock, std::chrono::steady_clock::time_point t0) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(clock.steady_now() - t0).count());
}

void audit(ExecContext& ctx, const Action& a, std::optional<std::int64_t> user_id,
           const std::string& method, const std::string& path, const json* body, int status,
           long duration_ms, const std::string& outcome, const std::string& error) {
  if (ctx.audit == nullptr) {
    return;
  }
  json r{{"time", format_iso8601_utc(ctx.clock.now())},
         {"op", action_op_name(a.op)},
         {"key", a.key},
         {"user_id", user_id ? json(*user_id) : json(nullptr)},
         {"method", method},
         {"path", path}};
  if (body != nullptr) {
    r["body"] = *body;
  }
  r["status"] = status;
  r["duration_ms"] = duration_ms;
  r["outcome"] = outcome;
  if (!error.empty()) {
    r["error"] = error;
  }
  (void)ctx.audit->append(r);
}

ExecOutcome succeeded(std::optional<std::int64_t> user_id, int http_status, std::string message) {
  ExecOutcome out;
  out.ok = true;
  out.user_id = user_id;
  out.http_status = http_status;
  out.message = std::move(message);
  return out;
}

ExecOutcome failed(const Error& e, const std::string& what) {
  ExecOutcome out;
  out.http_status = e.http_status;
  out.message = what + e.message;
  out.abort_run = aborting(e.kind);
  return out;
}

} // namespace

Result<std::optional<LiveUser>> find_created_user(const std::string& key, ExecContext& ctx,
                                                  const Action& action) {
  Error last;
  for (int attempt = 1; attempt <= ctx.attempts; ++attempt) {
    auto t0 = ctx.clock.steady_now();
    auto r = ctx.client.find_users(match_key_name(ctx.key_field), key);
    std::string path = fmt::format("/Users?$filter={} eq '{}'", ctx.key_field, key);
    if (r) {
      std::optional<LiveUser> found;
      for (LiveUser& u : *r) {
        const auto& k = key_value(u, ctx.key_field);
        if (k && iequals(*k, key) && (!found || u.id < found->id)) {
          found = std::move(u);
        }
      }
      audit(ctx, action, found ? std::optional<std::int64_t>(found->id) : std::nullopt, "GET", path,
            nullptr, 200, ms_since(ctx.clock, t0), found ? "found" : "not found", "");
      return found;
    }
    last = r.error();
    audit(ctx, action, std::nullopt, "GET", path, nullptr, last.http_status,
          ms_since(ctx.clock, t0), "error", last.message);
    if (final_error(last.kind)) {
      break;
    }
    if (attempt < ctx.attempts) {
      ctx.clock.sleep_for(ctx.retry_pause * attempt);
    }
  }
  return make_error(last.kind,
                    "looking up the user by " + match_key_name(ctx.key_field) + ": " + last.message,
                    last.http_status);
}

namespace {

// The lookup before the first POST (docs/apply.md "Racing applies"): the
// outcome when the create must not be sent, nullopt when it may.
std::optional<ExecOutcome> check_before_create(const Action& action, ExecContext& ctx) {
  auto existing = find_created_user(action.key, ctx, action);
  if (!existing) {
    ExecOutcome out =
        failed(existing.error(), std::string(k_journal_not_sent) +
                                     "could not check that no user has this key yet (another "
                                     "apply may have created it): ");
    out.not_sent = true;
    return out;
  }
  if (existing->has_value()) {
    ctx.other_writer_seen = true;
    return succeeded((*existing)->id, 200,
                     "not sent: a user with this key appeared after the preconditions were "
                     "checked (another apply of this plan, or a change by hand); taken as this "
                     "create's outcome");
  }
  if (ctx.other_writer_seen) {
    ExecOutcome out;
    out.not_sent = true;
    out.message = std::string(k_journal_not_sent) +
                  "another apply of this plan is creating the same users (a user of this plan "
                  "appeared while this run went on); re-plan once it has finished";
    return out;
  }
  return std::nullopt;
}

} // namespace

ExecOutcome execute_create(const Action& action, ExecContext& ctx) {
  if (auto stop = check_before_create(action, ctx)) {
    return *stop;
  }
  const std::string body = action.request.body.dump();
  Error last;
  bool was_ambiguous = false;
  const int attempts = std::max(1, ctx.create_attempts);
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    auto t0 = ctx.clock.steady_now();
    auto r = ctx.client.create_user(body);
    long duration = ms_since(ctx.clock, t0);
    if (r) {
      audit(ctx, action, *r, "POST", action.request.path, &action.request.body, 201, duration, "ok",
            "");
      ExecOutcome out = succeeded(*r, 201, "");
      if (!out.user_id) {
        // The answer carried no id: find it, but success does not depend on it.
        auto found = find_created_user(action.key, ctx, action);
        if (found && found->has_value()) {
          out.user_id = (*found)->id;
        }
      }
      return out;
    }
    last = r.error();
    bool may_have_committed = last.kind != ErrorKind::Transport && !final_error(last.kind);
    audit(ctx, action, std::nullopt, "POST", action.request.path, &action.request.body,
          last.http_status, duration, may_have_committed ? "ambiguous" : "error", last.message);
    if (last.kind == ErrorKind::BadRequest && was_ambiguous) {
      // Likely "already exists": the earlier, ambiguous attempt was applied late.
      auto found = find_created_user(action.key, ctx, action);
      if (found && found->has_value()) {
        return succeeded((*found)->id, last.http_status,
                         "created by an earlier attempt; the retry answered: " + last.message);
      }
    }
    if (final_error(last.kind)) {
      return failed(last, "");
    }
    was_ambiguous = was_ambiguous || may_have_committed;
    if (may_have_committed) {
      auto found = find_created_user(action.key, ctx, action);
      if (!found) {
        ExecOutcome out = failed(last, "outcome unknown (the create may have been applied; the "
                                       "next apply looks the user up first): ");
        out.message += "; " + found.error().message;
        return out;
      }
      if (found->has_value()) {
        return succeeded((*found)->id, last.http_status,
                         "created; confirmed by lookup after: " + last.message);
      }
    }
    if (attempt < attempts) {
      ctx.clock.sleep_for(ctx.retry_pause * attempt);
    }
  }
  return failed(last, fmt::format("gave up after {} attempts: ", attempts));
}

ExecOutcome execute_patch(const Action& action, ExecContext& ctx) {
  const std::string body = action.request.body.dump();
  const std::int64_t id = action.user_id.value_or(0);
  Error last;
  for (int attempt = 1; attempt <= ctx.attempts; ++attempt) {
    auto t0 = ctx.clock.steady_now();
    auto r = ctx.client.patch_user(id, body);
    long duration = ms_since(ctx.clock, t0);
    if (r) {
      audit(ctx, action, id, "PATCH", action.request.path, &action.request.body, 204, duration,
            "ok", "");
      return succeeded(id, 204, "");
    }
    last = r.error();
    audit(ctx, action, id, "PATCH", action.request.path, &action.request.body, last.http_status,
          duration, "error", last.message);
    if (final_error(last.kind)) {
      return failed(last, "");
    }
    if (attempt < ctx.attempts) {
      ctx.clock.sleep_for(ctx.retry_pause * attempt);
    }
  }
  return failed(last, fmt::format("gave up after {} attempts: ", ctx.attempts));
}

} // namespace alignctl
