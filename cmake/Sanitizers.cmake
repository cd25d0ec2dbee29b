# alignctl_sanitizers: ASan + UBSan when ALIGNCTL_SANITIZE is on; empty otherwise.
add_library(alignctl_sanitizers INTERFACE)
if(ALIGNCTL_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_compile_options(alignctl_sanitizers INTERFACE ${_san})
  target_link_options(alignctl_sanitizers INTERFACE ${_san})
endif()
