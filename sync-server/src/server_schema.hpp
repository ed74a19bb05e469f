// Server-only tables (accounts, devices, sessions, secret key checks), versioned as the list
// "server" of the shared migration runner (xueji/migrations.hpp), apart from the core's list.
#pragma once
#include "secret_box.hpp"
#include "xueji/database.hpp"

namespace xueji::server {

// The step that seals TOTP secrets (secret_box.hpp) stored in plain text by earlier versions.
inline constexpr int kSealTotpVersion = 3;

int latest_server_schema_version();
// Runs the missing steps (step 3 seals plain TOTP secrets under `totp_box`), then checks that
// `totp_box` is the database's key: TOTP_KEY_MISMATCH otherwise.
Result<void> migrate_server_tables(Database& db, const SecretBox& totp_box);
Result<void> check_totp_key(Database& db, const SecretBox& totp_box);

}  // namespace xueji::server
