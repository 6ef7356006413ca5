# SPDX-License-Identifier: MIT
# cmake -DIN=KEY.pub -DOUT=signing_key.h -P gen_key_header.cmake
# The simulated card's fuses: the 32-byte Ed25519 public key as a C array.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" n)
if(NOT n EQUAL 64)
  message(FATAL_ERROR "${IN} is not a 32-byte public key (make one with 'svnic-image keygen')")
endif()
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1, " bytes "${hex}")
file(WRITE ${OUT}.tmp "/* Generated from ${IN}: the key svnic-sim's fuses hold. */\n"
  "static const unsigned char sim_signing_key[32] = { ${bytes}};\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUT}.tmp)
