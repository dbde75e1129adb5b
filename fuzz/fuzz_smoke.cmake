# Runs `swemu fuzz` on one TA in a fresh directory and checks how many distinct crashes it
# reported (crash-*.txt files). Variables: SWEMU, TA, WORK, EXPECT, FLAGS (a ;-list).
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${SWEMU} fuzz ${TA} --corpus ${WORK}/corpus --artifacts ${WORK}/crashes
                        ${FLAGS}
                WORKING_DIRECTORY ${WORK}
                RESULT_VARIABLE rc
                ERROR_VARIABLE err)
file(GLOB reports ${WORK}/crashes/crash-*.txt)
list(LENGTH reports found)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "swemu fuzz exited with ${rc}:\n${err}")
endif()
if(NOT found EQUAL EXPECT)
  message(FATAL_ERROR "expected ${EXPECT} distinct crashes, found ${found}: ${reports}\n${err}")
endif()
foreach(r ${reports})
  file(STRINGS ${r} first LIMIT_COUNT 1)
  message(STATUS "${first}")
endforeach()
