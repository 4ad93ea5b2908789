# Warnings for our own targets only; third-party headers come in as SYSTEM includes.
# EKEL_WERROR (set by `make test`) turns them into errors, so a warning never lands.
option(EKEL_WERROR "Treat warnings in our own code as errors" OFF)
function(ekel_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
  if(EKEL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
