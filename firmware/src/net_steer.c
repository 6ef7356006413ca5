/* SPDX-License-Identifier: MIT */
/*
 * Receive steering over a VIF's queue pairs (virtio 1.2 section 5.1.6.4.3
 * and 5.1.6.5.6).
 *
 * The datapath hashes every frame once, with the card's one Toeplitz key
 * (svnic_rss.sv; RX_HEAD_HASH and the type in RX_HEAD_META), before it is
 * known which VIF takes it. The firmware computes no hash of its own: it
 * cannot read a frame's headers without a DMA per frame, and a hash is only
 * a means to spread flows. So:
 *  - With RSS (RSS_CONFIG), the driver's indirection table is indexed with
 *    the card's hash. A flow always lands on one queue and flows spread as
 *    the table says, but the key is the card's, not the driver's: a driver
 *    that predicts a flow's queue from its own key (or wants symmetric
 *    hashing from a special key) is not served, and VIRTIO_NET_F_HASH_REPORT
 *    is not offered, so no driver is told a hash it did not ask for.
 *  - A frame whose type the driver did not enable goes to its unclassified
 *    queue. The specification asks for the next less specific type the
 *    driver did enable (IPv4 when TCPv4 is off); the card computed only the
 *    most specific one, and steering by a hash over more fields than the
 *    driver asked for would split what it wants kept together.
 *  - With MQ only (VQ_PAIRS_SET, or a front-end that enables rings), the
 *    hash modulo the pairs in use; frames without one go to pair 0.
 */
#include "fw/fw.h"
#include "svnic/regs.h"

unsigned fw_vif_active_pairs(const struct fw_vif *v)
{
	unsigned max = fw_vif_pairs(v);
	if (max <= 1u)
		return 1u;
	if (v->vq[fw_vif_ctrlq(v)].attached) {
		unsigned p = v->ctrl.cfg.pairs;
		return p >= 1u && p <= max ? p : 1u;
	}
	unsigned p = 1u;
	while (p < max && v->vq[SVNIC_VIRTIO_NET_RXQ(p)].attached)
		p++;
	return p;
}

unsigned fw_rx_steer(const struct fw_vif *v, unsigned type, uint32_t hash)
{
	unsigned pairs = fw_vif_active_pairs(v);
	const struct fw_ctrl_cfg *cfg = &v->ctrl.cfg;
	unsigned q;
	if (pairs <= 1u)
		return 0;
	if (cfg->steering == FW_CTRL_STEER_RSS && cfg->rss_table_len > 0) {
		/* SVNIC_RX_HASH_* n is VIRTIO_NET_HASH_TYPE bit n - 1 */
		bool enabled = type != SVNIC_RX_HASH_NONE && type <= 6u &&
			       (cfg->hash_types & (1u << (type - 1u)));
		q = enabled ? cfg->rss_table[hash & (cfg->rss_table_len - 1u)] : cfg->rss_unclassified;
	} else {
		q = type != SVNIC_RX_HASH_NONE ? hash % pairs : 0u;
	}
	/* The parser keeps the table inside the pairs it set; pairs can only
	 * have shrunk since through a ring being detached. */
	return q < pairs ? q : q % pairs;
}
