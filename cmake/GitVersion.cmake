# ALIGNCTL_GIT_COMMIT: the short commit id the binary was built from, or "unknown".
execute_process(
  COMMAND git rev-parse --short=12 HEAD
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  OUTPUT_VARIABLE ALIGNCTL_GIT_COMMIT
  OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_QUIET)
if(NOT ALIGNCTL_GIT_COMMIT)
  set(ALIGNCTL_GIT_COMMIT "unknown")
endif()
