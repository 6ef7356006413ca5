// SPDX-License-Identifier: MIT
// svnic_fdb with ENTRIES = 16, WAYS = 4, NUM_VIFS = 4, CHUNK = 4.
#define FDB_HEADER "Vfdb16.h"
#define FDB_PREFIX Vfdb16
#define FDB_NAME fdb16
#define FDB_ENTRIES 16
#define FDB_WAYS 4
#define FDB_VIFS 4
#define FDB_CHUNK 4
#include "fdb_shim.inc"
