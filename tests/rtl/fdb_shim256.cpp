// SPDX-License-Identifier: MIT
// svnic_fdb with ENTRIES = 256, WAYS = 4, NUM_VIFS = 256, CHUNK = 32.
#define FDB_HEADER "Vfdb256.h"
#define FDB_PREFIX Vfdb256
#define FDB_NAME fdb256
#define FDB_ENTRIES 256
#define FDB_WAYS 4
#define FDB_VIFS 256
#define FDB_CHUNK 32
#include "fdb_shim.inc"
