#include "authenticator.hpp"

#include "account_store.hpp"
#include "device_store.hpp"
#include "log.hpp"
#include "password.hpp"
#include "session_store.hpp"
#include "totp.hpp"
#include "unit_name.hpp"
#include "xueji/registry_store.hpp"

namespace xueji::server {
namespace {

// R18: every login attempt is attributed and audited, successful or not.
void audit_login(Database& db, const LoginRequest& request, std::string_view result) {
  (void)append_audit(db, request.username, request.device_id, "login", request.username,
                     std::string(result));
}

}  // namespace

bool is_staff(Role role) {
  return role != Role::SchoolRegistrar;
}

Result<Session> Authenticator::login(const LoginRequest& request, std::int64_t now,
                                     std::string_view totp) {
  if (request.username.empty()) return make_error(ErrorCode::MalformedRequest, "username");
  if (request.device_id.empty()) return make_error(ErrorCode::MalformedRequest, "device_id");

  // 1. Under the lock: is there such an account, and may it try at all?
  auto before = db_.with([&](Database& db) -> Result<std::optional<Account>> {
    auto revoked = device_revoked(db, request.device_id);
    if (!revoked) return revoked.error();
    if (*revoked) {
      audit_login(db, request, "device_revoked");
      return make_error(ErrorCode::DeviceRevoked, "device_id");
    }
    auto account = find_account(db, request.username);
    if (account && *account && (*account)->locked_until > now) {
      audit_login(db, request, "locked");
      return make_error(ErrorCode::AccountLocked, "username");
    }
    return account;
  });
  if (!before) return before.error();

  // 2. Outside the lock: Argon2id takes ~0.1 s and must not stall other requests.
  bool password_ok = false;
  if (*before)
    password_ok = verify_password((*before)->password_hash, request.password);
  else
    verify_dummy_password(request.password);

  // 3. Under the lock again: count the failure or open the session.
  return db_.with([&](Database& db) -> Result<Session> {
    if (!*before) {
      audit_login(db, request, "bad_credentials");
      return make_error(ErrorCode::BadCredentials, "password");
    }
    auto count_failure = [&](ErrorCode code, const char* field,
                             const char* audited) -> Result<Session> {
      auto failed = record_login_failure(db, request.username, now, policy_.max_failures,
                                         policy_.lock_seconds);
      if (!failed) return failed.error();
      bool locked = failed->locked_until > now;
      audit_login(db, request, locked ? "locked" : audited);
      return make_error(locked ? ErrorCode::AccountLocked : code, field);
    };
    if (!password_ok)
      return count_failure(ErrorCode::BadCredentials, "password", "bad_credentials");
    // A concurrent attempt may have locked the account while this one was hashing.
    auto account = find_account(db, request.username);
    if (!account) return account.error();
    if (!*account) return make_error(ErrorCode::BadCredentials, "password");
    if ((*account)->locked_until > now) {
      audit_login(db, request, "locked");
      return make_error(ErrorCode::AccountLocked, "username");
    }
    // Told only to whoever knows the password: the account exists but was disabled above.
    if ((*account)->disabled) {
      audit_login(db, request, "disabled");
      return make_error(ErrorCode::AccountDisabled, "username");
    }
    std::optional<std::int64_t> totp_step;
    if (!(*account)->totp_secret.empty()) {
      if (totp.empty()) {
        audit_login(db, request, "totp_required");
        return make_error(ErrorCode::TotpRequired, "totp");
      }
      // RFC 6238 §5.2: ±1 step, each code once. A wrong code counts towards the lock, so the
      // 10^6 codes cannot be walked through.
      // Sealed at rest (secret_box.hpp); opened only for this check.
      auto secret = db_.totp_box().open((*account)->totp_secret);
      if (!secret) return secret.error();
      totp_step = verify_totp(*secret, totp, now, (*account)->totp_last_step);
      if (!totp_step) return count_failure(ErrorCode::TotpInvalid, "totp", "totp_invalid");
    }
    auto tx = Transaction::begin(db);
    if (!tx) return tx.error();
    if (auto cleared = clear_login_failures(db, request.username); !cleared) return cleared.error();
    if (totp_step)
      if (auto used = record_totp_step(db, request.username, *totp_step); !used)
        return used.error();
    if (auto seen = record_device(db, request.device_id, request.username, now); !seen)
      return seen.error();
    Actor actor{(*account)->username, (*account)->role, (*account)->unit_code, request.device_id};
    auto session = open_session(db, actor, (*account)->display_name, now);
    if (!session) return session.error();
    audit_login(db, request, "ok");
    if (auto committed = tx->commit(); !committed) return committed.error();
    set_log_account(actor.account);
    return session;
  });
}

Result<Session> Authenticator::open_session(Database& db, const Actor& actor,
                                            const std::string& display_name, std::int64_t now) {
  auto unit = unit_name(db, actor.role, actor.unit_code);
  if (!unit) return unit.error();
  Session session;
  session.token = new_bearer_token();
  session.account = actor.account;
  session.display_name = display_name;
  session.role = std::string(role_name(actor.role));
  session.unit_code = actor.unit_code;
  session.unit_name = *unit;
  session.device_id = actor.device_id;
  SessionRecord record{actor.account, actor.device_id, now, now, now + policy_.max_seconds, false};
  if (auto stored = insert_session(db, token_digest(session.token), record); !stored)
    return stored.error();
  return session;
}

Result<Actor> Authenticator::authenticate(std::string_view token, std::int64_t now, Access access) {
  if (token.empty()) return make_error(ErrorCode::Unauthenticated);
  std::string digest = token_digest(token);
  // Every request comes here: the lookup runs on a read connection, so it does not queue
  // behind a push holding the writer; only the once-a-minute touch below takes the writer.
  bool touch = false;
  auto actor = db_.read([&](Database& db) -> Result<Actor> {
    auto found = find_session(db, digest);
    if (!found) return found.error();
    if (!*found) return make_error(ErrorCode::Unauthenticated);
    const SessionRecord& session = **found;
    // The device first: a revoked device's sessions were ended too, and its client must learn
    // why (S5), not merely that it should log in again.
    auto revoked = device_revoked(db, session.device_id);
    if (!revoked) return revoked.error();
    if (*revoked) return make_error(ErrorCode::DeviceRevoked, "device_id");
    if (session.revoked || now >= session.expires_at ||
        now - session.last_used_at >= policy_.idle_seconds)
      return make_error(ErrorCode::Unauthenticated);
    auto account = find_account(db, session.account);
    if (!account) return account.error();
    if (!*account) return make_error(ErrorCode::Unauthenticated);
    if ((*account)->disabled) return make_error(ErrorCode::AccountDisabled, "username");
    set_log_account((*account)->username);
    if (access == Access::Full) {
      if ((*account)->must_change_password)
        return make_error(ErrorCode::PasswordChangeRequired, "password");
      if (policy_.require_totp_for_staff && is_staff((*account)->role) &&
          (*account)->totp_secret.empty())
        return make_error(ErrorCode::TotpEnrollmentRequired, "totp");
    }
    // Idle time is measured at minute resolution: one write per minute, not per request.
    touch = now - session.last_used_at >= 60;
    return Actor{(*account)->username, (*account)->role, (*account)->unit_code, session.device_id};
  });
  if (actor && touch)
    if (auto touched = db_.with([&](Database& db) { return touch_session(db, digest, now); });
        !touched)
      return touched.error();
  return actor;
}

Result<void> Authenticator::logout(std::string_view token, std::int64_t now) {
  auto actor = authenticate(token, now, Access::AccountSelf);
  if (!actor) return actor.error();
  return db_.with([&](Database& db) -> Result<void> {
    if (auto ended = revoke_session(db, token_digest(token), now); !ended) return ended.error();
    return append_audit(db, actor->account, actor->device_id, "logout", actor->account, "ok");
  });
}

Result<AccountState> Authenticator::account_state(const std::string& username) {
  return db_.with([&](Database& db) -> Result<AccountState> {
    auto account = find_account(db, username);
    if (!account) return account.error();
    if (!*account) return make_error(ErrorCode::NotFound, "username");
    AccountState state;
    state.password_change_required = (*account)->must_change_password;
    state.totp_enrolled = !(*account)->totp_secret.empty();
    state.totp_enrollment_required =
        policy_.require_totp_for_staff && is_staff((*account)->role) && !state.totp_enrolled;
    return state;
  });
}

}  // namespace xueji::server
