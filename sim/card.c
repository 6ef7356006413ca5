/* SPDX-License-Identifier: MIT */
#include "card.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svnic/regs.h"
#include "wire.h"

/* Hold reset, release it, and check the datapath identifies itself. */
static int reset_and_identify(struct sim_card *c)
{
	/* Slave-side inputs that are always ready. */
	c->in.eth_tx_tready = 1;
	c->in.irq_ready = 1;
	c->in.rst = 1;
	for (int i = 0; i < 16; i++)
		sim_card_cycle(c);
	c->in.rst = 0;
	sim_card_cycle(c);

	uint32_t id = 0, ver = 0;
	if (sim_card_host_read(c, SVNIC_HOST_ID, &id) || id != SVNIC_ID_MAGIC ||
	    sim_card_host_read(c, SVNIC_HOST_VERSION, &ver) ||
	    (ver >> 16) != (SVNIC_REGMAP_VERSION >> 16) ||
	    sim_card_host_read(c, SVNIC_HOST_NUM_VIFS, &c->num_vifs) ||
	    sim_card_host_read(c, SVNIC_HOST_QUEUES_PER_VIF, &c->qpv) ||
	    sim_card_host_read(c, SVNIC_HOST_IRQ_VECTORS, &c->num_vec) ||
	    c->num_vec > SIM_MAX_VECTORS) {
		fprintf(stderr, "svnic-sim: the RTL model does not identify as an svnic card "
				"(ID 0x%08x, version 0x%08x)\n", id, ver);
		return -1;
	}
	sim_iommu_init(&c->iommu, c->num_vifs);
	return 0;
}

int sim_card_init(struct sim_card *c, const char *trace_path, struct sim_wire *wire, bool verbose)
{
	memset(c, 0, sizeof(*c));
	for (unsigned i = 0; i < SIM_MAX_VECTORS; i++)
		c->irq_fd[i] = -1;
	c->wire = wire;
	c->verbose = verbose;
	c->rd_cur = -1;
	c->model = svnic_model_new();
	if (trace_path && svnic_model_trace(c->model, trace_path) != 0) {
		fprintf(stderr, "svnic-sim: cannot write waveform to %s\n", trace_path);
		return -1;
	}
	return reset_and_identify(c);
}

int sim_card_reset(struct sim_card *c)
{
	/* What the host set up (interrupt routes, DMA mappings) and whatever
	 * a bus agent was in the middle of goes; counters and the model stay. */
	for (unsigned i = 0; i < SIM_MAX_VECTORS; i++) {
		if (c->irq_fd[i] >= 0)
			close(c->irq_fd[i]);
		c->irq_fd[i] = -1;
	}
	sim_iommu_fini(&c->iommu);
	memset(&c->in, 0, sizeof(c->in));
	memset(c->rd, 0, sizeof(c->rd));
	c->rd_cur = -1;
	c->wr_busy = c->wr_done_pending = c->wr_fault = false;
	c->wr_dst = NULL;
	c->wr_len = c->wr_pos = 0;
	c->eth_len = 0;
	c->eth_overflow = false;
	c->wrx_len = c->wrx_pos = 0; /* a frame the reset cut off is lost, as on a port */
	return reset_and_identify(c);
}

void sim_card_fini(struct sim_card *c)
{
	for (unsigned i = 0; i < SIM_MAX_VECTORS; i++)
		if (c->irq_fd[i] >= 0)
			close(c->irq_fd[i]);
	sim_iommu_fini(&c->iommu);
	svnic_model_free(c->model);
	c->model = NULL;
}

int sim_card_set_irq(struct sim_card *c, unsigned v, int fd)
{
	if (v >= c->num_vec)
		return -EINVAL;
	if (c->irq_fd[v] >= 0)
		close(c->irq_fd[v]);
	c->irq_fd[v] = fd;
	return 0;
}

/* --- host memory: the DMA agents ------------------------------------------ */

/* The next read to send completion beats for: of those whose round trip
 * is over, the one that became ready last. Requests in flight together
 * thus complete out of order (deterministically, so a run's cycle count
 * depends only on its traffic). */
static int next_ready_read(const struct sim_card *c, uint64_t now)
{
	int best = -1;
	for (unsigned i = 0; i < SIM_RD_MAX; i++) {
		const struct sim_rd *r = &c->rd[i];
		if (r->used && r->ready_at <= now && (best < 0 || r->ready_at >= c->rd[best].ready_at))
			best = (int)i;
	}
	return best;
}

static void dma_read_agent(struct sim_card *c)
{
	struct svnic_model_in *in = &c->in;
	const struct svnic_model_out *o = &c->out;
	uint64_t now = svnic_model_cycles(c->model);

	if (in->dma_rd_tvalid && o->dma_rd_tready && c->rd_cur >= 0) {
		struct sim_rd *r = &c->rd[c->rd_cur];
		if (in->dma_rd_tlast) {
			r->used = false;
			c->rd_cur = -1;
		} else {
			r->pos++;
		}
	}
	if (in->dma_rd_req_ready && o->dma_rd_req_valid) {
		struct sim_rd *r = NULL;
		for (unsigned i = 0; i < SIM_RD_MAX && !r; i++)
			if (!c->rd[i].used)
				r = &c->rd[i];
		/* dma_rd_req_ready promised a free slot */
		r->used = true;
		r->tag = o->dma_rd_req_tag;
		r->addr = o->dma_rd_req_addr;
		r->len = o->dma_rd_req_len;
		r->pos = 0;
		r->beats = (uint32_t)(((r->addr & 7u) + r->len + 7u) / 8u);
		r->ready_at = now + c->rd_latency;
		r->src = sim_iommu_translate(&c->iommu, o->dma_rd_req_domain, r->addr, r->len);
		c->cnt.dma_reads++;
		if (!r->src) {
			c->cnt.dma_faults++;
			if (c->verbose || c->cnt.dma_faults <= 8)
				fprintf(stderr, "svnic-sim: DMA fault: VIF %u read of %u bytes at "
						"0x%llx is outside its domain; refused\n",
					o->dma_rd_req_domain, r->len, (unsigned long long)r->addr);
		} else {
			c->cnt.dma_read_bytes += r->len;
		}
	}

	/* Drive the next beat: completions are address-aligned, beat j holds
	 * the host bytes (addr & ~7) + 8j .. + 7 (those outside the request
	 * read as 0), tid the request's tag. */
	unsigned busy = 0;
	for (unsigned i = 0; i < SIM_RD_MAX; i++)
		busy += c->rd[i].used;
	in->dma_rd_req_ready = busy < SIM_RD_MAX;
	in->dma_rd_tvalid = 0;
	if (c->rd_cur < 0)
		c->rd_cur = next_ready_read(c, now + 1);
	if (c->rd_cur < 0) {
		if (busy)
			c->cnt.dma_read_wait_cycles++;
		return;
	}
	const struct sim_rd *r = &c->rd[c->rd_cur];
	in->dma_rd_tvalid = 1;
	in->dma_rd_tid = r->tag;
	if (!r->src) {
		in->dma_rd_tdata = 0;
		in->dma_rd_tlast = 1;
		in->dma_rd_tuser = 1;
		return;
	}
	uint64_t wa = (r->addr & ~7ull) + 8ull * r->pos;
	uint8_t b[8] = { 0 };
	for (unsigned k = 0; k < 8; k++)
		if (wa + k >= r->addr && wa + k < r->addr + r->len)
			b[k] = r->src[wa + k - r->addr];
	memcpy(&in->dma_rd_tdata, b, 8);
	in->dma_rd_tlast = r->pos + 1 == r->beats;
	in->dma_rd_tuser = 0;
}

static void dma_write_agent(struct sim_card *c)
{
	struct svnic_model_in *in = &c->in;
	const struct svnic_model_out *o = &c->out;

	if (in->dma_wr_done_valid && o->dma_wr_done_ready) {
		c->wr_done_pending = false;
		c->wr_busy = false;
	}
	if (in->dma_wr_tready && o->dma_wr_tvalid) {
		/* Address-aligned beats: beat j holds the host bytes
		 * (addr & ~7) + 8j .. + 7, tkeep the request's. */
		uint64_t wa = (c->wr_addr & ~7ull) + 8ull * c->wr_pos;
		uint8_t b[8];
		memcpy(b, &o->dma_wr_tdata, 8);
		for (unsigned k = 0; k < 8; k++) {
			uint64_t off = wa + k - c->wr_addr;
			if ((o->dma_wr_tkeep >> k & 1u) && wa + k >= c->wr_addr && off < c->wr_len)
				c->wr_buf[off] = b[k];
		}
		c->wr_pos++;
		if (o->dma_wr_tlast) {
			/* Perform the write only once it is whole, and only if the
			 * domain allows all of it. */
			if (c->wr_dst)
				memcpy(c->wr_dst, c->wr_buf, c->wr_len);
			c->wr_done_pending = true;
		}
	}
	if (in->dma_wr_req_ready && o->dma_wr_req_valid) {
		c->wr_busy = true;
		c->wr_len = o->dma_wr_req_len;
		c->wr_addr = o->dma_wr_req_addr;
		c->wr_pos = 0;
		c->wr_dst = sim_iommu_translate(&c->iommu, o->dma_wr_req_domain,
						o->dma_wr_req_addr, o->dma_wr_req_len);
		c->wr_fault = !c->wr_dst;
		c->cnt.dma_writes++;
		if (c->wr_fault) {
			c->cnt.dma_faults++;
			if (c->verbose || c->cnt.dma_faults <= 8)
				fprintf(stderr, "svnic-sim: DMA fault: VIF %u write of %u bytes at "
						"0x%llx is outside its domain; refused\n",
					o->dma_wr_req_domain, o->dma_wr_req_len,
					(unsigned long long)o->dma_wr_req_addr);
		} else {
			c->cnt.dma_write_bytes += c->wr_len;
		}
	}
	in->dma_wr_req_ready = !c->wr_busy;
	in->dma_wr_tready = c->wr_busy && !c->wr_done_pending;
	in->dma_wr_done_valid = c->wr_done_pending;
	in->dma_wr_done_fault = c->wr_fault;
}

/* --- Ethernet port and interrupts ----------------------------------------- */

static void eth_agent(struct sim_card *c)
{
	const struct svnic_model_out *o = &c->out;
	if (o->eth_tx_tvalid && c->in.eth_tx_tready) {
		unsigned n = (unsigned)__builtin_popcount(o->eth_tx_tkeep);
		if (c->eth_len + n <= SIM_FRAME_MAX) {
			memcpy(c->eth_buf + c->eth_len, &o->eth_tx_tdata, n);
			c->eth_len += n;
		} else {
			c->eth_overflow = true;
		}
		if (o->eth_tx_tlast) {
			if (!c->eth_overflow) {
				c->cnt.wire_tx_frames++;
				sim_wire_send(c->wire, c->eth_buf, c->eth_len, svnic_model_cycles(c->model));
			}
			c->eth_len = 0;
			c->eth_overflow = false;
		}
	}
}

/* While no frame arrives, the wire is looked at every this many cycles (a
 * system call each); after a frame, at once, so a burst flows back to back. */
#define SIM_WIRE_POLL_CYCLES 1024u

/* Frames from the wire's far end (svnic-sim --wire-tap) into the card's
 * Ethernet RX port, 8 bytes a beat. */
static void eth_rx_agent(struct sim_card *c)
{
	struct svnic_model_in *in = &c->in;
	/* Only while a frame of its own is out does it own the port's
	 * inputs (svnic-sim --speed drives them itself). */
	if (c->wrx_len && in->eth_rx_tvalid && c->out.eth_rx_tready) {
		c->wrx_pos += 8u;
		if (in->eth_rx_tlast) {
			c->wrx_len = c->wrx_pos = 0;
			c->wrx_next_poll = 0;
			c->cnt.wire_rx_frames++;
			in->eth_rx_tvalid = 0;
		}
	}
	if (c->wrx_len == 0) {
		uint64_t now = svnic_model_cycles(c->model);
		if (!c->wire || now < c->wrx_next_poll)
			return;
		c->wrx_next_poll = now + SIM_WIRE_POLL_CYCLES;
		c->wrx_len = sim_wire_recv(c->wire, c->wrx_buf, sizeof(c->wrx_buf));
		c->wrx_pos = 0;
		if (c->wrx_len == 0)
			return;
	}
	uint32_t left = c->wrx_len - c->wrx_pos, n = left < 8u ? left : 8u;
	uint64_t d = 0;
	memcpy(&d, c->wrx_buf + c->wrx_pos, n);
	in->eth_rx_tdata = d;
	in->eth_rx_tkeep = (uint8_t)((1u << n) - 1u);
	in->eth_rx_tlast = left <= 8u;
	in->eth_rx_tuser = 0;
	in->eth_rx_tvalid = 1;
}

static void irq_agent(struct sim_card *c)
{
	const struct svnic_model_out *o = &c->out;
	if (!(o->irq_valid && c->in.irq_ready))
		return;
	c->cnt.irqs++;
	unsigned v = o->irq_vector;
	if (v < SIM_MAX_VECTORS && c->irq_fd[v] >= 0) {
		uint64_t one = 1;
		/* An eventfd write only fails if its counter would overflow,
		 * and the reader then has a pending signal anyway. */
		if (write(c->irq_fd[v], &one, sizeof(one)) != sizeof(one))
			c->cnt.irqs_unrouted++;
	} else {
		c->cnt.irqs_unrouted++;
	}
}

void sim_card_cycle(struct sim_card *c)
{
	svnic_model_cycle(c->model, &c->in, &c->out);
	/* Handshakes of this cycle were decided on (in, out); the agents now
	 * act on them and set the inputs of the next cycle. */
	dma_read_agent(c);
	dma_write_agent(c);
	eth_agent(c);
	eth_rx_agent(c);
	irq_agent(c);
}

/* --- bus masters ---------------------------------------------------------- */

static int axil_read(struct sim_card *c, struct svnic_axil_in *bus, const struct svnic_axil_out *o,
		     uint32_t off, uint32_t *val)
{
	bus->araddr = (uint16_t)off;
	bus->arvalid = 1;
	bus->rready = 1;
	for (unsigned t = 0; t < SIM_BUS_TIMEOUT; t++) {
		sim_card_cycle(c);
		if (o->arready)
			bus->arvalid = 0;
		if (o->rvalid) {
			*val = o->rdata;
			bus->arvalid = 0;
			bus->rready = 0;
			sim_card_cycle(c);
			return o->rresp ? -EIO : 0;
		}
	}
	bus->arvalid = bus->rready = 0;
	return -EIO;
}

static int axil_write(struct sim_card *c, struct svnic_axil_in *bus, const struct svnic_axil_out *o,
		      uint32_t off, uint32_t val)
{
	bus->awaddr = (uint16_t)off;
	bus->awvalid = 1;
	bus->wdata = val;
	bus->wstrb = 0xf;
	bus->wvalid = 1;
	bus->bready = 1;
	for (unsigned t = 0; t < SIM_BUS_TIMEOUT; t++) {
		sim_card_cycle(c);
		if (o->awready)
			bus->awvalid = 0;
		if (o->wready)
			bus->wvalid = 0;
		if (o->bvalid && !bus->awvalid && !bus->wvalid) {
			unsigned resp = o->bresp;
			bus->bready = 0;
			sim_card_cycle(c);
			return resp ? -EIO : 0;
		}
	}
	bus->awvalid = bus->wvalid = bus->bready = 0;
	return -EIO;
}

int sim_card_host_read(struct sim_card *c, uint32_t off, uint32_t *val)
{
	return axil_read(c, &c->in.host, &c->out.host, off, val);
}

int sim_card_host_write(struct sim_card *c, uint32_t off, uint32_t val)
{
	return axil_write(c, &c->in.host, &c->out.host, off, val);
}

int sim_card_fw_read(struct sim_card *c, uint32_t off, uint32_t *val)
{
	return axil_read(c, &c->in.fw, &c->out.fw, off, val);
}

int sim_card_fw_write(struct sim_card *c, uint32_t off, uint32_t val)
{
	return axil_write(c, &c->in.fw, &c->out.fw, off, val);
}

int sim_card_fw_dma(struct sim_card *c, const uint64_t *cmd, unsigned ncmd, uint64_t *cpl,
		    unsigned maxcpl)
{
	unsigned sent = 0, got = 0;
	c->in.fwcpl_tready = 1;
	for (unsigned t = 0; t < SIM_BUS_TIMEOUT; t++) {
		c->in.fwcmd_tvalid = sent < ncmd;
		if (sent < ncmd) {
			c->in.fwcmd_tdata = cmd[sent];
			c->in.fwcmd_tlast = sent + 1 == ncmd;
		}
		sim_card_cycle(c);
		if (c->in.fwcmd_tvalid && c->out.fwcmd_tready)
			sent++;
		if (c->out.fwcpl_tvalid) {
			if (got < maxcpl)
				cpl[got] = c->out.fwcpl_tdata;
			got++;
			if (c->out.fwcpl_tlast) {
				c->in.fwcmd_tvalid = 0;
				c->in.fwcpl_tready = 0;
				return sent == ncmd && got <= maxcpl ? (int)got : -1;
			}
		}
	}
	c->in.fwcmd_tvalid = 0;
	c->in.fwcpl_tready = 0;
	return -1;
}
