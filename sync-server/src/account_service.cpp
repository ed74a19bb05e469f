#include "account_service.hpp"

#include "password.hpp"
#include "password_policy.hpp"
#include "session_store.hpp"
#include "totp.hpp"
#include "unit_name.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/text.hpp"

namespace xueji::server {
namespace {

constexpr int kMaxDisplayName = 64;  // code points

// The division a unit lies in: a school's division code, or an authority's own code (checked
// against the divisions table and the length of its level: province 2, city 4, county 6).
Result<std::string> unit_division(Database& db, Role role, const std::string& unit_code) {
  if (role == Role::SchoolRegistrar) {
    auto school = find_school(db, unit_code);
    if (!school) return school.error();
    if (!*school) return make_error(ErrorCode::NotFound, "unit_code");
    return (*school)->division_code;
  }
  const size_t length = role == Role::County ? 6 : role == Role::City ? 4 : 2;
  if (role == Role::Admin || unit_code.size() != length)
    return make_error(ErrorCode::InvalidInput, "unit_code");
  auto name = unit_name(db, role, unit_code);
  if (!name) return name.error();
  return unit_code;
}

Result<AccountView> view_of(Database& db, const Account& account, std::int64_t now) {
  auto unit = unit_name(db, account.role, account.unit_code);
  AccountView view;
  view.username = account.username;
  view.role = account.role;
  view.unit_code = account.unit_code;
  view.unit_name = unit ? *unit : std::string();
  view.display_name = account.display_name;
  view.disabled = account.disabled;
  view.locked = account.locked_until > now;
  view.password_change_required = account.must_change_password;
  view.totp_enrolled = !account.totp_secret.empty();
  view.created_by = account.created_by;
  view.created_at = account.created_at;
  return view;
}

Result<AccountView> fresh_view(Database& db, const std::string& username, std::int64_t now) {
  auto account = find_account(db, username);
  if (!account) return account.error();
  if (!*account) return make_error(ErrorCode::NotFound, "username");
  return view_of(db, **account, now);
}

void audit(Database& db, const Actor& actor, std::string_view action, const std::string& object,
           std::string_view result) {
  (void)append_audit(db, actor.account, actor.device_id, std::string(action), object,
                     std::string(result));
}

}  // namespace

bool valid_username(std::string_view username) {
  if (username.size() < 3 || username.size() > 64) return false;
  for (size_t i = 0; i < username.size(); ++i) {
    char c = username[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return false;
  }
  return true;
}

Result<Account> AccountService::managed_account(Database& db, const Actor& actor,
                                                const std::string& username,
                                                std::string_view action) {
  auto account = find_account(db, username);
  if (!account) return account.error();
  if (!*account) return make_error(ErrorCode::NotFound, "username");
  auto division = (*account)->role == Role::Admin
                      ? Result<std::string>(std::string())
                      : unit_division(db, (*account)->role, (*account)->unit_code);
  if (!division || !may_manage_account(actor, (*account)->role, *division)) {
    // 第三条 scope; refusals are audited like every other out-of-scope request.
    audit(db, actor, action, username, "out_of_scope");
    return make_error(ErrorCode::OutOfScope, "username");
  }
  return std::move(**account);
}

Result<IssuedPassword> AccountService::create(const Actor& actor, const NewAccount& request,
                                              std::int64_t now) {
  if (!valid_username(request.username)) return make_error(ErrorCode::InvalidInput, "username");
  if (request.role == Role::Admin) return make_error(ErrorCode::OutOfScope, "role");
  if (!is_plain_text(request.display_name, kMaxDisplayName) || request.display_name.empty())
    return make_error(ErrorCode::InvalidInput, "display_name");

  auto checked = db_.with([&](Database& db) -> Result<void> {
    auto division = unit_division(db, request.role, request.unit_code);
    if (!division) return division.error();
    if (!may_manage_account(actor, request.role, *division)) {
      audit(db, actor, "create_account", request.username, "out_of_scope");
      return make_error(ErrorCode::OutOfScope, "unit_code");
    }
    auto existing = find_account(db, request.username);
    if (!existing) return existing.error();
    if (*existing) return make_error(ErrorCode::AccountExists, "username");
    return {};
  });
  if (!checked) return checked.error();

  // Argon2id outside the lock (~0.1 s). The password is random and shown once.
  IssuedPassword issued;
  issued.initial_password = generate_password();
  auto hash = hash_password(issued.initial_password);
  if (!hash) return hash.error();

  return db_.with([&](Database& db) -> Result<IssuedPassword> {
    auto tx = Transaction::begin(db);
    if (!tx) return tx.error();
    // Checked again: another request may have taken the name while this one was hashing.
    auto existing = find_account(db, request.username);
    if (!existing) return existing.error();
    if (*existing) return make_error(ErrorCode::AccountExists, "username");
    Account account;
    account.username = request.username;
    account.password_hash = *hash;
    account.role = request.role;
    account.unit_code = request.unit_code;
    account.display_name = request.display_name;
    account.created_by = actor.account;
    account.must_change_password = true;  // the one-time password is changed at first login
    if (auto stored = insert_account(db, account, now); !stored) return stored.error();
    if (auto audited =
            append_audit(db, actor.account, actor.device_id, "create_account", request.username,
                         std::string(role_name(request.role)) + " " + request.unit_code);
        !audited)
      return audited.error();
    auto view = fresh_view(db, request.username, now);
    if (!view) return view.error();
    if (auto committed = tx->commit(); !committed) return committed.error();
    issued.account = std::move(*view);
    return std::move(issued);
  });
}

Result<std::vector<AccountView>> AccountService::list(const Actor& actor, std::int64_t now) {
  return db_.with([&](Database& db) -> Result<std::vector<AccountView>> {
    auto accounts = all_accounts(db);
    if (!accounts) return accounts.error();
    std::vector<AccountView> views;
    for (const auto& account : *accounts) {
      if (account.role == Role::Admin) continue;
      auto division = unit_division(db, account.role, account.unit_code);
      if (!division || !may_manage_account(actor, account.role, *division)) continue;
      auto view = view_of(db, account, now);
      if (!view) return view.error();
      views.push_back(std::move(*view));
    }
    return views;
  });
}

Result<AccountView> AccountService::set_enabled(const Actor& actor, const std::string& username,
                                                bool enabled, std::int64_t now) {
  const char* action = enabled ? "enable_account" : "disable_account";
  return db_.with([&](Database& db) -> Result<AccountView> {
    auto account = managed_account(db, actor, username, action);
    if (!account) return account.error();
    auto tx = Transaction::begin(db);
    if (!tx) return tx.error();
    if (auto set = set_account_disabled(db, username, !enabled, now); !set) return set.error();
    if (!enabled)
      if (auto ended = revoke_sessions_of_account(db, username, now); !ended) return ended.error();
    if (auto audited = append_audit(db, actor.account, actor.device_id, action, username, "ok");
        !audited)
      return audited.error();
    auto view = fresh_view(db, username, now);
    if (!view) return view.error();
    if (auto committed = tx->commit(); !committed) return committed.error();
    return view;
  });
}

Result<IssuedPassword> AccountService::reset_password(const Actor& actor,
                                                      const std::string& username,
                                                      std::int64_t now) {
  auto allowed = db_.with([&](Database& db) -> Result<Account> {
    return managed_account(db, actor, username, "reset_password");
  });
  if (!allowed) return allowed.error();
  IssuedPassword issued;
  issued.initial_password = generate_password();
  auto hash = hash_password(issued.initial_password);
  if (!hash) return hash.error();
  return db_.with([&](Database& db) -> Result<IssuedPassword> {
    auto tx = Transaction::begin(db);
    if (!tx) return tx.error();
    if (auto replaced = replace_password(db, username, *hash, true, now); !replaced)
      return replaced.error();
    if (auto ended = revoke_sessions_of_account(db, username, now); !ended) return ended.error();
    if (auto audited =
            append_audit(db, actor.account, actor.device_id, "reset_password", username, "ok");
        !audited)
      return audited.error();
    auto view = fresh_view(db, username, now);
    if (!view) return view.error();
    if (auto committed = tx->commit(); !committed) return committed.error();
    issued.account = std::move(*view);
    return std::move(issued);
  });
}

Result<AccountView> AccountService::reset_totp(const Actor& actor, const std::string& username,
                                               std::int64_t now) {
  return db_.with([&](Database& db) -> Result<AccountView> {
    auto account = managed_account(db, actor, username, "reset_totp");
    if (!account) return account.error();
    auto tx = Transaction::begin(db);
    if (!tx) return tx.error();
    if (auto cleared = clear_totp(db, username); !cleared) return cleared.error();
    if (auto ended = revoke_sessions_of_account(db, username, now); !ended) return ended.error();
    if (auto audited =
            append_audit(db, actor.account, actor.device_id, "reset_totp", username, "ok");
        !audited)
      return audited.error();
    auto view = fresh_view(db, username, now);
    if (!view) return view.error();
    if (auto committed = tx->commit(); !committed) return committed.error();
    return view;
  });
}

Result<bool> AccountService::verify_own_password(const Actor& self, const std::string& password,
                                                 std::int64_t now, const SessionPolicy& policy) {
  auto account = db_.with([&](Database& db) { return find_account(db, self.account); });
  if (!account) return account.error();
  if (!*account) return make_error(ErrorCode::Unauthenticated);
  if (verify_password((*account)->password_hash, password)) return true;
  // A wrong current password counts like a failed login: a stolen session cannot guess it.
  return db_.with([&](Database& db) -> Result<bool> {
    auto failed =
        record_login_failure(db, self.account, now, policy.max_failures, policy.lock_seconds);
    if (!failed) return failed.error();
    audit(db, self, "verify_password", self.account,
          failed->locked_until > now ? "locked" : "bad_credentials");
    return false;
  });
}

Result<void> AccountService::change_password(const Actor& self, const std::string& current,
                                             const std::string& replacement, std::int64_t now,
                                             const SessionPolicy& policy) {
  if (auto strong = check_password_strength(replacement, self.account); !strong) {
    db_.with([&](Database& db) { audit(db, self, "change_password", self.account, "too_weak"); });
    return strong.error();
  }
  auto current_ok = verify_own_password(self, current, now, policy);
  if (!current_ok) return current_ok.error();
  if (!*current_ok) return make_error(ErrorCode::BadCredentials, "current_password");
  auto history = db_.with(
      [&](Database& db) { return recent_password_hashes(db, self.account, kPasswordHistory); });
  if (!history) return history.error();
  for (const auto& old_hash : *history) {
    if (verify_password(old_hash, replacement)) {
      db_.with([&](Database& db) { audit(db, self, "change_password", self.account, "reused"); });
      return make_error(ErrorCode::PasswordReused, "new_password");
    }
  }
  auto hash = hash_password(replacement);
  if (!hash) return hash.error();
  return db_.with([&](Database& db) -> Result<void> {
    auto tx = Transaction::begin(db);
    if (!tx) return tx.error();
    if (auto replaced = replace_password(db, self.account, *hash, false, now); !replaced)
      return replaced.error();
    if (auto audited =
            append_audit(db, self.account, self.device_id, "change_password", self.account, "ok");
        !audited)
      return audited.error();
    return tx->commit();
  });
}

Result<TotpEnrolment> AccountService::totp_setup(const Actor& self, const std::string& password,
                                                 std::int64_t now, const SessionPolicy& policy) {
  auto password_ok = verify_own_password(self, password, now, policy);
  if (!password_ok) return password_ok.error();
  if (!*password_ok) return make_error(ErrorCode::BadCredentials, "password");
  TotpEnrolment enrolment;
  enrolment.secret = new_totp_secret();
  enrolment.otpauth_uri = otpauth_uri(self.account, enrolment.secret);
  return db_.with([&](Database& db) -> Result<TotpEnrolment> {
    // 等级保护 level 3: stored sealed under the key of totp_key_file, never in plain text.
    if (auto stored = set_totp_pending(db, self.account, db_.totp_box().seal(enrolment.secret));
        !stored)
      return stored.error();
    audit(db, self, "totp_setup", self.account, "pending");
    return std::move(enrolment);
  });
}

Result<void> AccountService::totp_confirm(const Actor& self, const std::string& code,
                                          std::int64_t now) {
  return db_.with([&](Database& db) -> Result<void> {
    auto account = find_account(db, self.account);
    if (!account) return account.error();
    if (!*account) return make_error(ErrorCode::Unauthenticated);
    if ((*account)->totp_pending_secret.empty()) return make_error(ErrorCode::NotFound, "totp");
    auto secret = db_.totp_box().open((*account)->totp_pending_secret);
    if (!secret) return secret.error();
    auto step = verify_totp(*secret, code, now, 0);
    if (!step) {
      audit(db, self, "totp_confirm", self.account, "totp_invalid");
      return make_error(ErrorCode::TotpInvalid, "code");
    }
    auto tx = Transaction::begin(db);
    if (!tx) return tx.error();
    if (auto confirmed = confirm_totp(db, self.account, *step); !confirmed)
      return confirmed.error();
    if (auto audited =
            append_audit(db, self.account, self.device_id, "totp_confirm", self.account, "ok");
        !audited)
      return audited.error();
    return tx->commit();
  });
}

}  // namespace xueji::server
