/* SPDX-License-Identifier: MIT */
/*
 * The whole firmware on the card's 32-bit cores, against a datapath kept in
 * RAM: the mailbox's DMA-window bookkeeping (DMA_MAP overlap and wrap
 * checks, QUEUE_ATTACH placement) and one TX pass whose rings and buffers
 * live above 4 GiB. Every DMA command the firmware issues is checked to
 * carry the full 64-bit address: guest memory exists only above 4 GiB here,
 * so a truncated address reads nothing and fails the pass.
 */
#include "fw/fw.h"
#include "fw/hal.h"
#include "harness.h"
#include "svnic/dmacmd.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/virtio.h"

#define HOST_BASE 0x100000000ull /* guest memory: [4 GiB, 4 GiB + 64 KiB) */
#define HOST_BYTES 0x10000u
#define TOP(x) (0ull - (uint64_t)(x))
#define BUF_BYTES 2048u

struct fw_hal {
	uint32_t reg[0x2100 / 4]; /* DMAW_WINDOWS reads 0: no window table */
	uint8_t mem[HOST_BYTES];
	uint8_t txbuf[BUF_BYTES];
	uint8_t sent[BUF_BYTES];
	unsigned sent_len, nsent, ndma, resets, irqs;
	uint32_t last_irq; /* the vector of the last IRQ_RAISE */
	uint64_t low_iova; /* the lowest address any DMA command carried */
	uint32_t txs_want; /* TX scheduler: VIFs doorbelled, granted lowest first */
};

static struct fw_hal hal;
static struct fw_card card;

uint32_t fw_hal_reg_read(struct fw_hal *h, uint32_t off)
{
	if (off == SVNIC_FW_TXS_GRANT) {
		for (uint32_t i = 0; i < 32u; i++)
			if (h->txs_want & (1u << i)) {
				h->reg[off / 4] = i; /* the VIF in service */
				return SVNIC_TXS_GRANT_VALID | i;
			}
		return 0;
	}
	/* One doorbell word (the VIFs here have queues 0..31): DB_WORD word 0
	 * is DB_PENDING, and DB_SUMMARY says whether it has any. */
	if (off == SVNIC_FW_DB_SUMMARY)
		return h->reg[SVNIC_FW_DB_PENDING / 4] != 0;
	if (off == SVNIC_FW_DB_WORD)
		off = SVNIC_FW_DB_PENDING;
	uint32_t v = h->reg[off / 4];
	if (off == SVNIC_FW_DB_PENDING)
		h->reg[off / 4] = 0; /* read-and-clear */
	return v;
}

void fw_hal_reg_write(struct fw_hal *h, uint32_t off, uint32_t val)
{
	if (off == SVNIC_FW_IRQ_RAISE) {
		h->irqs++;
		h->last_irq = val;
		return;
	}
	if (off == SVNIC_FW_MBOX_PENDING) {
		h->reg[off / 4] = 0;
		return;
	}
	if (off == SVNIC_FW_TXS_DOORBELL && val < 32u) {
		h->txs_want |= 1u << val;
		return;
	}
	if (off == SVNIC_FW_TXS_DONE) {
		if (!(val & SVNIC_TXS_DONE_MORE))
			h->txs_want &= ~(1u << h->reg[SVNIC_FW_TXS_GRANT / 4]);
		return;
	}
	h->reg[off / 4] = val;
}

/* Guest memory at [iova, iova + len), or NULL outside it. */
static uint8_t *guest(struct fw_hal *h, uint64_t iova, unsigned len)
{
	if (iova < HOST_BASE || iova - HOST_BASE > HOST_BYTES || len > HOST_BYTES - (iova - HOST_BASE))
		return 0;
	return &h->mem[iova - HOST_BASE];
}

int fw_hal_dma(struct fw_hal *h, const uint64_t *cmd, unsigned ncmd, uint64_t *cpl,
	       unsigned maxcpl)
{
	unsigned op = svnic_dma_cpl_op(cmd[0]), len = svnic_dma_cpl_len(cmd[0]);
	unsigned off = (unsigned)(cmd[0] >> 32) & 0xffffu;
	unsigned st = SVNIC_DMA_ST_OK, n = 1;
	uint8_t *p = 0;
	h->ndma++;
	if (ncmd > 1) {
		if (cmd[1] < h->low_iova)
			h->low_iova = cmd[1];
		p = guest(h, cmd[1], len);
	}
	switch (op) {
	case SVNIC_DMA_OP_HOST_TO_FW:
		if (!p || len > SVNIC_DMA_INLINE_MAX) {
			st = SVNIC_DMA_ST_FAULT;
			break;
		}
		n = 1 + (len + 7u) / 8u;
		if (n > maxcpl)
			return -1;
		rv32_fill(&cpl[1], 0, (n - 1) * 8u);
		rv32_copy(&cpl[1], p, len);
		break;
	case SVNIC_DMA_OP_FW_TO_HOST:
		if (!p)
			st = SVNIC_DMA_ST_FAULT;
		else
			rv32_copy(p, &cmd[2], len);
		break;
	case SVNIC_DMA_OP_HOST_TO_TXBUF:
		if (off + len > BUF_BYTES)
			st = SVNIC_DMA_ST_BAD_ARG;
		else if (!p)
			st = SVNIC_DMA_ST_FAULT;
		else
			rv32_copy(&h->txbuf[off], p, len);
		break;
	case SVNIC_DMA_OP_TXBUF_SEND:
		if (len > BUF_BYTES) {
			st = SVNIC_DMA_ST_BAD_ARG;
			break;
		}
		rv32_copy(h->sent, h->txbuf, len);
		h->sent_len = len;
		h->nsent++;
		break;
	case SVNIC_DMA_OP_RXBUF_POP:
		st = SVNIC_DMA_ST_EMPTY; /* no frames arrive in this test */
		break;
	default:
		st = SVNIC_DMA_ST_BAD_ARG;
		break;
	}
	/* The completion echoes op and tag, as the engine does. */
	cpl[0] = (cmd[0] & 0xffff0000000000ffull) | (uint64_t)st << 8;
	return (int)n;
}

const uint8_t *fw_hal_flash(struct fw_hal *h, uint32_t *size)
{
	(void)h;
	*size = 0;
	return 0;
}

int fw_hal_flash_erase(struct fw_hal *h, uint32_t off, uint32_t len)
{
	(void)h;
	(void)off;
	(void)len;
	return -1;
}

int fw_hal_flash_program(struct fw_hal *h, uint32_t off, const uint8_t *src, uint32_t len)
{
	(void)h;
	(void)off;
	(void)src;
	(void)len;
	return -1;
}

const uint8_t *fw_hal_signing_key(struct fw_hal *h)
{
	(void)h;
	return 0;
}

void fw_hal_card_reset(struct fw_hal *h)
{
	h->resets++;
}

unsigned fw_hal_cores(struct fw_hal *h)
{
	(void)h;
	return 1;
}

unsigned fw_hal_core_id(struct fw_hal *h)
{
	(void)h;
	return 0;
}

/* One request through the mailbox registers; its response status. */
static uint32_t mbox(const void *req, unsigned len, void *rsp, unsigned rsp_len)
{
	rv32_fill(&hal.reg[SVNIC_FW_MBOX_CMD / 4], 0, SVNIC_MBOX_BYTES);
	rv32_copy(&hal.reg[SVNIC_FW_MBOX_CMD / 4], req, len);
	hal.reg[SVNIC_FW_MBOX_PENDING / 4] = 1;
	bool worked = false;
	fw_mailbox_poll(&card, &worked);
	CHECK(worked);
	struct svnic_mbox_rsp_hdr h;
	rv32_copy(&h, &hal.reg[SVNIC_FW_MBOX_RSP / 4], sizeof(h));
	if (rsp)
		rv32_copy(rsp, &hal.reg[SVNIC_FW_MBOX_RSP / 4], rsp_len);
	return h.status;
}

static uint32_t map(uint32_t op, uint64_t iova, uint64_t len)
{
	struct svnic_mbox_dma_req rq = { { (uint16_t)op, sizeof(rq), 0 }, iova, len };
	return mbox(&rq, sizeof(rq), 0, 0);
}

static uint32_t attach(uint32_t queue, uint64_t desc, uint64_t avail, uint64_t used)
{
	struct svnic_mbox_queue_attach_req rq;
	rv32_fill(&rq, 0, sizeof(rq));
	rq.h.opcode = SVNIC_MBOX_OP_QUEUE_ATTACH;
	rq.h.len = sizeof(rq);
	rq.queue = queue;
	rq.size = 8;
	rq.desc = desc;
	rq.avail = avail;
	rq.used = used;
	rq.vector = queue; /* VIF 0 */
	return mbox(&rq, sizeof(rq), 0, 0);
}

static void put16(uint64_t iova, uint16_t v)
{
	uint8_t *p = guest(&hal, iova, 2);
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static uint32_t get32(uint64_t iova)
{
	const uint8_t *p = guest(&hal, iova, 4);
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_desc(uint64_t table, uint16_t i, uint64_t addr, uint32_t len, uint16_t flags,
		     uint16_t next)
{
	struct svnic_vring_desc d = { addr, len, flags, next };
	rv32_copy(guest(&hal, table + 16u * i, 16), &d, sizeof(d));
}

/* The TX ring of VIF 0, above 4 GiB. */
#define TX_DESC (HOST_BASE + 0x0000)
#define TX_AVAIL (HOST_BASE + 0x1000)
#define TX_USED (HOST_BASE + 0x2000)
#define TX_FRAME (HOST_BASE + 0x4000)

static void test_windows(void)
{
	rv32_case("card_init");
	rv32_fill(&hal, 0, sizeof(hal));
	hal.reg[SVNIC_FW_ID / 4] = SVNIC_ID_MAGIC;
	hal.reg[SVNIC_FW_VERSION / 4] = SVNIC_REGMAP_VERSION;
	hal.reg[SVNIC_FW_NUM_VIFS / 4] = 4;
	hal.reg[SVNIC_FW_QUEUES_PER_VIF / 4] = 2;
	hal.reg[SVNIC_FW_FDB_GEOMETRY / 4] = 4u << 24 | 256u;
	hal.reg[SVNIC_FW_TXBUF_BYTES / 4] = 2048u;
	hal.reg[SVNIC_FW_RXBUF_BYTES / 4] = 4u * 16384u; /* shared, 16 KiB a VIF */
	hal.reg[SVNIC_FW_RXB_CELL_BYTES / 4] = 64u;
	hal.reg[SVNIC_FW_RXB_CELLS / 4] = 4u * 16384u / 64u;
	hal.reg[SVNIC_FW_MAX_FRAME / 4] = 1518u;
	hal.low_iova = UINT64_MAX;
	CHECK_EQ(fw_init(&card, &hal), 0);

	struct svnic_mbox_vif_create_req cr = { { SVNIC_MBOX_OP_VIF_CREATE, sizeof(cr), 0 },
						{ 0x02, 0, 0, 0, 0, 1 }, 0, 0, 0, 0, 0 };
	struct svnic_mbox_vif_create_rsp crs;
	CHECK_EQ(mbox(&cr, sizeof(cr), &crs, sizeof(crs)), SVNIC_MBOX_ST_OK);
	CHECK_EQ(crs.vif, 0);

	rv32_case("dma_map_64_bit_windows");
	CHECK_EQ(map(SVNIC_MBOX_OP_DMA_MAP, HOST_BASE, HOST_BYTES), SVNIC_MBOX_ST_OK);
	/* The window's 32-bit alias is a different range: no overlap. */
	CHECK_EQ(map(SVNIC_MBOX_OP_DMA_MAP, 0x1000, 0x1000), SVNIC_MBOX_ST_OK);
	CHECK_EQ(map(SVNIC_MBOX_OP_DMA_MAP, HOST_BASE + 0x8000, 0x1000), SVNIC_MBOX_ST_EXISTS);
	CHECK_EQ(map(SVNIC_MBOX_OP_DMA_MAP, HOST_BASE - 0x1000, 0x1001), SVNIC_MBOX_ST_EXISTS);
	CHECK_EQ(map(SVNIC_MBOX_OP_DMA_MAP, HOST_BASE - 0x1000, 0x1000), SVNIC_MBOX_ST_OK);
	/* A window 4 GiB long is not an empty one. */
	CHECK_EQ(map(SVNIC_MBOX_OP_DMA_MAP, 0x300000000ull, 0x100000000ull), SVNIC_MBOX_ST_OK);
	CHECK_EQ(map(SVNIC_MBOX_OP_DMA_MAP, 0x3ffffffffull, 1), SVNIC_MBOX_ST_EXISTS);
	/* Near 2^64: up to the last page below it, and no wrapping. */
	CHECK_EQ(map(SVNIC_MBOX_OP_DMA_MAP, TOP(0x20000), 0x10000), SVNIC_MBOX_ST_OK);
	CHECK_EQ(map(SVNIC_MBOX_OP_DMA_MAP, TOP(0x18000), 0x1000), SVNIC_MBOX_ST_EXISTS);
	CHECK_EQ(map(SVNIC_MBOX_OP_DMA_MAP, TOP(0x1000), 0x2000), SVNIC_MBOX_ST_BAD_ARG);
	CHECK_EQ(map(SVNIC_MBOX_OP_DMA_MAP, 0x5000, 0), SVNIC_MBOX_ST_BAD_ARG);
	CHECK_EQ(card.vif[0].nwin, 5);
	/* Unmap needs the exact 64-bit range. */
	CHECK_EQ(map(SVNIC_MBOX_OP_DMA_UNMAP, 0x300000000ull, 0x1000), SVNIC_MBOX_ST_BAD_ARG);
	CHECK_EQ(map(SVNIC_MBOX_OP_DMA_UNMAP, 0x300000000ull, 0x100000000ull), SVNIC_MBOX_ST_OK);
	CHECK_EQ(map(SVNIC_MBOX_OP_DMA_UNMAP, HOST_BASE - 0x1000, 0x1000), SVNIC_MBOX_ST_OK);
	CHECK_EQ(card.vif[0].nwin, 3);
	CHECK_EQ(card.vif[0].win[0].iova, HOST_BASE);

	rv32_case("queue_attach_placement");
	/* Rings 4 GiB above the low window: their alias is inside it, they
	 * are not. */
	CHECK_EQ(attach(0, 0x200001000ull, 0x200001800ull, 0x200001c00ull), SVNIC_MBOX_ST_BAD_ARG);
	CHECK_EQ(attach(0, 0x1000, 0x1800, 0x1c00), SVNIC_MBOX_ST_OK);
	struct svnic_mbox_queue_req dq = { { SVNIC_MBOX_OP_QUEUE_DETACH, sizeof(dq), 0 }, 0, 0 };
	struct svnic_mbox_queue_detach_rsp drs;
	CHECK_EQ(mbox(&dq, sizeof(dq), &drs, sizeof(drs)), SVNIC_MBOX_ST_OK);
	/* Rings at the top of the address space; a table that runs 16 bytes
	 * past the end of the window there. */
	CHECK_EQ(attach(0, TOP(0x10100), TOP(0x10100) + 0x80, TOP(0x10100) + 0xa0),
		 SVNIC_MBOX_ST_OK);
	CHECK_EQ(card.vif[0].vq[0].desc, TOP(0x10100));
	CHECK_EQ(mbox(&dq, sizeof(dq), &drs, sizeof(drs)), SVNIC_MBOX_ST_OK);
	CHECK_EQ(attach(0, TOP(0x10070), TOP(0x10100), TOP(0x10100) + 0x20), SVNIC_MBOX_ST_BAD_ARG);
}

static void test_tx_above_4g(void)
{
	rv32_case("tx_pass_above_4g");
	struct svnic_mbox_vif_features_req fr = { { SVNIC_MBOX_OP_VIF_SET_FEATURES, sizeof(fr), 0 },
						  SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1) };
	CHECK_EQ(mbox(&fr, sizeof(fr), 0, 0), SVNIC_MBOX_ST_OK);
	CHECK_EQ(attach(1, TX_DESC, TX_AVAIL, TX_USED), SVNIC_MBOX_ST_OK);

	/* One frame: the 12-byte virtio-net header, then 60 bytes, split over
	 * two descriptors. */
	uint8_t *f = guest(&hal, TX_FRAME, 12 + 60);
	rv32_fill(f, 0, 12);
	for (unsigned i = 0; i < 60; i++)
		f[12 + i] = (uint8_t)(0xa0 + i);
	put_desc(TX_DESC, 3, TX_FRAME, 20, SVNIC_VRING_DESC_F_NEXT, 6);
	put_desc(TX_DESC, 6, TX_FRAME + 20, 52, 0, 0);
	put16(TX_AVAIL + SVNIC_VRING_AVAIL_RING_OFF(0), 3);
	put16(TX_AVAIL + SVNIC_VRING_AVAIL_IDX_OFF, 1);
	hal.reg[SVNIC_FW_DB_PENDING / 4] = 1u << 1;
	for (unsigned pass = 0; pass < 4; pass++)
		fw_poll(&card);
	CHECK_EQ(card.vif[0].state, SVNIC_VIF_RUNNING);
	CHECK_EQ(card.vif[0].error, SVNIC_VIF_ERR_NONE);
	CHECK_EQ(hal.nsent, 1);
	CHECK_EQ(hal.sent_len, 60);
	CHECK_MEM(hal.sent, f + 12, 60);
	CHECK_EQ(get32(TX_USED) >> 16, 1); /* used->idx */
	CHECK_EQ(get32(TX_USED + SVNIC_VRING_USED_RING_OFF(0)), 3);
	CHECK(hal.ndma > 0);
	CHECK(hal.low_iova >= HOST_BASE); /* no command lost the upper half */

	rv32_case("tx_buffer_outside_windows");
	/* A buffer at the 32-bit alias of the frame: in no window. The VIF
	 * must be stopped without any DMA to that address. */
	put_desc(TX_DESC, 4, TX_FRAME - HOST_BASE, 72, 0, 0);
	put16(TX_AVAIL + SVNIC_VRING_AVAIL_RING_OFF(1), 4);
	put16(TX_AVAIL + SVNIC_VRING_AVAIL_IDX_OFF, 2);
	hal.reg[SVNIC_FW_DB_PENDING / 4] = 1u << 1;
	for (unsigned pass = 0; pass < 4; pass++)
		fw_poll(&card);
	CHECK_EQ(card.vif[0].state, SVNIC_VIF_NEEDS_RESET);
	CHECK_EQ(card.vif[0].error, SVNIC_VIF_ERR_DESC_ADDR);
	CHECK_EQ(card.vif[0].errors, 1);
	/* the VIF's configuration-change vector, after the 4 x 2 queue vectors */
	CHECK_EQ(hal.last_irq, SVNIC_IRQ_CONFIG_VECTOR(4, 2, 0));
	CHECK_EQ(hal.nsent, 1);
	CHECK(hal.low_iova >= HOST_BASE);
	CHECK_EQ(hal.resets, 0);
}

int main(void)
{
	test_windows();
	test_tx_above_4g();
	return rv32_finish("rv32_card");
}
