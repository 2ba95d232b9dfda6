# Fails unless README.md quotes the example file verbatim (so the README's code compiles and
# its printed output is the one this test checks).
file(READ "${README}" readme)
file(READ "${EXAMPLE}" example)
string(FIND "${readme}" "${example}" pos)
if(pos EQUAL -1)
  message(FATAL_ERROR "README.md does not contain ${EXAMPLE} verbatim: update the README's usage example")
endif()
file(READ "${EXPECTED}" expected)
string(FIND "${readme}" "${expected}" pos)
if(pos EQUAL -1)
  message(FATAL_ERROR "README.md does not show the example's output (${EXPECTED}) verbatim")
endif()
