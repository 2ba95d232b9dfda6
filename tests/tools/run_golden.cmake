# Runs one driver and compares what it did with the golden files in tests/tools/golden/:
#   <NAME>.stdout   the whole standard output
#   <NAME>.stderr   the whole standard error
#   <NAME>.json     the JSON it wrote (when JSON_OUT is given); "version" normalised to @VERSION@
# and the exact exit status (EXPECTED_EXIT). Paths on the command line are relative to the
# source tree (WORKDIR), so the output holds no machine-specific path.
#
# Regenerate after a deliberate change:  EDGEMETRICS_UPDATE_GOLDEN=1 ctest -R '^tool\.'
# then review the diff of tests/tools/golden/ before committing it.
#
# -D variables: TOOL, ARGS (a ;-list, '|' separated), WORKDIR, GOLDEN_DIR, NAME, EXPECTED_EXIT,
# JSON_OUT (optional: the path the command writes; removed first), STDIN (optional file),
# EMULATOR (optional: a |-list run before TOOL, e.g. qemu-aarch64 in a cross build).
cmake_minimum_required(VERSION 3.16)
string(REPLACE "|" ";" _args "${ARGS}")
if(JSON_OUT)
  file(REMOVE "${JSON_OUT}")
endif()
set(_input)
if(STDIN)
  set(_input INPUT_FILE "${STDIN}")
endif()
string(REPLACE "|" ";" _emulator "${EMULATOR}")
execute_process(COMMAND ${_emulator} "${TOOL}" ${_args}
  WORKING_DIRECTORY "${WORKDIR}"
  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err ${_input})

set(_update "$ENV{EDGEMETRICS_UPDATE_GOLDEN}")
set(_failed FALSE)

function(_golden_compare suffix actual)
  set(_file "${GOLDEN_DIR}/${NAME}.${suffix}")
  if(_update)
    file(WRITE "${_file}" "${actual}")
    return()
  endif()
  if(NOT EXISTS "${_file}")
    message(SEND_ERROR "missing golden file ${_file}; actual ${suffix}:\n${actual}")
    return()
  endif()
  file(READ "${_file}" _expected)
  if(NOT _expected STREQUAL actual)
    file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/${NAME}.${suffix}.actual" "${actual}")
    message(SEND_ERROR "${NAME}: ${suffix} differs from ${_file}\n--- expected\n${_expected}\n--- actual\n${actual}\n"
      "(actual saved as ${CMAKE_CURRENT_BINARY_DIR}/${NAME}.${suffix}.actual)")
  endif()
endfunction()

if(NOT _rc STREQUAL EXPECTED_EXIT)
  message(SEND_ERROR "${NAME}: exit status ${_rc}, expected ${EXPECTED_EXIT}\nstdout:\n${_out}\nstderr:\n${_err}")
endif()
# The version appears in --version lines and in JSON written to standard output.
string(REGEX REPLACE "\"version\": \"[0-9]+\\.[0-9]+\\.[0-9]+\"" "\"version\": \"@VERSION@\"" _out "${_out}")
string(REGEX REPLACE "(edgemetrics-[a-z-]+) [0-9]+\\.[0-9]+\\.[0-9]+\n" "\\1 @VERSION@\n" _out "${_out}")
_golden_compare(stdout "${_out}")
_golden_compare(stderr "${_err}")
if(JSON_OUT)
  if(EXISTS "${JSON_OUT}")
    file(READ "${JSON_OUT}" _json)
    string(REGEX REPLACE "\"version\": \"[0-9]+\\.[0-9]+\\.[0-9]+\"" "\"version\": \"@VERSION@\"" _json "${_json}")
    _golden_compare(json "${_json}")
  else()
    _golden_compare(json "(no file written)\n")
  endif()
endif()
