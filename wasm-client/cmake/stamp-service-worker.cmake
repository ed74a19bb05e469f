# cmake -DTEMPLATE=sw.js -DOUTPUT=web/sw.js -DSHELL_FILES="a;b;c" -P stamp-service-worker.cmake
# Writes the service worker with BUILD_ID = a hash over the shell files, so every build that
# changes the shell installs a fresh, consistent cache in the browser.
cmake_minimum_required(VERSION 3.20)  # script mode: modern policies (CMP0053)
foreach(var TEMPLATE OUTPUT SHELL_FILES)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "stamp-service-worker: ${var} is required")
  endif()
endforeach()

set(hashes "")
foreach(file IN LISTS SHELL_FILES)
  file(SHA256 "${file}" hash)
  string(APPEND hashes "${hash}\n")
endforeach()
string(SHA256 build_hash "${hashes}")
string(SUBSTRING "${build_hash}" 0 16 XUEJI_BUILD_ID)

file(READ "${TEMPLATE}" content)
string(REPLACE "@XUEJI_BUILD_ID@" "${XUEJI_BUILD_ID}" content "${content}")
file(WRITE "${OUTPUT}.tmp" "${content}")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
