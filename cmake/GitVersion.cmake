# The commit id the binary was built from lives in one generated source file,
# ${ALIGNCTL_VERSION_CPP}, refreshed on every build by WriteVersion.cmake but
# rewritten only when the commit changes — so a new commit recompiles one file,
# not every target that includes version.hpp.
set(ALIGNCTL_VERSION_CPP ${CMAKE_BINARY_DIR}/generated/version.cpp)
add_custom_target(alignctl_version_source
  COMMAND ${CMAKE_COMMAND} -DOUT=${ALIGNCTL_VERSION_CPP} -DVERSION=${PROJECT_VERSION}
          -DSOURCE_DIR=${CMAKE_SOURCE_DIR} -P ${CMAKE_CURRENT_LIST_DIR}/WriteVersion.cmake
  BYPRODUCTS ${ALIGNCTL_VERSION_CPP}
  COMMENT "Checking the git commit id"
  VERBATIM)
