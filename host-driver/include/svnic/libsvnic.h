/* SPDX-License-Identifier: MIT */
/*
 * libsvnic: host access to an svnic card.
 *
 * A card is reached through a URI (svnic_open):
 *   sim:PATH    svnic-sim listening on the Unix socket PATH
 *   xrt:N       an AMD Alveo card, XRT device index N (0..63): register
 *               access only, enough for card commands and flashing
 * Each scheme comes with its transport (svnic_transport.h); a card on PCIe
 * (VFIO) gets its own scheme the same way.
 *
 * Conventions of every function below:
 *   - It returns 0 on success or a negative errno on failure.
 *   - `err` may be NULL; when given, it is filled on failure with the errno
 *     (err->code, the same value as returned), the firmware's status when
 *     the failure came from the mailbox (err->mbox_status, else -1) and a
 *     one-line message that says what failed and what to do (err->msg).
 *   - A handle may be used from several threads at once: each call takes
 *     the handle's mutex for its whole duration (a map, an attach and a
 *     detach are each atomic with respect to other calls on the handle).
 *   - VIF numbers are 0 .. num_vifs-1; queue numbers 0 .. queues_per_vif-1
 *     (queue 2p is RX of pair p, 2p+1 its TX).
 *
 * Firmware statuses map to errnos as follows:
 *   BAD_OPCODE -EOPNOTSUPP, BAD_LENGTH -EPROTO, BAD_VIF -ENOENT,
 *   BAD_ARG -EINVAL, NO_SPACE -ENOSPC, EXISTS -EEXIST, BAD_STATE -EBUSY,
 *   REFUSED -EBADMSG,
 *   any other value -EPROTO.
 * Other failures: -ETIMEDOUT (mailbox lock held too long, or the firmware
 * did not answer in time), -EPROTO (malformed response), -ENOTCONN /
 * -ECONNRESET / -EPIPE (transport lost), -EINVAL (bad argument, checked
 * before anything reaches the card).
 */
#ifndef SVNIC_LIBSVNIC_H
#define SVNIC_LIBSVNIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "svnic/mbox.h" /* SVNIC_MAX_QUEUE_PAIRS */

#ifdef __cplusplus
extern "C" {
#endif

/* Card URI used when none is given: svnicctl and svnicd read SVNIC_CARD
 * from the environment first. */
#define SVNIC_DEFAULT_URI "sim:/tmp/svnic-sim.sock"
#define SVNIC_CARD_ENV "SVNIC_CARD"

#define SVNIC_ERR_MSG_MAX 256

struct svnic_err {
	int code;        /* negative errno; 0 when no error */
	int mbox_status; /* enum svnic_mbox_status from the firmware, or -1 */
	char msg[SVNIC_ERR_MSG_MAX];
};

/* Timeouts; 0 in any field selects its default. */
struct svnic_open_opts {
	unsigned link_timeout_ms; /* one transport request/reply (5000) */
	unsigned mbox_timeout_ms; /* firmware answering a command (2000) */
	unsigned lock_timeout_ms; /* waiting for another client's lock (1000) */
};

struct svnic; /* an open card */

/* ---- URIs ---- */

enum svnic_uri_scheme {
	SVNIC_URI_SIM = 1,
	SVNIC_URI_XRT = 2,
};

struct svnic_uri {
	enum svnic_uri_scheme scheme;
	char target[256]; /* after "scheme:": socket path, device, card index */
};

/*
 * Split `uri` into scheme and target. Accepts "sim:PATH" (PATH non-empty
 * and short enough for a Unix socket address) and "xrt:N" (N decimal,
 * 0..63). Anything else is -EINVAL with a message naming the accepted forms.
 */
int svnic_uri_parse(const char *uri, struct svnic_uri *out,
		    struct svnic_err *err);

/* ---- Opening ---- */

/*
 * Open the card at `uri` (NULL: $SVNIC_CARD, else SVNIC_DEFAULT_URI).
 * Connects the transport, checks the register window (ID magic, major
 * register-map version) and reads NUM_VIFS and QUEUES_PER_VIF. `opts` may
 * be NULL.
 */
int svnic_open(const char *uri, const struct svnic_open_opts *opts,
	       struct svnic **card, struct svnic_err *err);

/* Close the transport and free the handle. NULL is allowed. Does not undo
 * VIFs, maps or attaches (the card keeps them). */
void svnic_close(struct svnic *card);

/* From the register window, read at open. */
uint32_t svnic_num_vifs(const struct svnic *card);
uint32_t svnic_queues_per_vif(const struct svnic *card);
uint32_t svnic_regmap_version(const struct svnic *card);

/* ---- Card commands ---- */

struct svnic_card_info {
	uint32_t abi_version; /* SVNIC_MBOX_ABI_VERSION of the firmware */
	uint32_t fw_version;  /* major << 16 | minor << 8 | patch */
	uint32_t num_vifs;
	uint32_t queues_per_vif;
	uint32_t max_queue_size;
	uint32_t max_windows; /* DMA windows per VIF */
	/* Largest frame a VIF carries, destination MAC to the end of the
	 * payload (no FCS); an MTU of max_frame - 18 fits (header and one
	 * VLAN tag). Firmware that does not report it carries 1518. */
	uint32_t max_frame;
	/* The virtio features the firmware implements (the ones
	 * svnic_vif_set_features accepts); 0 from firmware that does not
	 * report them. */
	uint64_t features;
};

struct svnic_card_stats {
	uint64_t wire_rx_frames;
	uint64_t wire_rx_drop_novif;    /* unicast no VIF on VLAN 0 takes */
	uint64_t wire_rx_drop_err;
	uint64_t wire_tx_frames;
	uint64_t wire_rx_drop_nomember; /* group address, no member on VLAN 0 */
	uint64_t tx_drop_srcdis;        /* sent by a VIF that is not enabled */
};

int svnic_card_info(struct svnic *card, struct svnic_card_info *info,
		    struct svnic_err *err);
int svnic_card_stats(struct svnic *card, struct svnic_card_stats *stats,
		     struct svnic_err *err);

/*
 * Reset the card (CARD_RESET) and wait up to timeout_ms (0: 10000) until it
 * has gone down: the card resets once this call has let go of the mailbox,
 * and every host session ends with it. The handle is then useless: close
 * it and svnic_open() the card again (it may take a moment to come back).
 * -EOPNOTSUPP if the transport cannot tell when the card went down.
 */
int svnic_card_reset(struct svnic *card, unsigned timeout_ms,
		     struct svnic_err *err);

/* ---- Flash (firmware images; include/svnic/flash.h) ---- */
struct svnic_flash_slot {
	uint32_t state;      /* enum svnic_slot_state */
	uint32_t fw_version; /* 0 if the slot holds no image */
	uint32_t image_len;
	uint8_t payload_sha256[32];
};
struct svnic_flash_info {
	uint32_t running;     /* slot the running firmware came from */
	uint32_t next;        /* slot the next reset boots */
	uint32_t card_target; /* enum svnic_image_target */
	uint32_t min_version; /* the card refuses images below it */
	uint32_t max_image;   /* largest image in bytes */
	uint32_t chunk_max;   /* largest FLASH_WRITE chunk */
	uint8_t pubkey[32];   /* key images must be signed with */
	struct svnic_flash_slot slot[2]; /* A, B */
};
int svnic_flash_info(struct svnic *card, struct svnic_flash_info *info,
		     struct svnic_err *err);

/* Called after every chunk written: bytes done so far, of total. */
typedef void (*svnic_flash_progress_fn)(void *ctx, size_t done, size_t total);

/*
 * Write image img[0..len) into the card's spare slot and have the card
 * verify it there: FLASH_BEGIN, FLASH_WRITE chunks, FLASH_FINISH. On
 * success the image boots at the next reset (*slot: which slot; may be
 * NULL). If the card refuses the image (as soon as its header is in, or
 * after verifying all of it) the result is -EBADMSG, *verdict (may be NULL)
 * is the card's reason (FW_IMAGE_*, firmware/include/fw/image.h) and
 * err->msg says it; the running image and the boot choice are unchanged.
 * The caller checks the image first (fw_image_check) to refuse it before
 * anything is written.
 */
int svnic_flash_write(struct svnic *card, const uint8_t *img, size_t len,
		      svnic_flash_progress_fn progress, void *ctx,
		      uint32_t *slot, uint32_t *verdict, struct svnic_err *err);

/* "empty", "pending", "good", "bad", or "unknown". */
const char *svnic_slot_state_str(uint32_t state);

/* ---- VIF commands ---- */

/* Claim a free VIF for unicast `mac` (checked: not multicast, not zero),
 * untagged (VLAN 0). The new VIF's number goes to *vif. */
int svnic_vif_create(struct svnic *card, const uint8_t mac[6], uint32_t *vif,
		     struct svnic_err *err);

/* Options of a new VIF; zeroed means svnic_vif_create's defaults. */
struct svnic_vif_opts {
	/* Access VLAN: 0 = untagged, 1..SVNIC_VLAN_MAX (4094). A VIF exchanges
	 * frames only with VIFs on its VLAN; only VLAN 0 reaches the wire's
	 * incoming frames (the card does not parse 802.1Q tags). */
	uint16_t vlan;
	/* TX scheduling (svnic/regs.h, SVNIC_FW_TXS_*): the VIF's share of
	 * the card's TX under contention, 1..SVNIC_TXS_WEIGHT_MAX (0: 1); its
	 * rate limit in bit/s (0: unlimited; kept in kbit/s, and the card
	 * runs it in steps of 488281.25 bit/s up to about 32 Gbit/s:
	 * svnic_tx_rate_check); its burst in bytes (0: the card's default,
	 * SVNIC_TXS_BURST_DEFAULT; at most SVNIC_TXS_BURST_MAX). */
	uint16_t tx_weight;
	uint64_t tx_rate_bps;
	uint32_t tx_burst;
	/* virtio-net queue pairs (max_virtqueue_pairs, VIRTIO_NET_F_MQ):
	 * 1..SVNIC_MAX_QUEUE_PAIRS, and what the card's queues per VIF allow
	 * (svnic_max_queue_pairs); 0: 1. */
	uint16_t queue_pairs;
};

/* The queue pairs a VIF of this card can have (from its queues per VIF:
 * the pairs and the control queue after them), at most
 * SVNIC_MAX_QUEUE_PAIRS; at least 1. */
uint32_t svnic_max_queue_pairs(const struct svnic *card);

/* svnic_vif_create with options (opts may be NULL). -EINVAL for a VLAN id
 * above 4094, TX settings or a queue pair count out of range; -ENOSPC also when the card's
 * forwarding table has no room for the (MAC, VLAN); -EEXIST when another
 * VIF has them. Without TX settings the request is the one firmware
 * without TX scheduling takes too. */
int svnic_vif_create_opts(struct svnic *card, const uint8_t mac[6],
			  const struct svnic_vif_opts *opts, uint32_t *vif,
			  struct svnic_err *err);

/* What svnic_vif_set changes: the fields `set` names (SVNIC_VIF_SET_* of
 * svnic/mbox.h); the others stay as they are. */
struct svnic_vif_settings {
	uint32_t set;
	uint16_t vlan;  /* 0..4094 */
	bool promisc;   /* receive unicast for any address on its VLAN */
	bool allmulti;  /* receive every multicast on its VLAN */
	uint16_t tx_weight;   /* 1..SVNIC_TXS_WEIGHT_MAX */
	uint64_t tx_rate_bps; /* 0: unlimited */
	uint32_t tx_burst;    /* 1..SVNIC_TXS_BURST_MAX bytes */
};

/* 0 if the card runs `bps` as a rate limit (0 is unlimited), else -EINVAL
 * with a message naming the range. */
int svnic_tx_rate_check(uint64_t bps, struct svnic_err *err);

/* Change a VIF's VLAN, flags and TX scheduling (VIF_SET). -EINVAL for a
 * VLAN id above 4094, TX settings out of range or unknown bits in set;
 * -ENOSPC / -EEXIST as for svnic_vif_create_opts (nothing changed then). */
int svnic_vif_set(struct svnic *card, uint32_t vif,
		  const struct svnic_vif_settings *s, struct svnic_err *err);

/* The firmware detaches the VIF's queues, forgets its windows and frees it.
 * Transport-side state (maps, irq and ioeventfd bindings) made through this
 * handle is not undone here: svnicd unmaps and detaches first. */
int svnic_vif_destroy(struct svnic *card, uint32_t vif, struct svnic_err *err);

/* Everything VIF_QUERY reports. */
struct svnic_vif_info {
	uint32_t vif;
	uint32_t state;  /* enum svnic_vif_state (mbox.h) */
	uint32_t error;  /* enum svnic_vif_error (mbox.h) */
	uint8_t mac[6];
	uint16_t queues; /* bit per attached queue */
	uint64_t features;
	uint64_t rx_frames;
	uint64_t rx_bytes;
	uint64_t rx_drop_full;    /* the card's RX buffer had no room */
	uint64_t rx_drop_quota;   /* over the VIF's share of the RX buffer */
	uint64_t rx_drop_toolong; /* longer than the RX buffer takes */
	uint64_t tx_frames;
	uint64_t tx_bytes;
	uint64_t rx_delivered;
	uint64_t rx_drop_small;
	uint64_t tx_bad_frames;
	uint64_t notifies;
	uint64_t errors;
	uint64_t tx_csum_bad;     /* TX chains dropped: NEEDS_CSUM field outside the frame */
	uint64_t tx_csum_refused; /* checksum requests the datapath refused */
	uint16_t vlan;   /* access VLAN, 0 = untagged */
	bool promisc;
	bool allmulti;
	/* TX scheduling; tx_weight 0: the firmware does not report it */
	uint16_t tx_weight;
	uint64_t tx_rate_bps; /* 0: unlimited */
	uint32_t tx_burst;
	/* TSO: GSO packets cut into segments, segments sent, GSO packets
	 * dropped (0 from firmware without TSO) */
	uint64_t tx_tso_packets;
	uint64_t tx_tso_segs;
	uint64_t tx_gso_bad;
	/* its share of the card's RX buffer; 0: not reported (no shared buffer) */
	uint32_t rx_quota_bytes;
	uint32_t rx_held_bytes; /* what it holds there now */
	/* Queues (VIF_QUERY_QUEUES; firmware without it: one pair, and
	 * `queues` as the attached set): pairs the VIF was created with,
	 * pairs its driver uses now, a bit per attached queue, and per pair
	 * the frames delivered into its RX ring and taken from its TX ring. */
	uint16_t queue_pairs;
	uint16_t active_pairs;
	uint64_t queues_attached;
	uint64_t pair_rx_frames[SVNIC_MAX_QUEUE_PAIRS];
	uint64_t pair_tx_frames[SVNIC_MAX_QUEUE_PAIRS];
	/* The virtio device status (SVNIC_VIRTIO_S_*) as the VIF's driver
	 * reads it, whether a host drives it (svnic_vif_set_status), and the
	 * queues reset at DRIVER_OK (0 from firmware without the status). */
	uint8_t status;
	bool status_driven;
	uint32_t queue_resets;
	uint64_t rx_drop_reset;  /* frames for an RX queue being reset */
	uint64_t tx_tso_aborted; /* TSO packets cut short by a reset or FAILED */
};

/* A free VIF gives -ENOENT (firmware BAD_VIF). */
int svnic_vif_query(struct svnic *card, uint32_t vif,
		    struct svnic_vif_info *info, struct svnic_err *err);
int svnic_vif_set_features(struct svnic *card, uint32_t vif,
			   uint64_t features, struct svnic_err *err);
/* Detach the queues, clear NEEDS_RESET; MAC and DMA windows stay. */
int svnic_vif_reset(struct svnic *card, uint32_t vif, struct svnic_err *err);
/*
 * Pass on a virtio device status the VIF's driver wrote (SVNIC_VIRTIO_S_*;
 * svnic/mbox.h VIF_SET_STATUS has the rules the card enforces). *back (may
 * be NULL) gets the status the driver reads back: without FEATURES_OK when
 * the card refused the features, with DEVICE_NEEDS_RESET after a step out
 * of order. -EINVAL for bits that are no status bits; firmware without the
 * status: -EOPNOTSUPP with a message saying so.
 */
int svnic_vif_set_status(struct svnic *card, uint32_t vif, uint8_t status,
			 uint8_t *back, struct svnic_err *err);

/* ---- DMA windows ---- */

/*
 * Let VIF `vif` reach [iova, iova+len), backed by file `fd` (a memfd or
 * shared-memory file; the card's side keeps its own reference) from byte
 * `offset`. Does both halves: the transport mapping into the VIF's DMA
 * domain (the IOMMU), then DMA_MAP so the firmware accepts the window. If
 * the command fails, the transport mapping is removed again.
 * len must be non-zero and iova + len must not wrap.
 */
int svnic_dma_map(struct svnic *card, uint32_t vif, uint64_t iova,
		  uint64_t len, int fd, uint64_t offset, struct svnic_err *err);
/* The reverse: DMA_UNMAP, then the transport unmapping. Both are tried;
 * the first failure is returned. */
int svnic_dma_unmap(struct svnic *card, uint32_t vif, uint64_t iova,
		    uint64_t len, struct svnic_err *err);

/* ---- Queues ---- */

/*
 * A virtqueue as QUEUE_ATTACH takes it (svnic/mbox.h has the whole
 * contract). With SVNIC_QUEUE_F_PACKED in flags the ring is packed: desc is
 * the descriptor ring, avail and used the driver and device event
 * suppression areas, size any value 1 .. 32768, and the indices carry the
 * wrap counter in bit 15, as vhost-user's vring base does.
 */
struct svnic_queue_cfg {
	uint32_t queue;     /* 0 .. queues_per_vif-1 */
	uint32_t size;      /* split: power of two; 1 .. 32768 (firmware: <= max) */
	uint64_t desc;      /* IOVAs in the VIF's domain */
	uint64_t avail;
	uint64_t used;
	uint16_t avail_idx; /* where the device resumes reading avail */
	uint16_t used_idx;  /* where the device resumes writing used */
	int kickfd;         /* eventfd the driver kicks, -1: none (card polls) */
	int callfd;         /* eventfd the card signals, -1: none */
	uint32_t flags;     /* SVNIC_QUEUE_F_*: 0 is a split ring */
};

/* Interrupt vector of a queue: vif * queues_per_vif + queue. */
uint32_t svnic_queue_vector(const struct svnic *card, uint32_t vif,
			    uint32_t queue);

/* Interrupt vector of a VIF's configuration changes
 * (SVNIC_IRQ_CONFIG_VECTOR): the firmware raises it when it puts the VIF
 * into NEEDS_RESET. */
uint32_t svnic_config_vector(const struct svnic *card, uint32_t vif);

/*
 * Signal eventfd `fd` on VIF `vif`'s configuration-change interrupt (-1:
 * stop signalling). The transport takes its own reference to fd. A card
 * whose register map predates 2.3 never delivers these interrupts:
 * -EOPNOTSUPP with a message saying so.
 */
int svnic_config_irq_set(struct svnic *card, uint32_t vif, int fd,
			 struct svnic_err *err);

/*
 * Start serving a virtqueue. In order: set_irq(vector, callfd),
 * set_ioeventfd(SVNIC_HOST_DOORBELL(vif, queue), value = queue, kickfd),
 * then QUEUE_ATTACH with the vector. On failure, the irq and ioeventfd
 * bindings are cleared again.
 */
int svnic_queue_attach(struct svnic *card, uint32_t vif,
		       const struct svnic_queue_cfg *cfg, struct svnic_err *err);

/*
 * Stop serving a virtqueue: QUEUE_DETACH (which returns where the device
 * stopped: *avail_idx, *used_idx, either pointer may be NULL; for a packed
 * ring with its wrap counters in bit 15), then clear
 * the ioeventfd and irq bindings. The bindings are cleared even when the
 * command fails; the first failure is returned.
 */
int svnic_queue_detach(struct svnic *card, uint32_t vif, uint32_t queue,
		       uint16_t *avail_idx, uint16_t *used_idx,
		       struct svnic_err *err);
/*
 * The VIF's driver resets the ring (VIRTIO_F_RING_RESET): as
 * svnic_queue_detach (the indices returned are where the device stopped),
 * but the card counts the reset and drops frames for an RX ring until it
 * is attached again, while the VIF's other rings run on. Only at DRIVER_OK
 * of a driver that negotiated RING_RESET: -EBUSY (BAD_STATE) otherwise,
 * nothing detached.
 */
int svnic_queue_reset(struct svnic *card, uint32_t vif, uint32_t queue, uint16_t *avail_idx,
		      uint16_t *used_idx, struct svnic_err *err);

/* ---- Low level ---- */

/*
 * Run one mailbox command. `req` holds `req_len` bytes (8 .. 128; its
 * header's len is NOT rewritten, so malformed requests can be sent on
 * purpose). The response is copied into `rsp` (up to `rsp_size` bytes, at
 * least the 8-byte header). A response whose len is below 8, above 128 or
 * not a multiple of 4 is -EPROTO; so is an OK response shorter than
 * `min_rsp_len`. A non-OK status is returned as its errno (see above) with
 * err->mbox_status set. The raw response header is in rsp either way.
 */
int svnic_mbox_exec(struct svnic *card, const void *req, size_t req_len,
		    void *rsp, size_t rsp_size, size_t min_rsp_len,
		    struct svnic_err *err);

/* ---- Names ---- */

/* Message of an enum svnic_mbox_status; "unknown status" for others. */
const char *svnic_mbox_status_str(uint32_t status);
/* Short name ("OK", "BAD_VIF", ...), "?" for unknown. */
const char *svnic_mbox_status_name(uint32_t status);
/* errno (negative) of a firmware status; 0 for OK. */
int svnic_mbox_status_errno(uint32_t status);
/* "free", "ready", "running", "needs-reset", "unknown". */
const char *svnic_vif_state_str(uint32_t state);
/* Message of an enum svnic_vif_error, "unknown error" for others. */
const char *svnic_vif_error_str(uint32_t error);
/*
 * A virtio device status as the names of its bits, lower case, joined by
 * '|' ("acknowledge|driver|features_ok|driver_ok"; "reset" for 0), into buf.
 * Returns buf. SVNIC_VIRTIO_STATUS_STRLEN holds any status.
 */
#define SVNIC_VIRTIO_STATUS_STRLEN 96
const char *svnic_virtio_status_str(uint32_t status, char *buf, size_t len);

/* ---- MAC addresses ---- */

#define SVNIC_MAC_STRLEN 18 /* "xx:xx:xx:xx:xx:xx" + NUL */

/*
 * Parse exactly six colon-separated pairs of hex digits ("02:00:0a:FF:00:01",
 * either case). Anything else - other separators, one-digit or three-digit
 * groups, signs, spaces, trailing text - is -EINVAL and leaves mac alone.
 */
int svnic_mac_parse(const char *s, uint8_t mac[6]);
/* Lowercase "xx:xx:xx:xx:xx:xx" into buf; returns buf. */
char *svnic_mac_format(const uint8_t mac[6], char buf[SVNIC_MAC_STRLEN]);
/* True for an address a VIF may own: not multicast/broadcast, not zero. */
bool svnic_mac_is_unicast(const uint8_t mac[6]);

#ifdef __cplusplus
}
#endif

#endif
