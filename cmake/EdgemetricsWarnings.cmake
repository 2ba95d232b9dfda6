# Warnings, -Werror and sanitizers are PRIVATE to edgemetrics' own targets and
# never pushed onto consumers.
function(edgemetrics_target_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow)
    if(EDGEMETRICS_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  elseif(MSVC)
    target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${EDGEMETRICS_WERROR}>:/WX>)
  endif()
  if(EDGEMETRICS_SANITIZE)
    target_compile_options(${target} PRIVATE
      -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# Test programs (unit tests, the README example, the ODR check): EDGEMETRICS_TEST_CXX_FLAGS after
# the build type's flags (GCC and Clang take the last -O).
function(edgemetrics_test_flags target)
  if(EDGEMETRICS_TEST_CXX_FLAGS AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    separate_arguments(_flags NATIVE_COMMAND "${EDGEMETRICS_TEST_CXX_FLAGS}")
    target_compile_options(${target} PRIVATE ${_flags})
  endif()
endfunction()
