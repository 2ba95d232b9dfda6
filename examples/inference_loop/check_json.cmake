# ctest example.inference_loop.json: runs the example with --json OUT and checks that it says the
# file reads back identical, and that the file holds a benchmark_run with every part.
#   cmake -DPROGRAM=<inference_loop> -DOUT=<file.json> [-DEMULATOR=<qemu...>] -P check_json.cmake
file(REMOVE "${OUT}")
execute_process(
  COMMAND ${EMULATOR} "${PROGRAM}" --images 200 --batch-size 8 --latency-ms 4 --jitter-ms 1 --budget-ms 100 --json "${OUT}"
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

# Fails with the path and the value when json[path...] is not `expected` ("*": present, any value;
# "^...": a regular expression, for numbers, which CMake's JSON parser prints in its own way).
function(expect expected)
  string(JSON value ERROR_VARIABLE error GET "${json}" ${ARGN})
  if(error)
    message(FATAL_ERROR "${OUT}: ${ARGN}: ${error}")
  endif()
  if(expected MATCHES "^\\^")
    if(NOT value MATCHES "${expected}")
      message(FATAL_ERROR "${OUT}: ${ARGN} is '${value}', expected to match '${expected}'")
    endif()
  elseif(NOT expected STREQUAL "*" AND NOT value STREQUAL expected)
    message(FATAL_ERROR "${OUT}: ${ARGN} is '${value}', expected '${expected}'")
  endif()
endfunction()

# Fails unless json[path...] is an array (or object) of `expected` elements.
function(expect_length expected)
  string(JSON n ERROR_VARIABLE error LENGTH "${json}" ${ARGN})
  if(error OR NOT n EQUAL expected)
    message(FATAL_ERROR "${OUT}: ${ARGN}: length '${n}' (${error}), expected ${expected}")
  endif()
endfunction()

expect(benchmark_run kind)
expect(2 schema)
# 200 images in 25 batches of 8, the first 5 batches warm-up: 20 timed batches.
expect("stand-in detector fp16 batch 8" name)
expect(batch_size attributes 2 name)
expect(8 attributes 2 value)
expect("^6800000(\\.0*)?$" model parameters)
# Accuracy: the voc_eval report (the numbers are exact: the stand-in is seeded) and 3 PR curves.
expect(voc_eval detection report kind)
expect("^0\\.795696366570662" detection report results voc07 mAP)
expect_length(3 detection curves)
# Speed: the latency report with its 3 stages and budget, and the 20 timed batch latencies.
expect(latency latency report kind)
expect_length(3 latency report stages)
expect(batch latency report stages 0 name)
expect(20 latency report budget count)
expect_length(20 latency samples_ms)
# Hardware: the tegrastats report of the live samples, a trace and the 20 inference windows.
expect(tegrastats hardware report kind)
expect_length(20 hardware windows)
expect(8 hardware windows 0 inferences)
expect("*" hardware trace time_s)
message("${OUT}: a benchmark_run with detection, latency and hardware parts")
