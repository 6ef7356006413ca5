/* SPDX-License-Identifier: MIT */
/* C view of the verilated svnic_rss (QUEUE_W = 8, USER_W = 16). */
#ifndef SVNIC_RSS_SHIM_H
#define SVNIC_RSS_SHIM_H
#include <stdint.h>

/* Inputs of one cycle; addresses are 16 bytes in network order (IPv4 in
 * bytes 12..15). */
struct rss_in {
	int rst;
	int key_wr_en;
	unsigned key_wr_addr;
	uint32_t key_wr_data;
	int ind_wr_en;
	unsigned ind_wr_addr, ind_wr_data;
	unsigned hash_enable, default_queue;
	int s_valid;
	int is_ipv4, is_ipv6, is_tcp, is_udp;
	uint8_t src[16], dst[16];
	unsigned sport, dport, user;
	int m_ready;
};

/* Outputs after the inputs are applied (before the clock edge). */
struct rss_out {
	int s_ready;
	int m_valid;
	uint32_t hash;
	unsigned type, queue, user;
};

void *rss_new(const char *fst_path);
void rss_free(void *m);
void rss_comb(void *m, const struct rss_in *in, struct rss_out *out);
void rss_tick(void *m);

#endif
