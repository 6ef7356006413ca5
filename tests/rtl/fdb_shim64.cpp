// SPDX-License-Identifier: MIT
// svnic_fdb with ENTRIES = 64, WAYS = 2, NUM_VIFS = 16, CHUNK = 8.
#define FDB_HEADER "Vfdb64.h"
#define FDB_PREFIX Vfdb64
#define FDB_NAME fdb64
#define FDB_ENTRIES 64
#define FDB_WAYS 2
#define FDB_VIFS 16
#define FDB_CHUNK 8
#include "fdb_shim.inc"
