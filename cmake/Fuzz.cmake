# alignctl_fuzz_target(NAME SOURCE LIBS...): one libFuzzer executable (tests/fuzz/).
# Only with ALIGNCTL_FUZZ (clang): the project's libraries are then compiled
# with -fsanitize=fuzzer-no-link,address,undefined (cmake/Sanitizers.cmake)
# and each target links libFuzzer's main through -fsanitize=fuzzer.
# Seed corpora: tests/fuzz/corpus/<NAME>/; dictionaries: tests/fuzz/<kind>.dict.
# scripts/fuzz.sh builds and runs them (docs/fuzzing.md).
function(alignctl_fuzz_target name source)
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE ${ARGN} alignctl_warnings alignctl_sanitizers)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
endfunction()
