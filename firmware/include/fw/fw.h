/* SPDX-License-Identifier: MIT */
/*
 * The firmware of one card: VIF table, mailbox, and the virtio-net device
 * backend (the I/O core). All state lives in struct fw_card; no globals.
 */
#ifndef FW_FW_H
#define FW_FW_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "fw/ctrlq.h"
#include "fw/fdb.h"
#include "fw/hal.h"
#include "fw/tso.h"
#include "fw/vring.h"
#include "svnic/mbox.h"

/* The build says which version and target this is (firmware/CMakeLists.txt):
 * one number for the image header and for what CARD_INFO reports. */
#ifndef SVNIC_FW_BUILD_VERSION
#error "SVNIC_FW_BUILD_VERSION (major << 16 | minor << 8 | patch) must come from the build"
#endif
#ifndef SVNIC_FW_BUILD_TARGET
#error "SVNIC_FW_BUILD_TARGET (enum svnic_image_target) must come from the build"
#endif
#define FW_VERSION ((uint32_t)(SVNIC_FW_BUILD_VERSION))
#define FW_TARGET ((uint32_t)(SVNIC_FW_BUILD_TARGET))
/* VIFs the firmware serves: the first FW_MAX_VIFS of a bigger datapath
 * (up to SVNIC_MAX_VIFS from register map 2.7); the others are never
 * enabled, so nothing reaches them. At most 32: fw_poll reads which VIFs
 * have RX frames from RX_READY word 0 only. */
#define FW_MAX_VIFS 32u
/* Firmware cores sharing the VIFs (cores.c): as many as a platform may have;
 * a card build has state for its board's cores only (firmware/CMakeLists.txt). */
#ifndef FW_MAX_CORES
#define FW_MAX_CORES FW_HAL_MAX_CORES
#endif
#define FW_MAX_PAIRS 16u       /* queue pairs per VIF (VIF_CREATE queue_pairs) */
#define FW_MAX_QUEUES (2u * FW_MAX_PAIRS + 1u) /* the pairs and the control queue */
#define FW_DATA_QUEUES 2u      /* RX and TX: the least a datapath must give a VIF */
/* The RSS hash types the datapath computes (svnic_rss.sv, RX_HEAD_META):
 * VIRTIO_NET_HASH_TYPE_IPv4, TCPv4, UDPv4, IPv6, TCPv6, UDPv6. */
#define FW_HASH_TYPES 0x3fu
#define FW_CTRL_BUDGET 4u      /* control commands per VIF per pass */
/* Driver-readable bytes of one control command the firmware gathers (class,
 * command, data). More is a malformed chain (SVNIC_VIF_ERR_CTRL_CMD). The
 * largest command the parser accepts is a full MAC table (2 + 8 + 6 *
 * FW_CTRL_MAC_ENTRIES = 394 bytes); the margin lets a driver whose table
 * is merely too long for the filter get an ERR from the parser instead of
 * losing its VIF. */
#define FW_CTRL_CMD_MAX 1024u
#define FW_MAX_WINDOWS 8u      /* DMA windows per VIF */
#define FW_MAX_QUEUE_SIZE 32768u
#define FW_TX_BUDGET 16u       /* chains per TX queue per pass (and a byte
				  budget from the RX buffer size: net_tx.c) */
#define FW_TXS_RETRIES 8u      /* grant reads in a row that may find the TX
				  scheduler still working (net_tx.c) */
#define FW_RX_BUDGET 32u       /* frames per VIF per pass */
#define FW_POLL_PASSES 256u    /* empty passes a busy ring is polled before
				  the driver's notifications are re-enabled */
#define FW_IRQ_HOLD_MAX 4u     /* publishes a busy queue's interrupt may be
				  held for (irq_coalesce.c) */
/* The datapath's buffer sizes and frame limit are read from its build
 * registers at fw_init (struct fw_card); a build without them (register map
 * 2.0) has these. */
#define FW_DP20_TXBUF_BYTES 2048u
#define FW_DP20_RXBUF_BYTES 16384u
#define FW_DP20_MAX_FRAME 1518u
/* Largest MAX_FRAME the firmware takes: its DMA commands carry 16-bit lengths. */
#define FW_MAX_FRAME_LIMIT 65535u

/*
 * One virtqueue. Split rings use the indices as free-running 16-bit
 * counters; packed rings (`packed`) keep them in 0 .. size-1 with a wrap
 * counter beside each, and desc / avail / used are then the descriptor
 * ring and the driver and device event suppression areas.
 */
struct fw_vq {
	bool attached;
	bool active;      /* the firmware looks at this ring: a doorbell came, or it polls */
	bool suppressed;  /* the driver was told not to notify (it is being polled) */
	bool packed;      /* VIRTIO_F_RING_PACKED layout */
	bool avail_wrap;  /* packed: the driver's wrap counter expected at last_avail */
	bool used_wrap;   /* packed: the device's wrap counter at used_idx */
	bool used_old_wrap; /* packed: used_wrap when used_old was recorded */
	uint16_t idle;    /* passes in a row that found the ring empty */
	uint16_t size;
	uint16_t last_avail;  /* next avail entry the device reads */
	uint16_t avail_cache; /* avail->idx as last read (split) */
	uint16_t used_idx;    /* next used entry the device writes */
	uint16_t used_old;    /* used index as last published (EVENT_IDX) */
	/* packed: the descriptor at last_avail was seen available with these
	 * flags (head_seen); the walk takes them from here instead of reading
	 * them from the ring again. */
	bool head_seen;
	uint16_t head_flags;
	/* packed: descriptors taken from the ring and not yet marked used
	 * (a pass completing its chains at once, IN_ORDER); never more than
	 * the ring has, whatever the driver's flags say */
	uint16_t taken;
	uint32_t vector;
	uint64_t desc, avail, used;
	/* TX with IN_ORDER: chains taken this pass, owed one used entry */
	uint16_t owed;
	uint16_t owed_id;   /* the last of them (struct fw_vq_buf) */
	uint16_t owed_ndesc;
	uint32_t owed_desc;
	/* Interrupt coalescing (irq_coalesce.c): publishes whose interrupt
	 * may be held now, those held, and the pass (low 16 bits; 0: none)
	 * of the last publish. */
	uint8_t irq_hold, irq_held;
	uint16_t pub_pass;
};

struct fw_vif {
	uint8_t state; /* enum svnic_vif_state */
	uint8_t error; /* enum svnic_vif_error, first offence */
	uint8_t mac[6];
	uint16_t vlan;     /* access VLAN, 0 = untagged */
	bool promisc;      /* the host asked (VIF_SET): unicast for any address on its VLAN */
	bool allmulti;     /* the host asked (VIF_SET): every multicast on its VLAN */
	bool fdb_valid;    /* fdb_index names its forwarding table entry */
	uint16_t fdb_index;
	uint64_t features;
	uint32_t hdr_len; /* virtio-net header bytes for the features */
	unsigned nwin;
	struct fw_window win[FW_MAX_WINDOWS];
	struct fw_vq vq[FW_MAX_QUEUES];
	/*
	 * The control queue's view of the device (fw/ctrlq.h), and what it
	 * added to the datapath: forwarding table entries for the driver's
	 * MAC filter (TABLE_SET), and whether some of it did not fit, so that
	 * the VIF falls back to promiscuous (unicast) or all-multicast.
	 */
	struct fw_ctrl_state ctrl;
	uint16_t nfilter;
	uint16_t filter[FW_CTRL_MAC_ENTRIES]; /* table entry indices */
	bool uc_overflow, mc_overflow;
	uint64_t rx_delivered, rx_drop_small, tx_bad_frames, notifies, errors;
	uint64_t irq_owed;       /* bit per queue holding an interrupt it owes */
	uint64_t irqs_coalesced; /* interrupts covered by a later one */
	/* TX scheduling as the host set it (VIF_CREATE, VIF_SET) */
	uint8_t tx_weight;     /* 1 .. SVNIC_TXS_WEIGHT_MAX */
	uint32_t tx_rate_kbps; /* 0: unlimited */
	uint32_t tx_burst;     /* bytes */
	/* Queue pairs the VIF was created with (VIF_CREATE): its virtio
	 * max_virtqueue_pairs, also in ctrl.max_pairs. */
	uint8_t max_pairs;
	uint8_t tx_next;       /* TX: the pair whose turn is next */
	/* per pair: frames delivered into its RX ring, chains taken from its
	 * TX ring (kept when rings are detached, like the VIF's counters) */
	uint64_t pair_rx[FW_MAX_PAIRS], pair_tx[FW_MAX_PAIRS];
	uint64_t tx_csum_bad; /* TX chains dropped: NEEDS_CSUM field outside the frame */
	/* TSO (net_tso.c): packets segmented, segments sent, GSO packets
	 * dropped (a type not negotiated, or headers the card does not cut) */
	uint64_t tx_tso_packets, tx_tso_segs, tx_gso_bad;
	struct fw_tso tso; /* the packet being segmented */
	uint64_t tx_tso_aborted; /* TSO packets cut short by a reset or failure */
	/*
	 * The virtio device status (vif_status.c): the bits the driver wrote
	 * and the device kept (DEVICE_NEEDS_RESET is the state's, not kept
	 * here); status_driven once a host wrote one, which gates queue
	 * service on DRIVER_OK. Queues detached at DRIVER_OK are being reset
	 * (resetting, a bit per queue) until they are attached again.
	 */
	uint8_t status;
	bool status_driven;
	uint64_t resetting;
	uint32_t queue_resets;
	uint64_t rx_drop_reset; /* frames steered to an RX queue being reset */
};

/* Request and response buffers, as words so the copies are aligned. */
union mbox_buf {
	uint32_t w[SVNIC_MBOX_BYTES / 4];
	struct svnic_mbox_hdr h;
	struct svnic_mbox_rsp_hdr rh;
	struct svnic_mbox_vif_create_req create;
	struct svnic_mbox_vif_create_rsp create_rsp;
	struct svnic_mbox_vif_features_req features;
	struct svnic_mbox_vif_set_req vif_set;
	struct svnic_mbox_dma_req dma;
	struct svnic_mbox_queue_attach_req attach;
	struct svnic_mbox_queue_req queue;
	struct svnic_mbox_queue_detach_rsp detach_rsp;
	struct svnic_mbox_card_info_rsp info;
	struct svnic_mbox_card_stats_rsp stats;
	struct svnic_mbox_vif_query_rsp query;
	struct svnic_mbox_vif_query_tx_rsp query_tx;
	struct svnic_mbox_vif_query_rx_rsp query_rx;
	struct svnic_mbox_vif_query_queues_req query_queues;
	struct svnic_mbox_vif_query_queues_rsp query_queues_rsp;
	struct svnic_mbox_flash_info_req flash_info;
	struct svnic_mbox_flash_info_rsp flash_info_rsp;
	struct svnic_mbox_flash_begin_req flash_begin;
	struct svnic_mbox_flash_begin_rsp flash_begin_rsp;
	struct svnic_mbox_flash_write_req flash_write;
	struct svnic_mbox_flash_verdict_rsp flash_verdict;
	struct svnic_mbox_vif_status_req vif_status;
	struct svnic_mbox_vif_status_rsp vif_status_rsp;
};

/*
 * What one firmware core owns besides its VIFs (cores.c, docs/firmware-cores.md):
 * the channel core 0 hands it mailbox commands through, the doorbells core 0
 * took from the datapath for it, its DMA tags and its counters. Each on its
 * own cache line, so cores do not share lines on the fast path.
 */
#define FW_DB_PEND_WORDS ((FW_MAX_VIFS * FW_MAX_QUEUES + 31u) / 32u)
enum { FW_XCMD_IDLE, FW_XCMD_POSTED, FW_XCMD_DONE };
struct fw_core_stats {
	uint64_t passes, busy_passes;
	uint64_t mbox_cmds;   /* mailbox commands this core executed */
	uint64_t doorbells;   /* doorbells of its queues it took */
	uint64_t rx_frames;   /* frames it delivered into its VIFs' RX rings */
	uint64_t tx_chains;   /* chains it took from its VIFs' TX rings */
	uint64_t ctl_busy;    /* control work put off: another core held the control lock */
	uint64_t txbuf_busy;  /* TX passes put off: another core had the TX buffer */
};
struct fw_core {
	_Alignas(64) _Atomic uint32_t xcmd_state; /* FW_XCMD_* */
	union mbox_buf xcmd_rq; /* the request; core 0 writes it before POSTED */
	union mbox_buf xcmd_rs; /* the response; the owner writes it before DONE */
	unsigned xcmd_len;
	/* bit vif * FW_MAX_QUEUES + q: a doorbell of that queue came */
	_Atomic uint32_t db_pend[FW_DB_PEND_WORDS];
	uint16_t tag; /* DMA command tags (dma.c) */
	struct fw_core_stats st;
};

/* An image upload in progress (mailbox FLASH_*). */
struct fw_flash_upload {
	bool active;     /* FLASH_BEGIN done, FLASH_FINISH not yet */
	bool header_ok;  /* the header arrived and passed its checks */
	uint8_t slot;    /* the slot being written */
	uint32_t len;    /* bytes announced */
	uint32_t written;
};

struct fw_card {
	struct fw_hal *hal;
	unsigned running_slot; /* the flash slot this firmware was booted from */
	bool confirmed;        /* declared itself healthy to the boot record */
	bool reset_requested;  /* CARD_RESET: reset once its response is out */
	struct fw_flash_upload up;
	unsigned num_vifs;
	unsigned qpv; /* queues per VIF the datapath has */
	unsigned db_words;  /* DB_WORD words (register map 2.5 on); 0: DB_PENDING only */
	/* RX_READY_WORD words of the datapath's VIFs (register map 2.7 on);
	 * 0: RX_READY only */
	unsigned rx_ready_words;
	unsigned max_pairs; /* queue pairs a VIF can have: from qpv, at most FW_MAX_PAIRS */
	unsigned cfg_vec_base; /* SVNIC_IRQ_CONFIG_VECTOR of VIF 0 */
	/* the datapath build (registers TXBUF_BYTES, RXBUF_BYTES, MAX_FRAME);
	 * rxbuf_bytes is what one VIF's RX buffer holds: its quota of the
	 * shared buffer (register map 2.4 on), else its own buffer */
	uint32_t txbuf_bytes, rxbuf_bytes, max_frame;
	/* the shared RX buffer (2.4 on): each VIF's quota in cells, given at
	 * VIF_CREATE (0: no shared buffer); rx_unit is the granule a frame's
	 * space is counted in (a cell, else one 8-byte word) */
	uint32_t rxb_quota, rx_unit;
	bool tx_sched; /* the datapath has a TX scheduler (register map 2.2 on) */
	/* DMA windows per VIF the datapath checks itself (register map 2.6 on,
	 * fw/dma_win.h; at most FW_MAX_WINDOWS); 0: it checks none */
	unsigned dmaw_windows;
	_Atomic bool broken;  /* the DMA engine stopped answering (any core may find it) */
	unsigned poll_passes; /* FW_POLL_PASSES; 0: notification-driven only */
	unsigned irq_hold_max; /* FW_IRQ_HOLD_MAX; 0: every interrupt at once */
	struct fw_vif vif[FW_MAX_VIFS];
	/*
	 * Cores (cores.c): VIF v belongs to core v % ncores. in_use mirrors
	 * "state != FREE" for the checks that look at every VIF (free VIF,
	 * address taken): only control work writes it, under ctl_lock, so a
	 * core never reads a field another core's fast path writes.
	 */
	unsigned ncores;
	bool in_use[FW_MAX_VIFS];
	_Atomic uint32_t ctl_lock;  /* 0 free, else 1 + the core holding it */
	/* The datapath's one TX assembly buffer: a frame is written into it
	 * and sent by one core at a time (cores.c). txbuf_want: a bit per
	 * core that missed it; txbuf_last: 1 + the core that had it last. */
	_Atomic uint32_t txbuf_lock, txbuf_want, txbuf_last;
	unsigned mbox_fwd;          /* core 0: the core a mailbox command waits on (0: none) */
	struct fw_core core[FW_MAX_CORES];
	/* the forwarding table (fw/fdb.h): geometry and entries in use */
	unsigned fdb_entries, fdb_ways;
	uint32_t fdb_used[FW_FDB_MAX_ENTRIES / 32u];
};

/*
 * The virtio queue layout (virtio 1.2 section 5.1.2): RX of pair p is queue
 * 2p, TX 2p + 1; the control queue follows the last pair the device has
 * (2 * max_virtqueue_pairs) when the driver negotiated MQ or RSS, else
 * queue 2. The datapath's queue number is the same index.
 */
static inline bool fw_vif_mq(const struct fw_vif *v)
{
	return (v->features & (SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_MQ) |
			       SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_RSS))) != 0;
}
static inline unsigned fw_vif_ctrlq(const struct fw_vif *v)
{
	return fw_vif_mq(v) ? 2u * v->max_pairs : 2u;
}
/* Pairs whose queues the driver may use: all of the VIF's with MQ, else one. */
static inline unsigned fw_vif_pairs(const struct fw_vif *v)
{
	return fw_vif_mq(v) ? v->max_pairs : 1u;
}
/* Pairs receiving now (net_steer.c): what the driver set on the control
 * queue, or, when its control queue is not on the card (a front-end that
 * keeps it and enables rings instead), the pairs from 0 whose RX queue is
 * attached. */
unsigned fw_vif_active_pairs(const struct fw_vif *v);
/* The pair that receives a frame of RSS hash type `type` (SVNIC_RX_HASH_*)
 * and hash `hash` (net_steer.c). */
unsigned fw_rx_steer(const struct fw_vif *v, unsigned type, uint32_t hash);

/*
 * May the VIF's attached queues be served? It runs (not NEEDS_RESET, a
 * queue attached) and, when its host drives the virtio status, its driver
 * set DRIVER_OK and not FAILED.
 */
static inline bool fw_vif_serving(const struct fw_vif *v)
{
	if (v->state != SVNIC_VIF_RUNNING)
		return false;
	return !v->status_driven ||
	       (v->status & (SVNIC_VIRTIO_S_DRIVER_OK | SVNIC_VIRTIO_S_FAILED)) == SVNIC_VIRTIO_S_DRIVER_OK;
}

/* Reads the datapath's build registers and resets all state. 0 or -1. */
int fw_init(struct fw_card *c, struct fw_hal *hal);

/*
 * One bounded pass over mailbox, doorbells and queues. True if it did work
 * or is polling a ring (call again soon); false when it waits for a doorbell
 * or a host command.
 */
bool fw_poll(struct fw_card *c);
/* Word w of RX_READY: bit i is VIF 32 * w + i (fw/rx_ready.c); 0 for
 * words the datapath does not have. */
uint32_t fw_rx_ready_word(const struct fw_card *c, unsigned w);

/*
 * Cores (cores.c). fw_init takes their number from the platform
 * (fw_hal_cores); each core then calls fw_poll, which serves the core the
 * platform says it runs on (fw_hal_core_id): core 0 also the mailbox, the
 * doorbell words and the flash. The core a VIF belongs to:
 */
static inline unsigned fw_vif_core(const struct fw_card *c, unsigned vif)
{
	return vif % c->ncores;
}
/* The calling core, or ncores if the platform names one the card lacks. */
unsigned fw_core_self(struct fw_card *c);
/* The card-wide control lock: try once, never wait (a core that misses it
 * does the work on a later pass). */
bool fw_ctl_trylock(struct fw_card *c, unsigned core);
void fw_ctl_unlock(struct fw_card *c);
/* The TX assembly buffer for a core's TX pass: try once, and give way to a
 * core that missed it if this core had it last. No-ops with one core. */
bool fw_txbuf_trylock(struct fw_card *c, unsigned core);
void fw_txbuf_unlock(struct fw_card *c);
/* Core 0: hand the doorbells of other cores' queues to them; a queue of
 * its own is marked active at once. */
void fw_db_route(struct fw_card *c, unsigned vif, unsigned q);
/* A core: take the doorbells core 0 routed to it. */
void fw_db_take(struct fw_card *c, unsigned core);
/* Core 0: the core a mailbox request runs on, and for VIF_CREATE the free
 * VIF chosen (put into the request's vif field). */
unsigned fw_mbox_route(struct fw_card *c, struct svnic_mbox_hdr *h);
/* A core other than 0: run the mailbox command core 0 posted to it, if
 * any. True if it did work or has some waiting. */
bool fw_xcmd_run(struct fw_card *c, unsigned core);
/* mailbox.c: execute a request into a response, under the control lock. */
unsigned fw_mailbox_exec(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs);

/* Internal to the firmware, shared between its files. */
void fw_mailbox_poll(struct fw_card *c, bool *worked);
void fw_flash_health(struct fw_card *c);
void fw_vif_fail(struct fw_card *c, unsigned vif, unsigned error);
void fw_vif_clear(struct fw_card *c, unsigned vif);
/* One bounded TX pass over the core's VIFs, in the order the TX scheduler grants
 * (tx_sched.c). */
bool fw_tx_pass(struct fw_card *c, unsigned core);
/* The VIF's tx_weight, tx_rate_kbps and tx_burst into the scheduler. */
void fw_tx_sched_program(struct fw_card *c, unsigned vif);

/* Gives a VIF its quota of the shared RX buffer (none before register map
 * 2.4: nothing to do). 0, or -1 if the datapath did not take it. */
int fw_rx_quota_program(struct fw_card *c, unsigned vif);

bool fw_rx_queue(struct fw_card *c, unsigned vif);
bool fw_ctrl_queue(struct fw_card *c, unsigned vif);
/* Another VIF in use with this (MAC, VLAN) as its address or its
 * permanent address? */
bool fw_vif_key_taken(const struct fw_card *c, unsigned self, const uint8_t *mac, unsigned vlan);
/* The VIF's effective attributes into the datapath (fw_fdb_program_vif):
 * what the host set, what the driver set, and filter fallbacks. */
bool fw_vif_promisc(const struct fw_vif *v);
bool fw_vif_allmulti(const struct fw_vif *v);
/* Rebuild the VIF's MAC filter entries from its control state, on its
 * current VLAN, and program its attributes. */
void fw_vif_filter_apply(struct fw_card *c, unsigned vif);
/* Remove every filter entry the control queue added (VIF destroyed). */
void fw_vif_filter_clear(struct fw_card *c, unsigned vif);
/* Device reset of the VIF's control state (VIF_RESET): the configuration
 * of a new device, the permanent MAC back in the table where it fits. */
void fw_vif_ctrl_reset(struct fw_card *c, unsigned vif);
/* Device reset of a VIF (vif_status.c; VIF_RESET, status 0): its queues
 * detached, a TSO packet in progress dropped (tx_tso_aborted), control
 * state and NEEDS_RESET cleared, status 0; MAC, VLAN, DMA windows, counters
 * kept, and the features too unless `features` is false. */
void fw_vif_device_reset(struct fw_card *c, unsigned vif, bool features);
/* The status the VIF's driver reads (vif_status.c). */
unsigned fw_vif_status(const struct fw_vif *v);
/* Status-driven VIFs: may the features change now, may queues be attached
 * now? Always true for a VIF whose host never wrote a status. */
bool fw_vif_features_open(const struct fw_vif *v);
bool fw_vif_queues_open(const struct fw_vif *v);

#endif
