# ctest example.inference_loop.json: runs the example with --json OUT and checks that it says the
# file reads back identical, and that the file holds a benchmark_run with every part.
#   cmake -DPROGRAM=<inference_loop> -DOUT=<file.json> [-DEMULATOR=<qemu...>] -P check_json.cmake
file(REMOVE "${OUT}")

# The sampler reads a fake Jetson Nano (L4T 32: ina3221x iio rails) under --root, so that the
# run has power and energy on any machine: the board input POM_5V_IN reads a constant 1022 mW.
set(root "${OUT}.nano")
file(REMOVE_RECURSE "${root}")
set(iio "${root}/sys/bus/i2c/drivers/ina3221x/6-0040/iio:device0")
file(WRITE "${root}/sys/bus/i2c/drivers/ina3221x/uevent" "DRIVER=ina3221x\n")
file(WRITE "${iio}/name" "ina3221x\n")
set(channel 0)
foreach(rail "POM_5V_IN;1022;5072;201" "POM_5V_GPU;0;5064;0" "POM_5V_CPU;204;5064;40")
  list(GET rail 0 name)
  list(GET rail 1 mw)
  list(GET rail 2 mv)
  list(GET rail 3 ma)
  file(WRITE "${iio}/rail_name_${channel}" "${name}\n")
  file(WRITE "${iio}/in_power${channel}_input" "${mw}\n")
  file(WRITE "${iio}/in_voltage${channel}_input" "${mv}\n")
  file(WRITE "${iio}/in_current${channel}_input" "${ma}\n")
  math(EXPR channel "${channel} + 1")
endforeach()
file(WRITE "${root}/sys/class/thermal/thermal_zone0/type" "GPU-therm\n")
file(WRITE "${root}/sys/class/thermal/thermal_zone0/temp" "36000\n")
file(WRITE "${root}/sys/devices/system/cpu/present" "0\n")
file(WRITE "${root}/proc/stat" "cpu  1 0 1 8 0 0 0 0 0 0\ncpu0 1 0 1 8 0 0 0 0 0 0\nintr 0\n")
file(WRITE "${root}/proc/meminfo"
  "MemTotal: 4059136 kB\nMemFree: 1000000 kB\nMemAvailable: 3512320 kB\nSwapTotal: 2029568 kB\nSwapFree: 2024448 kB\n")

execute_process(
  COMMAND ${EMULATOR} "${PROGRAM}" --images 200 --batch-size 8 --latency-ms 20 --jitter-ms 1 --budget-ms 100
          --root "${root}" --json "${OUT}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "inference_loop exited with ${rc}")
endif()
if(NOT out MATCHES "\npower: mean 1022 mW, energy [0-9.]+ mJ per image\n")
  message(FATAL_ERROR "no power line of the fake Nano")
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
# 200 images in 25 batches of 8, the first 5 batches warm-up: 20 timed batches of about 20 ms, so
# that the timed window (about 0.4 s) holds several of the sampler's 100 ms temperature reads.
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
expect("^1022(\\.0*)?$" hardware trace power_mw 0)
expect(GPU hardware temperature_sensor)
expect("*" hardware report energy)
message("${OUT}: a benchmark_run with detection, latency and hardware parts")
