# ctest example.inference_loop.json: runs the example with --json OUT and checks that it says the
# file reads back identical, and that the file holds a benchmark_run with every part.
#   cmake -DPROGRAM=<inference_loop> -DOUT=<file.json> -P check_json.cmake
file(REMOVE "${OUT}")
execute_process(
  COMMAND "${PROGRAM}" --images 200 --batch-size 8 --latency-ms 4 --jitter-ms 1 --budget-ms 100 --json "${OUT}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "inference_loop exited with ${rc}")
endif()
if(NOT out MATCHES "json: [^\n]* \\(kind benchmark_run, read back: identical\\)")
  message(FATAL_ERROR "no 'read back: identical' line")
endif()
if(NOT EXISTS "${OUT}")
  message(FATAL_ERROR "${OUT} was not written")
endif()
file(READ "${OUT}" json)

# Fails with the path and the value when json[path...] is not `expected` ("*" : present, any value).
function(expect expected)
  string(JSON value ERROR_VARIABLE error GET "${json}" ${ARGN})
  if(error)
    message(FATAL_ERROR "${OUT}: ${ARGN}: ${error}")
  endif()
  if(NOT expected STREQUAL "*" AND NOT value STREQUAL expected)
    message(FATAL_ERROR "${OUT}: ${ARGN} is '${value}', expected '${expected}'")
  endif()
endfunction()

expect(benchmark_run kind)
expect(2 schema)
