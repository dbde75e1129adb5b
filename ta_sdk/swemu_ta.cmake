# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026, the swemu authors
#
# Cross-compiles Trusted Applications with the host's clang and ld.lld, independently of the
# host project's own compilers (the host project is plain g++):
#
#   swemu_add_ta(NAME <name> SOURCES <files...>
#                [INCLUDE_DIRS <dirs...>] [DEFINES <defs...>] [ARCH arm64|arm32]
#                [LIBRARIES <library names...>])
#
# builds ${SWEMU_TA_OUTPUT_DIR}/<name>.elf from the TA's sources plus this SDK's sources,
# adds a target ta_<name> and makes the existing target `swemu_tas` depend on it.
# LIBRARIES names TA shared libraries made with swemu_add_ta_library(); the TA is linked
# against them (DT_NEEDED <uuid>), and the loader finds them in the TA directory.
#
#   swemu_add_ta_library(NAME <name> UUID <uuid> SOURCES <files...>
#                        [INCLUDE_DIRS <dirs...>] [DEFINES <defs...>] [ARCH arm64|arm32])
#
# builds a TA shared library ${SWEMU_TA_OUTPUT_DIR}/<uuid>.elf (SONAME <uuid>, as OP-TEE
# names them) from its own sources only; symbols it exports need default visibility.
# INCLUDE_DIRS must contain the directory of the TA's user_ta_header_defines.h; they come
# before the SDK's include directory. DEFINES (NAME or NAME=VALUE) apply to every source,
# the SDK's included, e.g. CFG_TEE_TA_LOG_LEVEL=3.
#
# The ELF is what OP-TEE's TA dev kit produces (reference/ta-binaries.md): ET_DYN linked
# -pie, entry __ta_entry, `ta_head` & co. exported through ta.dynlist, one R+X and one RW
# PT_LOAD starting on separate 4 KiB pages, relative relocations only, section headers kept.
#
# Include this file at top level; it locates the SDK relative to itself.

include_guard(GLOBAL)

set_property(GLOBAL PROPERTY SWEMU_TA_SDK_DIR "${CMAKE_CURRENT_LIST_DIR}")

find_program(SWEMU_TA_CLANG NAMES clang-14 clang DOC "clang used to cross-compile TAs")
find_program(SWEMU_TA_LLD NAMES ld.lld-14 ld.lld DOC "ld.lld used to link TAs")
if(NOT SWEMU_TA_CLANG OR NOT SWEMU_TA_LLD)
  message(FATAL_ERROR "Building TAs needs clang and ld.lld (Debian: clang lld)")
endif()

# Reads the values of `var += value` lines in mk/sdk.mk (the SDK's sources and flags,
# shared with the make-based ta_dev_kit.mk) into the list `out`.
function(_swemu_sdk_list var out)
  get_property(sdk_dir GLOBAL PROPERTY SWEMU_TA_SDK_DIR)
  file(STRINGS "${sdk_dir}/mk/sdk.mk" lines REGEX "^${var} \\+= ")
  set(result)
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "^${var} \\+= " "" value "${line}")
    separate_arguments(words UNIX_COMMAND "${value}")
    list(APPEND result ${words})
  endforeach()
  set(${out} ${result} PARENT_SCOPE)
endfunction()

set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  "${CMAKE_CURRENT_LIST_DIR}/mk/sdk.mk")

# A path inside the object directory for `src`, unique and free of "..".
function(_swemu_ta_object_path src base_dir prefix out)
  cmake_path(RELATIVE_PATH src BASE_DIRECTORY "${base_dir}" OUTPUT_VARIABLE rel)
  string(REPLACE "../" "__/" rel "${rel}")
  string(REPLACE ":" "_" rel "${rel}")
  set(${out} "${prefix}/${rel}.o" PARENT_SCOPE)
endfunction()

function(swemu_add_ta)
  cmake_parse_arguments(PARSE_ARGV 0 TA "" "NAME;ARCH;UUID;KIND"
                        "SOURCES;INCLUDE_DIRS;DEFINES;LIBRARIES")
  if(TA_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "swemu_add_ta: unexpected arguments: ${TA_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TA_NAME)
    message(FATAL_ERROR "swemu_add_ta: NAME is required")
  endif()
  if(NOT TA_SOURCES)
    message(FATAL_ERROR "swemu_add_ta(${TA_NAME}): SOURCES is required")
  endif()
  if(NOT TA_ARCH)
    set(TA_ARCH arm64)
  endif()
  if(NOT SWEMU_TA_OUTPUT_DIR)
    message(FATAL_ERROR "swemu_add_ta(${TA_NAME}): set SWEMU_TA_OUTPUT_DIR first")
  endif()

  get_property(sdk_dir GLOBAL PROPERTY SWEMU_TA_SDK_DIR)

  # OP-TEE names the architectures arm64 and arm32; aarch64 is accepted for arm64.
  if(TA_ARCH STREQUAL "aarch64")
    set(TA_ARCH arm64)
  endif()
  _swemu_sdk_list(swemu-archs archs)
  if(NOT TA_ARCH IN_LIST archs)
    message(FATAL_ERROR "swemu_add_ta(${TA_NAME}): unknown ARCH '${TA_ARCH}' (one of: ${archs})")
  endif()

  # SDK sources built into every TA. They are compiled per TA because user_ta_header.c
  # includes the TA's user_ta_header_defines.h and DEFINES may tune the rest.
  _swemu_sdk_list(swemu-sdk-srcs sdk_sources)
  _swemu_sdk_list(swemu-sdk-srcs-${TA_ARCH} arch_sources)
  _swemu_sdk_list(swemu-cflags common_cflags)
  _swemu_sdk_list(swemu-cflags-${TA_ARCH} arch_cflags)
  _swemu_sdk_list(swemu-ldflags common_ldflags)

  set(obj_dir "${CMAKE_CURRENT_BINARY_DIR}/ta_${TA_NAME}.dir")
  set(out "${SWEMU_TA_OUTPUT_DIR}/${TA_NAME}.elf")
  set(dynlist "${sdk_dir}/ta.dynlist")
  set(link_flags ${common_ldflags} --dynamic-list "${dynlist}")
  if(TA_KIND STREQUAL "library")
    if(NOT TA_UUID)
      message(FATAL_ERROR "swemu_add_ta_library(${TA_NAME}): UUID is required")
    endif()
    set(out "${SWEMU_TA_OUTPUT_DIR}/${TA_UUID}.elf")
    # The executable-only flags give way to -shared and the UUID as SONAME.
    list(REMOVE_ITEM common_ldflags -pie --no-dynamic-linker -e __ta_entry)
    set(link_flags -shared -soname ${TA_UUID} ${common_ldflags})
    set(sdk_sources)
    set(arch_sources)
  endif()
  set(lib_files)
  set(lib_targets)
  foreach(lib IN LISTS TA_LIBRARIES)
    if(NOT TARGET ta_${lib})
      message(FATAL_ERROR "swemu_add_ta(${TA_NAME}): no TA library '${lib}' (define it first)")
    endif()
    get_target_property(lib_file ta_${lib} SWEMU_TA_ELF)
    list(APPEND lib_files "${lib_file}")
    list(APPEND lib_targets ta_${lib})
  endforeach()

  set(cflags ${arch_cflags} ${common_cflags})
  foreach(def IN LISTS TA_DEFINES)
    list(APPEND cflags "-D${def}")
  endforeach()
  foreach(dir IN LISTS TA_INCLUDE_DIRS)
    cmake_path(ABSOLUTE_PATH dir BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    list(APPEND cflags "-I${dir}")
  endforeach()
  list(APPEND cflags "-I${sdk_dir}/include")

  # (source, object) pairs: the TA's own sources, then the SDK's.
  set(srcs)
  set(objs)
  foreach(src IN LISTS TA_SOURCES)
    cmake_path(ABSOLUTE_PATH src BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    _swemu_ta_object_path("${src}" "${CMAKE_CURRENT_SOURCE_DIR}" "${obj_dir}/ta" obj)
    list(APPEND srcs "${src}")
    list(APPEND objs "${obj}")
  endforeach()
  foreach(rel IN LISTS sdk_sources arch_sources)
    set(src "${sdk_dir}/${rel}")
    _swemu_ta_object_path("${src}" "${sdk_dir}" "${obj_dir}/sdk" obj)
    list(APPEND srcs "${src}")
    list(APPEND objs "${obj}")
  endforeach()

  list(LENGTH srcs count)
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    list(GET srcs ${i} src)
    list(GET objs ${i} obj)
    cmake_path(GET obj PARENT_PATH obj_parent)
    cmake_path(GET src FILENAME src_name)
    file(MAKE_DIRECTORY "${obj_parent}")
    # Headers (the TA's and the SDK's) are tracked through the compiler's depfile.
    add_custom_command(
      OUTPUT "${obj}"
      COMMAND "${SWEMU_TA_CLANG}" ${cflags} -MD -MF "${obj}.d" -MT "${obj}" -c "${src}" -o "${obj}"
      DEPENDS "${src}"
      DEPFILE "${obj}.d"
      COMMENT "TA ${TA_NAME}: compiling ${src_name}"
      COMMAND_EXPAND_LISTS
      VERBATIM)
  endforeach()

  add_custom_command(
    OUTPUT "${out}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${SWEMU_TA_OUTPUT_DIR}"
    COMMAND "${SWEMU_TA_LLD}" ${link_flags} -Map "${obj_dir}/${TA_NAME}.map" -o "${out}" ${objs}
            ${lib_files}
    DEPENDS ${objs} ${lib_files} ${lib_targets} "${dynlist}" "${sdk_dir}/swemu_ta.cmake"
            "${sdk_dir}/mk/sdk.mk"
    COMMENT "TA ${TA_NAME}: linking ${TA_NAME}.elf"
    COMMAND_EXPAND_LISTS
    VERBATIM)

  add_custom_target(ta_${TA_NAME} DEPENDS "${out}")
  set_target_properties(ta_${TA_NAME} PROPERTIES
    SWEMU_TA_ELF "${out}"
    SWEMU_TA_ARCH "${TA_ARCH}")
  if(NOT TARGET swemu_tas)
    add_custom_target(swemu_tas ALL)
  endif()
  add_dependencies(swemu_tas ta_${TA_NAME})
endfunction()

function(swemu_add_ta_library)
  swemu_add_ta(${ARGN} KIND library)
endfunction()
