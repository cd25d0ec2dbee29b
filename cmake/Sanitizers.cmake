# alignctl_sanitizers: ASan + UBSan when ALIGNCTL_SANITIZE is on; empty otherwise.
# With ALIGNCTL_FUZZ (clang only; cmake/Fuzz.cmake) every project target is
# also instrumented for libFuzzer's coverage feedback (fuzzer-no-link), and
# ASan + UBSan are on as well: the fuzz targets link the same libraries the
# tool does.
add_library(alignctl_sanitizers INTERFACE)
if(ALIGNCTL_SANITIZE OR ALIGNCTL_FUZZ)
  set(_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_compile_options(alignctl_sanitizers INTERFACE ${_san})
  target_link_options(alignctl_sanitizers INTERFACE ${_san})
endif()
if(ALIGNCTL_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ALIGNCTL_FUZZ needs clang (libFuzzer): configure with "
                        "-DCMAKE_CXX_COMPILER=clang++-14 (scripts/fuzz.sh does)")
  endif()
  target_compile_options(alignctl_sanitizers INTERFACE -fsanitize=fuzzer-no-link)
endif()
