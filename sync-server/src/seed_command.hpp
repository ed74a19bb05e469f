// `xueji-server seed`: creates or tops up DIR/xueji.db with Henan's real divisions, a
// generated demo county and demo accounts. Idempotent; deterministic for a given --seed.
#pragma once
#include "options.hpp"

namespace xueji::server {

int run_seed(const SeedOptions& options);

}  // namespace xueji::server
