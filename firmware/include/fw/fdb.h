/* SPDX-License-Identifier: MIT */
/*
 * The datapath's forwarding table (hw-rtl/svnic_fdb.sv) as firmware keeps
 * it: a shadow of which entries are in use, the bucket hash mirrored from
 * the RTL, and the writes through the FDB_* and per-VIF ATTR registers.
 */
#ifndef FW_FDB_H
#define FW_FDB_H

#include <stdbool.h>
#include <stdint.h>

struct fw_card;

/* Largest table the shadow covers (FDB_GEOMETRY entries). */
#define FW_FDB_MAX_ENTRIES 4096u

/*
 * The table's bucket hash: CRC-16/CCITT (polynomial 0x1021, initial 0xffff,
 * no reflection, no final xor) over the 60-bit key {vlan[11:0], mac}, most
 * significant bit first, where mac byte 0 (the first on the wire) is bits
 * 7:0 of the key. The bucket is the hash modulo the number of buckets.
 */
uint16_t fw_fdb_hash(const uint8_t mac[6], unsigned vlan);

/* Reads FDB_GEOMETRY. 0, or -1 if the table cannot be used. */
int fw_fdb_init(struct fw_card *c);

/*
 * Adds (mac, vlan) -> vif in a free way of the key's bucket. Returns the
 * entry index, -1 when the bucket is full, -2 when the datapath did not take
 * the write (busy, or it hashed the key elsewhere: nothing was added).
 */
int fw_fdb_add(struct fw_card *c, unsigned vif, const uint8_t mac[6], unsigned vlan);

/* Clears entry `index` (from fw_fdb_add). */
void fw_fdb_remove(struct fw_card *c, unsigned index);

/* Writes the VIF's ATTR register: its access VLAN and flags. */
void fw_fdb_set_attr(struct fw_card *c, unsigned vif, bool enable, unsigned vlan, bool promisc,
		     bool allmulti);

/*
 * Writes the VIF's ATTR register from the firmware's copy of the VIF:
 * enabled while in use, its VLAN, and the promiscuous and all-multicast
 * flags that the host (VIF_SET), the driver (control queue) and filter
 * overflows together ask for. Every change of those goes through here.
 */
void fw_fdb_program_vif(struct fw_card *c, unsigned vif);

#endif
