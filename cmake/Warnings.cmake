# alignctl_warnings: an INTERFACE target every project target links privately.
add_library(alignctl_warnings INTERFACE)
target_compile_options(alignctl_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
  -Wunused -Woverloaded-virtual -Wimplicit-fallthrough)
if(ALIGNCTL_WERROR)
  target_compile_options(alignctl_warnings INTERFACE -Werror)
endif()
