# ekel_embed_files(OUTPUT out.cpp NAMESPACE ns FUNCTION fn FILES a.sql b.sql)
# Generates a .cpp defining `std::vector<EmbeddedFile> ns::fn()` with each file's name and bytes,
# so programs do not depend on the working directory for their SQL and templates.
function(ekel_embed_files)
  cmake_parse_arguments(ARG "" "OUTPUT;NAMESPACE;FUNCTION" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${ARG_OUTPUT} -DNAMESPACE=${ARG_NAMESPACE}
            -DFUNCTION=${ARG_FUNCTION} "-DFILES=${ARG_FILES}"
            -P ${EKEL_SOURCE_ROOT}/cmake/embed_files_script.cmake
    DEPENDS ${ARG_FILES} ${EKEL_SOURCE_ROOT}/cmake/embed_files_script.cmake
    COMMENT "Embedding ${ARG_FUNCTION}"
    VERBATIM)
endfunction()
