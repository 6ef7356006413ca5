/* SPDX-License-Identifier: MIT */
/*
 * virtio-net control queue (virtio 1.2 section 5.1.6.5): take each command
 * from the ring, gather its driver-readable part (class, command, data) into
 * card memory, let the parser (ctrlq.c) validate and record it, apply what
 * it changed to the datapath, and write the one-byte ack into the
 * device-writable part.
 *
 * What reaches the datapath: the receive modes PROMISC and ALLMULTI (the
 * VIF's attributes), the default MAC (the VIF's forwarding table entry) and
 * the MAC filter (extra table entries, or promiscuous / all-multicast where
 * the table has no room, as hw-rtl/svnic_fdb.sv describes).
 */
#include "fw/ctrlq.h"
#include "fw/dma.h"
#include "fw/fdb.h"
#include "fw/fw.h"
#include "fw/mem.h"
#include "fw/vq.h"
#include "svnic/dmacmd.h"
#include "svnic/mbox.h"
#include "svnic/virtio.h"

#define MAC_LEN 6u

/* The host's setting, the driver's, or a filter that did not fit: any of
 * them is a reason to receive more, none can take another's away. */
bool fw_vif_promisc(const struct fw_vif *v)
{
	return v->promisc || (v->ctrl.cfg.rx_mode & FW_CTRL_RX_PROMISC) || v->uc_overflow;
}

bool fw_vif_allmulti(const struct fw_vif *v)
{
	return v->allmulti || (v->ctrl.cfg.rx_mode & FW_CTRL_RX_ALLMULTI) || v->mc_overflow;
}

void fw_vif_filter_clear(struct fw_card *c, unsigned vif)
{
	struct fw_vif *v = &c->vif[vif];
	for (unsigned i = 0; i < v->nfilter && i < FW_CTRL_MAC_ENTRIES; i++)
		fw_fdb_remove(c, v->filter[i]);
	v->nfilter = 0;
	v->uc_overflow = false;
	v->mc_overflow = false;
}

static bool is_broadcast(const uint8_t *m)
{
	unsigned acc = 0xff;
	for (unsigned i = 0; i < MAC_LEN; i++)
		acc &= m[i];
	return acc == 0xff;
}

/* Does entry i of the filter repeat an earlier one? */
static bool repeated(const struct fw_ctrl_cfg *cfg, unsigned i)
{
	for (unsigned j = 0; j < i; j++)
		if (fw_memcmp(cfg->macs[j], cfg->macs[i], MAC_LEN) == 0)
			return true;
	return false;
}

void fw_vif_filter_apply(struct fw_card *c, unsigned vif)
{
	struct fw_vif *v = &c->vif[vif];
	const struct fw_ctrl_cfg *cfg = &v->ctrl.cfg;
	unsigned n = (unsigned)cfg->mac_uc + cfg->mac_mc;
	if (n > FW_CTRL_MAC_ENTRIES)
		n = FW_CTRL_MAC_ENTRIES; /* the parser never stores more */

	/* Rebuilt from scratch: the table is the driver's whole filter each
	 * time (TABLE_SET replaces it), and a VLAN change moves all of it. */
	fw_vif_filter_clear(c, vif);
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *m = cfg->macs[i];
		bool uc = i < cfg->mac_uc;
		/* Broadcast reaches every member anyway; the VIF's own address
		 * has its entry already. */
		if (repeated(cfg, i) || is_broadcast(m) || (uc && fw_memcmp(m, v->mac, MAC_LEN) == 0))
			continue;
		/* A guest cannot claim another VIF's address: its frames
		 * would be copied to both. Left out, not an overflow. */
		if (uc && fw_vif_key_taken(c, vif, m, v->vlan))
			continue;
		int idx = fw_fdb_add(c, vif, m, v->vlan);
		if (idx < 0) {
			/* No room in that bucket (or the datapath refused the
			 * write): receive the whole class instead, as a NIC
			 * whose filter overflows does. */
			if (uc)
				v->uc_overflow = true;
			else
				v->mc_overflow = true;
			continue;
		}
		v->filter[v->nfilter++] = (uint16_t)idx;
	}
	fw_fdb_program_vif(c, vif);
}

/*
 * Move the VIF's own table entry to `mac`: the new entry first, so that
 * without room (or when another VIF has the address) nothing changes.
 * False if it could not move.
 */
static bool move_mac(struct fw_card *c, unsigned vif, const uint8_t *mac)
{
	struct fw_vif *v = &c->vif[vif];
	if (fw_memcmp(v->mac, mac, MAC_LEN) == 0)
		return true;
	if (fw_vif_key_taken(c, vif, mac, v->vlan))
		return false;
	int idx = fw_fdb_add(c, vif, mac, v->vlan);
	if (idx < 0)
		return false;
	if (v->fdb_valid)
		fw_fdb_remove(c, v->fdb_index);
	v->fdb_valid = true;
	v->fdb_index = (uint16_t)idx;
	fw_memcpy(v->mac, mac, MAC_LEN);
	return true;
}

void fw_vif_ctrl_reset(struct fw_card *c, unsigned vif)
{
	struct fw_vif *v = &c->vif[vif];
	fw_ctrl_reset(&v->ctrl);
	/* Back to the permanent address. If its bucket filled up meanwhile
	 * the VIF keeps the address it has (VIF_QUERY shows it), and the
	 * control state says the same, so the two never disagree. */
	if (!move_mac(c, vif, v->ctrl.perm_mac))
		fw_memcpy(v->ctrl.cfg.mac, v->mac, MAC_LEN);
	fw_vif_filter_apply(c, vif); /* the filter is empty after reset */
}

/* Run one command and apply it to the datapath. */
static struct fw_ctrl_result execute(struct fw_card *c, unsigned vif, const uint8_t *cmd,
				     uint32_t len)
{
	struct fw_vif *v = &c->vif[vif];
	struct fw_ctrl_state *st = &v->ctrl;
	struct fw_ctrl_result res = fw_ctrl_handle(st, v->features, cmd, len);
	if (res.ack != FW_VIRTIO_NET_OK)
		return res; /* refused: nothing changed */

	/* Accepted, so the class and command bytes are there. */
	switch (cmd[0]) {
	case FW_VIRTIO_NET_CTRL_RX:
		fw_fdb_program_vif(c, vif);
		break;
	case FW_VIRTIO_NET_CTRL_MAC:
		if (cmd[1] == FW_VIRTIO_NET_CTRL_MAC_TABLE_SET) {
			fw_vif_filter_apply(c, vif);
			break;
		}
		/* ADDR_SET. cfg.mac was the VIF's address before the command
		 * (every path keeps them equal), so undoing is copying it
		 * back; the driver gets ERR and learns the address did not
		 * change. */
		if (!move_mac(c, vif, st->cfg.mac)) {
			fw_memcpy(st->cfg.mac, v->mac, MAC_LEN);
			st->cnt.accepted--;
			st->cnt.refused[FW_CTRL_R_NO_ROOM]++;
			res.ack = FW_VIRTIO_NET_ERR;
			res.reason = FW_CTRL_R_NO_ROOM;
		}
		break;
	case FW_VIRTIO_NET_CTRL_VLAN:
		/*
		 * Stored only. The VIF is an access port: the datapath hands
		 * it untagged frames of its one VLAN and never a tagged one,
		 * so the guest's filter has nothing to select from. Frames of
		 * other VLANs are kept away by the VIF's membership, which is
		 * the host's to set (VIF_SET), not the guest's.
		 */
		break;
	default:
		/* MQ: the pairs in use and the RSS table are read per frame
		 * from the control state (net_steer.c): nothing to program. */
		break;
	}
	return res;
}

/*
 * Check the chain's shape and copy its driver-readable part into `buf`.
 * The readable part comes first (the walk checked that a readable buffer
 * never follows a writable one); the ack needs at least one writable byte
 * after it. *len is the command's length. 0, or -1 if the VIF was failed.
 */
static int gather(struct fw_card *c, unsigned vif, const struct fw_chain *ch, uint8_t *buf,
		  uint32_t *len)
{
	if (ch->overflow || ch->rbytes == 0 || ch->rbytes > FW_CTRL_CMD_MAX ||
	    ch->nseg <= ch->nread) {
		fw_vif_fail(c, vif, SVNIC_VIF_ERR_CTRL_CMD);
		return -1;
	}
	/* the readable part comes first and rbytes bounds it: it fits buf */
	if (fw_chain_read(c, vif, ch, 0, (uint32_t)ch->rbytes, buf) < 0)
		return -1;
	*len = (uint32_t)ch->rbytes;
	return 0;
}

bool fw_ctrl_queue(struct fw_card *c, unsigned vif)
{
	struct fw_vif *v = &c->vif[vif];
	struct fw_vq *q = &v->vq[fw_vif_ctrlq(v)];
	struct fw_chain ch;
	unsigned done = 0;

	if (!q->attached || !fw_vif_serving(v) || !q->active)
		return false;
	for (; done < FW_CTRL_BUDGET; done++) {
		struct fw_vq_buf b;
		uint8_t cmd[FW_CTRL_CMD_MAX];
		uint32_t len;
		int r = fw_vq_get(c, vif, q, FW_CHAIN_CTRL, &ch, &b);
		if (r < 0)
			return true;
		if (r == 0)
			break;
		if (gather(c, vif, &ch, cmd, &len) < 0)
			return true;
		struct fw_ctrl_result res = execute(c, vif, cmd, len);
		/* The ack is the first byte of the writable part. */
		if (fw_dma_write(c, vif, ch.seg[ch.nread].addr, &res.ack, 1) != SVNIC_DMA_ST_OK) {
			fw_vif_fail(c, vif, SVNIC_VIF_ERR_DMA_FAULT);
			return true;
		}
		if (fw_vq_put(c, vif, q, &b, 1) < 0)
			return true;
	}
	if (done > 0)
		fw_vq_publish(c, vif, q);
	return done > 0;
}
