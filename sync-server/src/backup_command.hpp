// `xueji-server backup --data DIR --out FILE`: an online copy of the database through SQLite's
// backup API, consistent even while the server writes (WAL), then opened again and checked
// (integrity_check, audit hash chain) before it is called good.
#pragma once
#include "options.hpp"

namespace xueji::server {

int run_backup(const BackupOptions& options);

}  // namespace xueji::server
