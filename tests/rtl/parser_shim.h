/* SPDX-License-Identifier: MIT */
/* C view of the verilated svnic_parser configurations (DATA_WIDTH 64, 512). */
#ifndef SVNIC_PARSER_SHIM_H
#define SVNIC_PARSER_SHIM_H
#include <stdint.h>

/* One metadata record; addresses are 16 bytes in network order (IPv4 in
 * bytes 12..15). */
struct prs_meta {
	unsigned has_vlan, has_qinq;
	unsigned outer_vid, outer_pcp, inner_vid, inner_pcp;
	unsigned ethertype, l3_offset;
	unsigned is_ipv4, is_ipv6, ip_hdr_len;
	uint8_t ip_src[16], ip_dst[16];
	unsigned ip_proto, ext_count, ip_fragment;
	unsigned l4_valid, l4_offset;
	unsigned is_tcp, is_udp, sport, dport;
	unsigned truncated, parse_limit;
};

/* Inputs of one cycle; beat bytes in data[0..beat bytes). */
struct prs_in {
	int rst;
	uint8_t data[64];
	uint64_t keep;
	int tvalid, tlast, tuser;
	int m_tready;
	int meta_ready;
};

/* Outputs after the inputs are applied (before the clock edge). */
struct prs_out {
	int s_tready;
	uint8_t data[64];
	uint64_t keep;
	int m_tvalid, m_tlast, m_tuser;
	int meta_valid;
	struct prs_meta meta;
};

void *prs64_new(const char *fst_path);
void prs64_free(void *m);
void prs64_comb(void *m, const struct prs_in *in, struct prs_out *out);
void prs64_tick(void *m);
void *prs512_new(const char *fst_path);
void prs512_free(void *m);
void prs512_comb(void *m, const struct prs_in *in, struct prs_out *out);
void prs512_tick(void *m);

#endif
