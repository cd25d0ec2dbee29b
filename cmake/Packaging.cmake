# `cmake --install` layout and a Debian package through CPack (`cpack -G DEB`).
include(GNUInstallDirs)
# Man pages are generated from the binary's --help (scripts/gen-man.sh).
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/man/alignctl.1
  COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/gen-man.sh $<TARGET_FILE:alignctl> ${CMAKE_BINARY_DIR}/man
  DEPENDS alignctl ${PROJECT_SOURCE_DIR}/scripts/gen-man.sh
  COMMENT "Generating man pages")
add_custom_target(alignctl_man ALL DEPENDS ${CMAKE_BINARY_DIR}/man/alignctl.1)
install(DIRECTORY ${CMAKE_BINARY_DIR}/man/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
  FILES_MATCHING PATTERN "*.1")
if(EXISTS ${PROJECT_SOURCE_DIR}/docs/completion/alignctl.bash)
  install(FILES ${PROJECT_SOURCE_DIR}/docs/completion/alignctl.bash
    DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME alignctl)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/examples/alignctl.yaml
  DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples OPTIONAL)

set(CPACK_PACKAGE_NAME alignctl)
set(CPACK_PACKAGE_VENDOR "alignctl")
set(CPACK_PACKAGE_CONTACT "alignctl maintainers <alignctl@example.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Access-as-code for Jira Align: export, plan, apply")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Runtime dependencies: computed by dpkg-shlibdeps from the binary itself (with
# minimum versions), so the list cannot drift from what is linked; the
# hand-written Debian 12 names are the fallback where dpkg-dev is missing.
# tests/e2e/package.sh checks every library the binary needs is covered.
find_program(DPKG_SHLIBDEPS dpkg-shlibdeps)
if(DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libyaml-cpp0.7, libcurl4, libfmt9, libgit2-1.5, libldap-2.5-0, libssl3, libstdc++6, libc6")
endif()
# GSSAPI binds need the Cyrus SASL module at run time (loaded by libldap).
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libsasl2-modules-gssapi-mit, krb5-user")
set(CPACK_STRIP_FILES ON) # RelWithDebInfo builds carry ~60 MB of debug info
include(CPack)
