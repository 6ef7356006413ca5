/* SPDX-License-Identifier: MIT */
/*
 * svnic_guest: a small userspace virtio-net driver that is a vhost-user
 * front-end.
 *
 * It connects to a vhost-user back-end's Unix socket (svnicd, or any other
 * back-end such as DPDK's vhost PMD), allocates its "guest memory" as one
 * shared memfd holding the rings and packet buffers, passes that memory to
 * the back-end with SET_MEM_TABLE, and drives one queue pair: RX (virtqueue
 * 0) and TX (virtqueue 1), split rings; or, with opts.queue_pairs, several
 * pairs (RX 2p, TX 2p + 1) and the control queue after them. VIRTIO_F_VERSION_1 is negotiated
 * (12-byte virtio-net header, no offloads), and VIRTIO_NET_F_MRG_RXBUF
 * when asked for (opts.mrg_rxbuf: frames over several small RX buffers);
 * the driver never accepts a feature it does not implement.
 *
 * One handle is used by one thread at a time. Every call is non-blocking
 * except svnic_guest_open() (connect and handshake, bounded by timeouts)
 * and svnic_guest_wait() (bounded by its timeout).
 */
#ifndef SVNIC_GUEST_H
#define SVNIC_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "svnic/virtio.h"

#ifdef __cplusplus
extern "C" {
#endif

struct svnic_guest;

/* Queue pairs the driver can drive (the card's VIFs have at most 16). */
#define SVNIC_GUEST_MAX_PAIRS 16u

/* How a TX frame is described to the device. */
enum svnic_guest_tx_layout {
	/* One descriptor: virtio-net header followed by the frame. */
	SVNIC_GUEST_TX_HDR_INLINE = 0,
	/* Two chained descriptors: the header, then the frame. */
	SVNIC_GUEST_TX_HDR_SEPARATE = 1,
};

struct svnic_guest_opts {
	/* Entries per virtqueue: power of two, 2..32768. 0 = 256. */
	unsigned queue_size;
	/* Bytes per packet buffer, header included: 1530..65536. 0 = 2048. */
	unsigned buf_size;
	/* Interface MAC, for callers' convenience (svnic_guest_mac()); the
	 * driver does not put it in frames. All zero = 02:00:00:00:00:01. */
	uint8_t mac[6];
	enum svnic_guest_tx_layout tx_layout;
	/* Keep retrying connect() this long while the socket is missing or
	 * refuses (back-end still starting). 0 = one attempt. */
	unsigned connect_timeout_ms;
	/* Longest wait for any one reply during the handshake. 0 = 5000. */
	unsigned reply_timeout_ms;
	/* Busy-polling mode: set VRING_AVAIL_F_NO_INTERRUPT on both rings so
	 * the device does not signal the call eventfds. */
	bool no_interrupt;
	/* Guest-physical address of the start of guest memory. 0 = 0x40000000
	 * (so that address 0 lies outside guest memory). */
	uint64_t guest_phys_base;
	/* Negotiate VIRTIO_NET_F_MRG_RXBUF (svnic_guest_open fails if the
	 * back-end does not offer it) and post RX buffers of rx_buf_size
	 * bytes (64..buf_size; 0 = buf_size): the device spreads a frame
	 * that does not fit one over several, which svnic_guest_recv()
	 * joins. Without it every RX buffer holds a whole frame. */
	bool mrg_rxbuf;
	unsigned rx_buf_size;
	/* Survive the back-end going away (vhost-user reconnect): the rings
	 * and buffers stay as they are, svnic_guest_wait() and
	 * svnic_guest_backend_poll() notice the hang-up and connect again
	 * (every 20 ms while the socket is absent), then replay the session
	 * with the rings' current indices as ring bases. Without it the
	 * driver never looks at the socket after svnic_guest_open(). A
	 * reconnection blocks the call that makes it for one handshake. */
	bool reconnect;
	/* Checksum offload: negotiate VIRTIO_NET_F_CSUM (frames may be sent
	 * with svnic_guest_send_csum) and VIRTIO_NET_F_GUEST_CSUM (received
	 * frames may carry DATA_VALID, or NEEDS_CSUM, which the driver then
	 * completes itself) when the back-end offers them. */
	bool csum_offload;
	/* Negotiate VIRTIO_F_RING_RESET (svnic_guest_open fails if the
	 * back-end does not offer it), for svnic_guest_ring_reset(). */
	bool ring_reset;
	/* Queue pairs: 0 or 1, one (no multiqueue). 2..SVNIC_GUEST_MAX_PAIRS:
	 * negotiate VIRTIO_NET_F_MQ with VIRTIO_NET_F_CTRL_VQ, which it needs,
	 * and vhost-user's MQ protocol feature (svnic_guest_open fails if the
	 * back-end lacks one, or takes fewer pairs); set up every pair and
	 * the control queue (virtqueue 2 * queue_pairs), which goes to the
	 * device; then tell the device to use every pair (VQ_PAIRS_SET). It
	 * must be the device's max_virtqueue_pairs: for a VIF of the card,
	 * the pairs it was created with (svnicctl vif create --queues). */
	unsigned queue_pairs;
};

/* Fill `o` with the defaults described above. */
void svnic_guest_opts_init(struct svnic_guest_opts *o);

struct svnic_guest_stats {
	uint64_t tx_frames;  /* frames the device has taken (TX used entries) */
	uint64_t tx_bytes;   /* bytes of those frames, header excluded */
	uint64_t rx_frames;  /* frames returned by svnic_guest_recv() */
	uint64_t rx_bytes;   /* bytes of those frames, header excluded */
	uint64_t rx_multi;   /* of those, frames that came over several RX
				buffers (MRG_RXBUF) */
	uint64_t kicks;      /* writes to a kick eventfd */
	uint64_t interrupts; /* call eventfd wakeups seen by svnic_guest_wait() */
	uint64_t rx_bad;     /* RX completions dropped: bad header or length,
				or an id the driver had not posted */
	uint64_t tx_bad;     /* TX completions with an id not in flight */
	uint64_t disconnects; /* back-end hang-ups seen (opts.reconnect) */
	uint64_t reconnects;  /* sessions set up again after a hang-up */
	/* svnic_guest_ring_reset(): rings reset; TX frames posted that the
	 * device had not taken, dropped; RX used entries not yet read,
	 * dropped (the frames in them are lost) */
	uint64_t ring_resets;
	uint64_t tx_reset_dropped;
	uint64_t rx_reset_dropped;
};

/*
 * Connect to the vhost-user back-end at sock_path, negotiate, set up guest
 * memory and both queues, and post all RX buffers. opts may be NULL for
 * defaults. On failure returns NULL and writes a message (what failed,
 * where, what to do) into err (errlen bytes, may be 0), with errno set.
 */
struct svnic_guest *svnic_guest_open(const char *sock_path,
				     const struct svnic_guest_opts *opts,
				     char *err, size_t errlen);

/* Disconnect and free everything. NULL is accepted. */
void svnic_guest_close(struct svnic_guest *g);

/*
 * Queue one Ethernet frame (no FCS) of 14..1518 bytes for transmission;
 * the frame is copied. Completed TX buffers are reclaimed first.
 * Returns 0, -EAGAIN when the TX ring is full (call again later),
 * -EINVAL for a bad size, -EIO after the device broke the ring protocol.
 */
int svnic_guest_send(struct svnic_guest *g, const void *frame, size_t len);

/* The same on pair `pair`'s TX queue (svnic_guest_send is pair 0);
 * -EINVAL for a pair the driver does not have. */
int svnic_guest_send_on(struct svnic_guest *g, unsigned pair, const void *frame, size_t len);

/*
 * The same with VIRTIO_NET_HDR_F_NEEDS_CSUM: the device is to write the
 * checksum of bytes [csum_start, len) at csum_start + csum_offset, whose
 * 16 bits hold the pseudo-header sum. The offsets are passed as given, so
 * tests can send ones outside the frame. -ENOTSUP when VIRTIO_NET_F_CSUM
 * was not negotiated; otherwise as svnic_guest_send().
 */
int svnic_guest_send_csum(struct svnic_guest *g, const void *frame, size_t len,
			  uint16_t csum_start, uint16_t csum_offset);

/*
 * Take one received frame: the virtio-net header is checked and stripped,
 * the frame copied to buf and its length stored in *len, and the buffer
 * posted again. Returns 0, -EAGAIN when no frame is waiting, -EMSGSIZE if
 * the frame does not fit cap (it is dropped and counted as received),
 * -EIO after the device broke the ring protocol. Completions with a bad
 * header or length are dropped and counted in rx_bad.
 */
int svnic_guest_recv(struct svnic_guest *g, void *buf, size_t cap,
		     size_t *len);

/*
 * The same, also returning the header's flags in *flags:
 * VIRTIO_NET_HDR_F_DATA_VALID when the device verified the frame's
 * checksum (NEEDS_CSUM frames arrive completed, with that flag cleared).
 */
int svnic_guest_recv_flags(struct svnic_guest *g, void *buf, size_t cap,
			   size_t *len, uint8_t *flags);

/*
 * The same from any pair's RX queue, in turn from the one after the last
 * frame's, telling which pair the frame came on in *pair (flags and pair
 * may be NULL). svnic_guest_recv and svnic_guest_recv_flags do this too.
 */
int svnic_guest_recv_on(struct svnic_guest *g, void *buf, size_t cap, size_t *len,
			uint8_t *flags, unsigned *pair);

/* Queue pairs the driver has (opts.queue_pairs, at least 1). */
unsigned svnic_guest_pairs(const struct svnic_guest *g);

/*
 * With multiqueue: tell the device to use pairs 0..pairs-1 (control queue,
 * VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET) and wait for its answer (up to 30 s).
 * 0; -EINVAL (no multiqueue, or more pairs than the driver has); -EPROTO
 * when the device refused; -ETIMEDOUT, -EIO; a message in err.
 */
int svnic_guest_set_pairs(struct svnic_guest *g, unsigned pairs, char *err, size_t errlen);

/*
 * Block until the device signals a call eventfd (RX or TX completion) or
 * timeout_ms passes (-1 = no limit; 0 = just check). Returns 1 at once if
 * a completion is already waiting, 1 after a wakeup, 0 on timeout, or a
 * negative errno. Completed TX buffers are reclaimed before returning.
 * With opts.no_interrupt the device sends no signals, so the ring is
 * polled every millisecond instead, and a timeout of -1 or more than
 * 1000 ms is cut to 1000 ms.
 */
int svnic_guest_wait(struct svnic_guest *g, int timeout_ms);

/*
 * With opts.reconnect: check the vhost-user connection and, when the
 * back-end has gone, try to connect again and replay the session (bounded
 * by reply_timeout_ms per message). Returns 1 when a session is up, 0
 * while the back-end is away (the rings keep their contents: frames sent
 * meanwhile wait in the TX ring, RX buffers stay posted). Without
 * opts.reconnect it returns 1 and does nothing. svnic_guest_wait(),
 * svnic_guest_send() and svnic_guest_recv() call it at most every 20 ms.
 */
int svnic_guest_backend_poll(struct svnic_guest *g);

/*
 * Reset one ring (VIRTIO_F_RING_RESET, virtio 1.2 section 2.6.1; needs
 * opts.ring_reset) as a vhost-user front-end does: disable it
 * (SET_VRING_ENABLE 0), stop it (GET_VRING_BASE), forget what was in it
 * (TX: completed frames are reclaimed first, the rest counted in
 * tx_reset_dropped; RX: used entries not read counted in rx_reset_dropped),
 * then set it up again with `size` entries (a power of two up to
 * opts.queue_size; 0: as before), its parts moved to fit, from index 0, and
 * enable it. The other rings are not touched. `queue`: 2p RX, 2p + 1 TX of
 * pair p (0 RX, 1 TX with one pair); the control queue is not reset.
 * 0, -EINVAL, -ENOTSUP (RING_RESET not negotiated), or a vhost-user error
 * (message in err).
 */
int svnic_guest_ring_reset(struct svnic_guest *g, unsigned queue, unsigned size, char *err,
			   size_t errlen);

/* Entries of ring `queue` (2p RX, 2p + 1 TX) now; 0 for no such ring. */
unsigned svnic_guest_ring_size(const struct svnic_guest *g, unsigned queue);

/* Reclaim completed TX buffers of every pair; returns how many frames
 * completed. */
int svnic_guest_tx_reclaim(struct svnic_guest *g);

/* Frames still owned by the device on TX, every pair. */
unsigned svnic_guest_tx_inflight(const struct svnic_guest *g);

void svnic_guest_get_stats(const struct svnic_guest *g,
			   struct svnic_guest_stats *st);

/* The MAC from the options. */
void svnic_guest_mac(const struct svnic_guest *g, uint8_t mac[6]);

/* Features both sides agreed on (virtio feature bits, SET_FEATURES value
 * without VHOST_USER_F_PROTOCOL_FEATURES). */
uint64_t svnic_guest_features(const struct svnic_guest *g);

/* Guest memory, for tests: guest-physical base, size in bytes, host
 * pointer of its first byte, and pointer -> guest-physical translation
 * (returns 0 when p is not inside guest memory). */
uint64_t svnic_guest_mem_gpa(const struct svnic_guest *g);
size_t svnic_guest_mem_size(const struct svnic_guest *g);
void *svnic_guest_mem_ptr(const struct svnic_guest *g);
uint64_t svnic_guest_gpa_of(const struct svnic_guest *g, const void *p);

/*
 * Test hook for hostile-guest tests: place n (1..16) descriptors as one
 * chain into the TX ring, publish and kick (unless NO_NOTIFY). addr, len
 * and flags are written as given (addresses are raw guest-physical, flags
 * may include NEXT, WRITE, INDIRECT); next is an index into descs[] when
 * < n (translated to the descriptor slot actually used) and written raw
 * otherwise, so loops and out-of-range links can be built. The caller
 * builds any TX header itself. Returns the head descriptor id (>= 0) or
 * -EAGAIN (ring full) / -EINVAL. If the device completes the chain it is
 * reclaimed like any other (counted in tx_frames with length 0).
 */
int svnic_guest_post_raw_tx(struct svnic_guest *g,
			    const struct svnic_vring_desc *descs, unsigned n);

/* A scratch area of guest memory (svnic_guest_scratch_size() bytes) that
 * the driver never uses, for raw descriptors to point into. */
void *svnic_guest_scratch(const struct svnic_guest *g);
size_t svnic_guest_scratch_size(const struct svnic_guest *g);

#ifdef __cplusplus
}
#endif

#endif
