/* SPDX-License-Identifier: MIT */
#include "fake_hal.h"

#include <stdlib.h>
#include <string.h>

#include "svnic/dmacmd.h"
#include "fw/fw.h"
#include "svnic/flash.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"

void fake_hal_reset(struct fw_hal *h, unsigned num_vifs, unsigned qpv)
{
	memset(h, 0, sizeof(*h));
	h->reg[SVNIC_FW_ID / 4] = SVNIC_ID_MAGIC;
	h->reg[SVNIC_FW_VERSION / 4] = SVNIC_REGMAP_VERSION;
	h->reg[SVNIC_FW_NUM_VIFS / 4] = num_vifs;
	h->reg[SVNIC_FW_QUEUES_PER_VIF / 4] = qpv;
	/* the datapath's default forwarding table: 256 entries, 4 ways */
	h->reg[SVNIC_FW_FDB_GEOMETRY / 4] = 4u << 24 | 256u;
	/* and its default buffers and frame limit */
	h->reg[SVNIC_FW_DATA_WIDTH / 4] = 64u;
	h->reg[SVNIC_FW_TXBUF_BYTES / 4] = 2048u;
	fake_hal_set_rx_share(h, 16384u);
	h->reg[SVNIC_FW_MAX_FRAME / 4] = 1518u;
	h->cores = 1;
}

unsigned fw_hal_cores(struct fw_hal *h)
{
	return h->cores;
}

unsigned fw_hal_core_id(struct fw_hal *h)
{
	return h->core;
}

void fake_hal_set_rx_share(struct fw_hal *h, uint32_t bytes)
{
	uint32_t nv = h->reg[SVNIC_FW_NUM_VIFS / 4];
	h->reg[SVNIC_FW_RXBUF_BYTES / 4] = nv * bytes;
	h->reg[SVNIC_FW_RXB_CELL_BYTES / 4] = 64u;
	h->reg[SVNIC_FW_RXB_CELLS / 4] = nv * bytes / 64u;
}

unsigned fake_mbox_exec(struct fw_hal *h, struct fw_card *c, const void *req, unsigned len,
			void *rsp, unsigned rsp_len)
{
	struct svnic_mbox_rsp_hdr rh;
	bool worked = false;

	memset(&h->reg[SVNIC_FW_MBOX_CMD / 4], 0, SVNIC_MBOX_BYTES);
	memcpy(&h->reg[SVNIC_FW_MBOX_CMD / 4], req, len);
	h->reg[SVNIC_FW_MBOX_PENDING / 4] = 1;
	unsigned core = h->core;
	h->core = 0;
	fw_mailbox_poll(c, &worked);
	/* A request for a VIF of another core: that core runs it, core 0
	 * answers on its next look (firmware/src/cores.c). */
	for (unsigned round = 0; round < 2u && c->mbox_fwd; round++) {
		h->core = c->mbox_fwd;
		fw_xcmd_run(c, c->mbox_fwd);
		h->core = 0;
		fw_mailbox_poll(c, &worked);
	}
	h->core = core;
	memcpy(&rh, &h->reg[SVNIC_FW_MBOX_RSP / 4], sizeof(rh));
	if (!worked || h->reg[SVNIC_FW_MBOX_PENDING / 4] != 0 || rh.len < sizeof(rh) ||
	    rh.len > SVNIC_MBOX_BYTES)
		abort();
	if (rsp)
		memcpy(rsp, &h->reg[SVNIC_FW_MBOX_RSP / 4], rsp_len);
	return rh.status;
}

uint32_t fake_make_vif(struct fw_hal *h, struct fw_card *c, uint8_t n, uint64_t features)
{
	struct svnic_mbox_vif_create_req rq = { { SVNIC_MBOX_OP_VIF_CREATE, sizeof(rq), 0 },
						{ 0x02, 0, 0, 0, 0, n }, 0, 0, 0, 0, 0 };
	struct svnic_mbox_vif_create_rsp rs;
	if (fake_mbox_exec(h, c, &rq, sizeof(rq), &rs, sizeof(rs)) != SVNIC_MBOX_ST_OK)
		abort();
	struct svnic_mbox_dma_req m = { { SVNIC_MBOX_OP_DMA_MAP, sizeof(m), rs.vif }, FAKE_MEM_BASE,
					FAKE_MEM_SIZE };
	struct svnic_mbox_vif_features_req f = { { SVNIC_MBOX_OP_VIF_SET_FEATURES, sizeof(f), rs.vif },
						 features };
	if (fake_mbox_exec(h, c, &m, sizeof(m), NULL, 0) != SVNIC_MBOX_ST_OK ||
	    fake_mbox_exec(h, c, &f, sizeof(f), NULL, 0) != SVNIC_MBOX_ST_OK)
		abort();
	return rs.vif;
}

static uint32_t txs_grant(struct fw_hal *h)
{
	unsigned n = h->reg[SVNIC_FW_NUM_VIFS / 4];
	if (h->txs_serving)
		return SVNIC_TXS_GRANT_BUSY; /* the firmware broke the contract */
	for (unsigned i = 0; i < n; i++) {
		unsigned v = (h->txs_next + i) % n;
		if (h->txs_want & (1u << v)) {
			h->txs_serving = true;
			h->txs_vif = v;
			h->txs_grants++;
			return SVNIC_TXS_GRANT_VALID | v;
		}
	}
	return 0;
}

/* The DMA window table's registers (offsets past reg[]): every window
 * write is taken (STATUS reads 0), out-of-range ones are ignored. */
static uint32_t dmaw_read(uint32_t off)
{
	return off == SVNIC_FW_DMAW_WINDOWS ? FAKE_DMAW_WINDOWS : 0u;
}

static void dmaw_write(struct fw_hal *h, uint32_t off, uint32_t val)
{
	switch (off) {
	case SVNIC_FW_DMAW_BASE_LO: h->dmaw_base = (h->dmaw_base & ~0xffffffffull) | val; break;
	case SVNIC_FW_DMAW_BASE_HI: h->dmaw_base = (h->dmaw_base & 0xffffffffull) | (uint64_t)val << 32; break;
	case SVNIC_FW_DMAW_SIZE_LO: h->dmaw_size = (h->dmaw_size & ~0xffffffffull) | val; break;
	case SVNIC_FW_DMAW_SIZE_HI: h->dmaw_size = (h->dmaw_size & 0xffffffffull) | (uint64_t)val << 32; break;
	case SVNIC_FW_DMAW_WRITE: {
		unsigned vif = val >> SVNIC_DMAW_WRITE_VIF_SHIFT & 0xffu, idx = val & 0xffu;
		h->dmaw_writes++;
		if (vif < 32u && idx < FAKE_DMAW_WINDOWS) {
			h->dmaw[vif][idx].base = h->dmaw_base;
			h->dmaw[vif][idx].size = h->dmaw_size;
		}
		break;
	}
	default: break;
	}
}

uint32_t fw_hal_reg_read(struct fw_hal *h, uint32_t off)
{
	if (off >= sizeof(h->reg))
		return dmaw_read(off);
	if (off == SVNIC_FW_TXS_GRANT)
		return txs_grant(h);
	/* Doorbells as the datapath keeps them: DB_PENDING is DB_WORD word 0
	 * (tests set bits in either), DB_SUMMARY a bit per word with any. */
	unsigned words = SVNIC_DB_WORDS(h->reg[SVNIC_FW_NUM_VIFS / 4] * h->reg[SVNIC_FW_QUEUES_PER_VIF / 4]);
	if (off == SVNIC_FW_DB_SUMMARY) {
		uint32_t sum = h->reg[SVNIC_FW_DB_PENDING / 4] ? 1u : 0u;
		for (unsigned w = 0; w < words && w < 32u; w++)
			if (h->reg[SVNIC_FW_DB_WORD / 4 + w])
				sum |= 1u << w;
		return sum;
	}
	if (off == SVNIC_FW_DB_PENDING || off == SVNIC_FW_DB_WORD) {
		uint32_t v = h->reg[SVNIC_FW_DB_PENDING / 4] | h->reg[SVNIC_FW_DB_WORD / 4];
		h->reg[SVNIC_FW_DB_PENDING / 4] = 0;
		h->reg[SVNIC_FW_DB_WORD / 4] = 0;
		return v;
	}
	uint32_t v = h->reg[off / 4];
	if (off > SVNIC_FW_DB_WORD && off < SVNIC_FW_DB_WORD + 4u * words)
		h->reg[off / 4] = 0; /* read-and-clear */
	return v;
}

void fake_doorbell(struct fw_hal *h, unsigned vif, unsigned q)
{
	unsigned nq = vif * h->reg[SVNIC_FW_QUEUES_PER_VIF / 4] + q;
	h->reg[SVNIC_FW_DB_WORD_OF(nq) / 4] |= SVNIC_DB_BIT(nq);
}

void fw_hal_reg_write(struct fw_hal *h, uint32_t off, uint32_t val)
{
	if (off >= sizeof(h->reg)) {
		dmaw_write(h, off, val);
		return;
	}
	if (off == SVNIC_FW_IRQ_RAISE) {
		h->irqs++;
		h->last_irq = val;
		if (val < FAKE_VECTORS)
			h->irq_vec[val]++;
		return;
	}
	if (off == SVNIC_FW_MBOX_PENDING) {
		h->reg[off / 4] = 0;
		return;
	}
	if (off == SVNIC_FW_TXS_DOORBELL) {
		if (val < 32u)
			h->txs_want |= 1u << val;
		return;
	}
	if (off == SVNIC_FW_TXS_DONE) {
		if (!h->txs_serving) {
			h->txs_bad_done++;
			return;
		}
		/* Round robin one frame at a time, DRR with a one-frame
		 * quantum: a VIF with more frames goes behind the others. */
		h->txs_serving = false;
		if (!(val & SVNIC_TXS_DONE_MORE))
			h->txs_want &= ~(1u << h->txs_vif);
		h->txs_next = h->txs_vif + 1u;
		return;
	}
	h->reg[off / 4] = val;
}

static uint8_t *host(struct fw_hal *h, uint64_t iova, unsigned len)
{
	if (iova < FAKE_MEM_BASE || iova - FAKE_MEM_BASE + len > FAKE_MEM_SIZE)
		return NULL;
	return h->mem + (iova - FAKE_MEM_BASE);
}

void *fake_host(struct fw_hal *h, uint64_t iova)
{
	uint8_t *p = host(h, iova, 1);
	if (!p)
		abort(); /* a test addressed memory outside the fake window */
	return p;
}

int fw_hal_dma(struct fw_hal *h, const uint64_t *cmd, unsigned ncmd, uint64_t *cpl,
	       unsigned maxcpl)
{
	unsigned op = cmd[0] & 0xff, vif = (cmd[0] >> 8) & 0xff, len = (cmd[0] >> 16) & 0xffff;
	unsigned off = (cmd[0] >> 32) & 0xffff;
	unsigned st = SVNIC_DMA_ST_OK, n = 1;
	uint8_t *p = ncmd > 1 ? host(h, cmd[1], len) : NULL;
	switch (op) {
	case SVNIC_DMA_OP_HOST_TO_FW:
		if (!p) {
			st = SVNIC_DMA_ST_FAULT;
			break;
		}
		n = 1 + (len + 7) / 8;
		memset(&cpl[1], 0, (n - 1) * 8);
		memcpy(&cpl[1], p, len);
		break;
	case SVNIC_DMA_OP_FW_TO_HOST:
		if (!p)
			st = SVNIC_DMA_ST_FAULT;
		else
			memcpy(p, &cmd[2], len);
		break;
	case SVNIC_DMA_OP_HOST_TO_TXBUF:
		if (off + len > FAKE_BUF_BYTES)
			st = SVNIC_DMA_ST_BAD_ARG;
		else if (!p)
			st = SVNIC_DMA_ST_FAULT;
		else
			memcpy(h->txbuf + off, p, len);
		break;
	case SVNIC_DMA_OP_FW_TO_TXBUF:
		/* as the datapath: inline words after the header, off aligned */
		if (len == 0 || len > SVNIC_DMA_INLINE_MAX || off % 8u || off + len > FAKE_BUF_BYTES ||
		    ncmd != 1 + (len + 7) / 8)
			st = SVNIC_DMA_ST_BAD_ARG;
		else
			memcpy(h->txbuf + off, &cmd[1], len);
		break;
	case SVNIC_DMA_OP_TXBUF_SEND:
		if (len > FAKE_BUF_BYTES) {
			st = SVNIC_DMA_ST_BAD_ARG;
			break;
		}
		memcpy(h->tx_last, h->txbuf, len);
		h->tx_last_len = len;
		if (h->tx_sent < FAKE_SENT_MAX) {
			struct fake_sent *f = &h->sent[h->tx_sent];
			f->vif = vif;
			f->len = len;
			f->csum = ncmd > 1 ? cmd[1] : 0;
			memcpy(f->data, h->txbuf, len < FAKE_SENT_BYTES ? len : FAKE_SENT_BYTES);
		}
		h->tx_last_csum = ncmd > 1 ? cmd[1] : 0;
		h->tx_sent++;
		break;
	case SVNIC_DMA_OP_RXBUF_TO_HOST:
		if (off + len > FAKE_BUF_BYTES)
			st = SVNIC_DMA_ST_BAD_ARG;
		else if (!p)
			st = SVNIC_DMA_ST_FAULT;
		else
			memcpy(p, h->rx_frame + off, len);
		break;
	case SVNIC_DMA_OP_RXBUF_POP:
		if (h->rx_frames == 0) {
			st = SVNIC_DMA_ST_EMPTY;
		} else if (--h->rx_frames == 0 && vif < 32) {
			/* The datapath's view follows: no frame, not ready. */
			h->reg[SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_RX_HEAD_LEN) / 4] = 0;
			h->reg[SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_RX_HEAD_META) / 4] = 0;
			h->reg[SVNIC_FW_RX_READY / 4] &= ~(1u << vif);
		}
		break;
	default:
		break;
	}
	struct fake_dma_op rec = { op, vif, ncmd > 1 ? cmd[1] : 0, len, st };
	if (h->nlog < FAKE_LOG_MAX)
		h->log[h->nlog] = rec;
	h->nlog++;
	if (n > maxcpl)
		return -1;
	cpl[0] = (cmd[0] & 0xffff0000000000ffull) | (uint64_t)st << 8;
	if (h->after_dma)
		h->after_dma(h, &rec);
	return (int)n;
}

const uint8_t *fw_hal_flash(struct fw_hal *h, uint32_t *size)
{
	*size = h->flash ? SVNIC_FLASH_BYTES : 0;
	return h->flash;
}

int fw_hal_flash_erase(struct fw_hal *h, uint32_t off, uint32_t len)
{
	if (!h->flash || off % SVNIC_FLASH_SECTOR || len % SVNIC_FLASH_SECTOR ||
	    off > SVNIC_FLASH_BYTES || len > SVNIC_FLASH_BYTES - off)
		return -1;
	memset(h->flash + off, 0xff, len);
	return 0;
}

int fw_hal_flash_program(struct fw_hal *h, uint32_t off, const uint8_t *src, uint32_t len)
{
	if (!h->flash || off > SVNIC_FLASH_BYTES || len > SVNIC_FLASH_BYTES - off)
		return -1;
	for (uint32_t i = 0; i < len; i++) {
		if (h->flash_fail_after && h->flash_programmed >= h->flash_fail_after)
			return -1; /* the power went: the rest is never written */
		h->flash[off + i] &= src[i]; /* NOR: programming only clears bits */
		h->flash_programmed++;
	}
	return 0;
}

const uint8_t *fw_hal_signing_key(struct fw_hal *h)
{
	return h->key;
}

void fw_hal_card_reset(struct fw_hal *h)
{
	h->resets++;
}

struct fake_split fake_split_attach(struct fw_hal *h, struct fw_card *c, uint32_t vif, uint32_t q, uint64_t base,
				    uint16_t size)
{
	struct fake_split r = { vif, q, size, FAKE_MEM_BASE + base, FAKE_MEM_BASE + base + 0x400,
				FAKE_MEM_BASE + base + 0x800, 0 };
	struct svnic_mbox_queue_attach_req a;
	memset(&a, 0, sizeof(a));
	a.h = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_QUEUE_ATTACH, sizeof(a), vif };
	a.queue = q;
	a.size = size;
	a.desc = r.desc;
	a.avail = r.avail;
	a.used = r.used;
	a.vector = vif * c->qpv + q; /* the queue's own vector */
	memset(fake_host(h, r.avail), 0, 4);
	memset(fake_host(h, r.used), 0, 4);
	if (fake_mbox_exec(h, c, &a, sizeof(a), NULL, 0) != SVNIC_MBOX_ST_OK)
		abort();
	return r;
}

void fake_split_desc(struct fw_hal *h, const struct fake_split *r, uint16_t i, uint64_t addr, uint32_t len,
		     uint16_t flags, uint16_t next)
{
	struct svnic_vring_desc d = { addr, len, flags, next };
	memcpy(fake_host(h, r->desc + 16u * i), &d, 16);
}

void fake_split_post(struct fw_hal *h, struct fake_split *r, uint16_t head)
{
	memcpy(fake_host(h, r->avail + SVNIC_VRING_AVAIL_RING_OFF(r->avail_idx % r->size)), &head, 2);
	r->avail_idx++;
	memcpy(fake_host(h, r->avail + SVNIC_VRING_AVAIL_IDX_OFF), &r->avail_idx, 2);
	fake_doorbell(h, r->vif, r->queue);
}

uint16_t fake_split_used_idx(struct fw_hal *h, const struct fake_split *r)
{
	uint16_t v;
	memcpy(&v, fake_host(h, r->used + SVNIC_VRING_USED_IDX_OFF), 2);
	return v;
}
