// Integration tests: the real xueji-server binary on loopback, spoken to over HTTP.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
