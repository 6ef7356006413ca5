/* SPDX-License-Identifier: MIT */
/* svnic_guest: virtio-net over vhost-user, from the front-end's side. */
#include "svnic_guest.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "vhost_user.h"
#include "vring_split.h"

#define PAGE 4096u
#define DEFAULT_QUEUE_SIZE 256u
#define DEFAULT_BUF_SIZE 2048u
#define MAX_BUF_SIZE 65536u
#define MIN_BUF_SIZE (SVNIC_VIRTIO_NET_HDR_LEN + SVNIC_ETH_MAX_FRAME)
#define MIN_MRG_BUF_SIZE 64u /* with MRG_RXBUF: a header and then some */
#define DEFAULT_REPLY_TIMEOUT_MS 5000u
#define DEFAULT_GPA_BASE 0x40000000ull
#define SCRATCH_SIZE (64u * 1024u)
#define TX_SEP_FRAME_OFF 64u /* frame offset in a slot, separate layout */
#define RAW_TX_MAX 16u
#define NO_SLOT UINT32_MAX
#define BACKEND_RETRY_MS 20 /* reconnect attempts and hang-up checks */

/* Features this driver implements and will accept. */
#define IMPLEMENTED_FEATURES SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1)

/* Virtqueues: RX of pair p is 2p, TX 2p + 1; with more than one pair the
 * control queue comes after them (virtio 1.2 section 5.1.2). */
#define MAX_VQS (2u * SVNIC_GUEST_MAX_PAIRS + 1u)
#define CTRL_QUEUE_SIZE 16u  /* one command at a time is in it */
#define CTRL_POLL_US 1000u   /* waiting for the device's ack */
static unsigned rxq(unsigned p) { return 2u * p; }
static unsigned txq(unsigned p) { return 2u * p + 1u; }

struct queue {
	struct svnic_vring_split ring;
	size_t desc_off, avail_off, used_off; /* in guest memory */
	int kick_fd;
	int call_fd;
	uint32_t *slot_of;   /* per head id: buffer slot, NO_SLOT for raw */
	uint32_t *len_of;    /* per head id: frame length (TX) */
	uint32_t *free_slots; /* TX only: stack of free buffer slots */
	unsigned nfree_slots;
	size_t buf_off;      /* first buffer in guest memory */
	unsigned inflight;   /* heads owned by the device */
};

struct svnic_guest {
	char path[108];
	int sock;
	unsigned reply_timeout_ms;
	bool reply_ack;
	bool has_pf; /* the back-end speaks protocol features (SET_VRING_ENABLE) */
	bool broken;
	struct svnic_guest_opts o;
	uint64_t features;
	int mem_fd;
	uint8_t *mem;
	size_t mem_size;
	uint64_t gpa;
	size_t scratch_off;
	unsigned pairs;   /* queue pairs: 1, or opts.queue_pairs with MQ */
	unsigned nq;      /* virtqueues: 2, or 2 * pairs + 1 (the control queue) */
	unsigned rx_next; /* the RX queue svnic_guest_recv looks at first */
	size_t ctrl_off;  /* the control commands' buffers (one page) */
	struct queue q[MAX_VQS];
	struct svnic_guest_stats st;
	long next_backend_check_ms; /* opts.reconnect: next look at the socket */
};

static void fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

void svnic_guest_opts_init(struct svnic_guest_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->queue_size = DEFAULT_QUEUE_SIZE;
	o->buf_size = DEFAULT_BUF_SIZE;
	o->mac[0] = 0x02;
	o->mac[5] = 0x01;
	o->tx_layout = SVNIC_GUEST_TX_HDR_INLINE;
	o->reply_timeout_ms = DEFAULT_REPLY_TIMEOUT_MS;
	o->guest_phys_base = DEFAULT_GPA_BASE;
}

static size_t align_up(size_t v, size_t a)
{
	return (v + a - 1) / a * a;
}

static uint64_t gpa_at(const struct svnic_guest *g, size_t off)
{
	return g->gpa + off;
}

/*
 * The ring base handed to the back-end: the device's own progress as the
 * ring shows it (used->idx). Everything before it the device has finished
 * with; a device that starts there takes up exactly the entries it had not
 * completed, whether it is the first session (0) or a reconnection.
 */
static bool is_ctrl(const struct svnic_guest *g, unsigned i)
{
	return g->pairs > 1 && i == 2u * g->pairs;
}

static unsigned ring_entries(const struct svnic_guest *g, unsigned i)
{
	if (is_ctrl(g, i))
		return g->o.queue_size < CTRL_QUEUE_SIZE ? g->o.queue_size : CTRL_QUEUE_SIZE;
	return g->o.queue_size;
}

static uint16_t ring_base(const struct queue *q)
{
	return __atomic_load_n((const uint16_t *)(const void *)(q->ring.used + 2),
			       __ATOMIC_ACQUIRE);
}

/* ---- vhost-user requests --------------------------------------------- */

static int vu_send_req(struct svnic_guest *g, uint8_t *msg, size_t len,
		       const int *fds, unsigned nfds, char *err, size_t errlen)
{
	uint32_t req, flags;
	int rc;

	memcpy(&req, msg, 4);
	memcpy(&flags, msg + 4, 4);
	if (g->reply_ack) {
		flags |= SVNIC_VU_FLAG_NEED_REPLY;
		memcpy(msg + 4, &flags, 4);
	}
	rc = svnic_vu_send(g->sock, msg, len, fds, nfds);
	if (rc) {
		fail(err, errlen,
		     "vhost-user %s to '%s' failed: %s; the back-end may have closed the connection, see its log",
		     svnic_vu_request_name(req), g->path, strerror(-rc));
		return rc;
	}
	if (g->reply_ack) {
		uint8_t buf[SVNIC_VU_MAX_MSG];
		char why[160];
		uint64_t status;
		size_t n;

		rc = svnic_vu_recv(g->sock, g->reply_timeout_ms, buf, sizeof(buf),
				   &n, why, sizeof(why));
		if (!rc)
			rc = svnic_vu_decode_u64_reply(buf, n, req, &status, why,
						       sizeof(why));
		if (rc) {
			fail(err, errlen,
			     "vhost-user %s to '%s': bad acknowledgement: %s; check that the back-end speaks vhost-user",
			     svnic_vu_request_name(req), g->path, why);
			return rc;
		}
		if (status != 0) {
			fail(err, errlen,
			     "vhost-user back-end at '%s' rejected %s (status %llu); see the back-end's log",
			     g->path, svnic_vu_request_name(req),
			     (unsigned long long)status);
			return -EREMOTEIO;
		}
	}
	return 0;
}

static int vu_get_u64(struct svnic_guest *g, uint32_t req, uint64_t *value,
		      char *err, size_t errlen)
{
	uint8_t buf[SVNIC_VU_MAX_MSG];
	char why[160];
	size_t n = svnic_vu_encode_empty(buf, sizeof(buf), req, 0);
	int rc = svnic_vu_send(g->sock, buf, n, NULL, 0);

	if (rc) {
		fail(err, errlen, "vhost-user %s to '%s' failed: %s; see the back-end's log",
		     svnic_vu_request_name(req), g->path, strerror(-rc));
		return rc;
	}
	rc = svnic_vu_recv(g->sock, g->reply_timeout_ms, buf, sizeof(buf), &n,
			   why, sizeof(why));
	if (!rc)
		rc = svnic_vu_decode_u64_reply(buf, n, req, value, why,
					       sizeof(why));
	if (rc)
		fail(err, errlen,
		     "vhost-user %s to '%s': bad reply: %s; check that the back-end speaks vhost-user",
		     svnic_vu_request_name(req), g->path, why);
	return rc;
}

static int vu_set_u64(struct svnic_guest *g, uint32_t req, uint64_t v,
		      char *err, size_t errlen)
{
	uint8_t buf[SVNIC_VU_MAX_MSG];
	size_t n = svnic_vu_encode_u64(buf, sizeof(buf), req, 0, v);

	return vu_send_req(g, buf, n, NULL, 0, err, errlen);
}

static int vu_set_state(struct svnic_guest *g, uint32_t req, uint32_t index,
			uint32_t num, char *err, size_t errlen)
{
	uint8_t buf[SVNIC_VU_MAX_MSG];
	size_t n = svnic_vu_encode_state(buf, sizeof(buf), req, 0, index, num);

	return vu_send_req(g, buf, n, NULL, 0, err, errlen);
}

static int vu_set_fd(struct svnic_guest *g, uint32_t req, uint32_t index,
		     int fd, char *err, size_t errlen)
{
	uint8_t buf[SVNIC_VU_MAX_MSG];
	size_t n = svnic_vu_encode_u64(buf, sizeof(buf), req, 0,
				       index & SVNIC_VU_VRING_IDX_MASK);

	return vu_send_req(g, buf, n, &fd, 1, err, errlen);
}

/* Hand ring i to the back-end: size, base, addresses, eventfds. */
static int ring_setup(struct svnic_guest *g, unsigned i, char *err, size_t errlen)
{
	uint8_t buf[SVNIC_VU_MAX_MSG];
	struct queue *q = &g->q[i];
	size_t n;
	int rc;

	rc = vu_set_state(g, SVNIC_VU_SET_VRING_NUM, i, q->ring.size, err, errlen);
	if (!rc)
		rc = vu_set_state(g, SVNIC_VU_SET_VRING_BASE, i, ring_base(q), err, errlen);
	if (!rc) {
		n = svnic_vu_encode_addr(buf, sizeof(buf), 0, i,
					 (uint64_t)(uintptr_t)(g->mem + q->desc_off),
					 (uint64_t)(uintptr_t)(g->mem + q->used_off),
					 (uint64_t)(uintptr_t)(g->mem + q->avail_off));
		rc = vu_send_req(g, buf, n, NULL, 0, err, errlen);
	}
	if (!rc)
		rc = vu_set_fd(g, SVNIC_VU_SET_VRING_KICK, i, q->kick_fd, err, errlen);
	if (!rc)
		rc = vu_set_fd(g, SVNIC_VU_SET_VRING_CALL, i, q->call_fd, err, errlen);
	return rc;
}

static int handshake(struct svnic_guest *g, char *err, size_t errlen)
{
	uint8_t buf[SVNIC_VU_MAX_MSG];
	uint64_t offered, pf = 0, pf_offered = 0, acked;
	bool has_pf;
	size_t n;
	int rc;

	rc = vu_get_u64(g, SVNIC_VU_GET_FEATURES, &offered, err, errlen);
	if (rc)
		return rc;
	has_pf = offered & SVNIC_VIRTIO_BIT(SVNIC_VU_F_PROTOCOL_FEATURES);
	if (has_pf) {
		rc = vu_get_u64(g, SVNIC_VU_GET_PROTOCOL_FEATURES, &pf_offered, err,
				errlen);
		if (rc)
			return rc;
		pf = pf_offered & (SVNIC_VIRTIO_BIT(SVNIC_VU_PROTOCOL_F_REPLY_ACK) |
				   (g->pairs > 1 ? SVNIC_VIRTIO_BIT(SVNIC_VU_PROTOCOL_F_MQ) : 0));
		rc = vu_set_u64(g, SVNIC_VU_SET_PROTOCOL_FEATURES, pf, err,
				errlen);
		if (rc)
			return rc;
		g->reply_ack = pf & SVNIC_VIRTIO_BIT(SVNIC_VU_PROTOCOL_F_REPLY_ACK);
	}
	g->has_pf = has_pf;
	if (g->pairs > 1) {
		uint64_t max_vqs = 0;
		uint64_t mq = SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_MQ) |
			      SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CTRL_VQ);

		if ((offered & mq) != mq || !(pf_offered & SVNIC_VIRTIO_BIT(SVNIC_VU_PROTOCOL_F_MQ))) {
			fail(err, errlen,
			     "vhost-user back-end at '%s' does not offer multiqueue (features 0x%llx, "
			     "protocol features 0x%llx; VIRTIO_NET_F_MQ, CTRL_VQ and the MQ protocol "
			     "feature are needed), which %u queue pairs need: open with one pair, or "
			     "give the VIF more pairs (svnicctl vif create --queues)",
			     g->path, (unsigned long long)offered, (unsigned long long)pf_offered,
			     g->pairs);
			return -ENOTSUP;
		}
		rc = vu_get_u64(g, SVNIC_VU_GET_QUEUE_NUM, &max_vqs, err, errlen);
		if (rc)
			return rc;
		if (max_vqs < g->pairs) {
			fail(err, errlen,
			     "vhost-user back-end at '%s' takes at most %llu queue pairs, not %u",
			     g->path, (unsigned long long)max_vqs, g->pairs);
			return -ENOTSUP;
		}
	}
	n = svnic_vu_encode_empty(buf, sizeof(buf), SVNIC_VU_SET_OWNER, 0);
	rc = vu_send_req(g, buf, n, NULL, 0, err, errlen);
	if (rc)
		return rc;

	if (!(offered & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1))) {
		fail(err, errlen,
		     "vhost-user back-end at '%s' does not offer VIRTIO_F_VERSION_1 (features 0x%llx); "
		     "this driver implements only the virtio 1.x layout: use a back-end that offers it",
		     g->path, (unsigned long long)offered);
		return -ENOTSUP;
	}
	if (g->o.mrg_rxbuf && !(offered & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_MRG_RXBUF))) {
		fail(err, errlen,
		     "vhost-user back-end at '%s' does not offer VIRTIO_NET_F_MRG_RXBUF (features 0x%llx), "
		     "which RX buffers of %u bytes need: use buffers of at least %u bytes without it",
		     g->path, (unsigned long long)offered, g->o.rx_buf_size, MIN_BUF_SIZE);
		return -ENOTSUP;
	}
	if (g->o.ring_reset && !(offered & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_RESET))) {
		fail(err, errlen,
		     "vhost-user back-end at '%s' does not offer VIRTIO_F_RING_RESET (features 0x%llx): "
		     "rings cannot be reset one by one; open without ring_reset",
		     g->path, (unsigned long long)offered);
		return -ENOTSUP;
	}
	acked = offered & (IMPLEMENTED_FEATURES |
			   (g->o.ring_reset ? SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_RESET) : 0) |
			   (g->o.csum_offload ? SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CSUM) |
							SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_GUEST_CSUM)
					      : 0) |
			   (g->o.mrg_rxbuf ? SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_MRG_RXBUF) : 0) |
			   (g->pairs > 1 ? SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_MQ) |
						   SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CTRL_VQ)
					 : 0));
	g->features = acked;
	if (has_pf)
		acked |= SVNIC_VIRTIO_BIT(SVNIC_VU_F_PROTOCOL_FEATURES);
	rc = vu_set_u64(g, SVNIC_VU_SET_FEATURES, acked, err, errlen);
	if (rc)
		return rc;

	struct svnic_vu_region r = {
		.guest_phys_addr = g->gpa,
		.memory_size = g->mem_size,
		.userspace_addr = (uint64_t)(uintptr_t)g->mem,
		.mmap_offset = 0,
	};
	n = svnic_vu_encode_mem_table(buf, sizeof(buf), 0, &r, 1);
	rc = vu_send_req(g, buf, n, &g->mem_fd, 1, err, errlen);
	if (rc)
		return rc;

	for (unsigned i = 0; i < g->nq; i++) {
		rc = ring_setup(g, i, err, errlen);
		if (rc)
			return rc;
	}
	if (has_pf) {
		for (unsigned i = 0; i < g->nq; i++) {
			rc = vu_set_state(g, SVNIC_VU_SET_VRING_ENABLE, i, 1, err,
					  errlen);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* ---- memory and queues ----------------------------------------------- */

/* Where a ring of n entries starting at desc_off puts its parts; returns
 * the end of its area. A smaller ring fits in a larger one's area. */
static size_t ring_place(struct queue *q, size_t desc_off, unsigned n)
{
	q->desc_off = desc_off;
	q->avail_off = desc_off + SVNIC_VRING_DESC_BYTES(n);
	q->used_off = align_up(q->avail_off + SVNIC_VRING_AVAIL_BYTES(n), PAGE);
	return align_up(q->used_off + SVNIC_VRING_USED_BYTES(n), PAGE);
}

static int layout_and_map(struct svnic_guest *g, char *err, size_t errlen)
{
	unsigned n = g->o.queue_size;
	size_t off = 0;

	for (unsigned i = 0; i < g->nq; i++)
		off = ring_place(&g->q[i], off, ring_entries(g, i));
	for (unsigned i = 0; i < 2u * g->pairs; i++) {
		g->q[i].buf_off = off;
		off = align_up(off + (size_t)n * g->o.buf_size, PAGE);
	}
	g->ctrl_off = off;
	off += PAGE;
	g->scratch_off = off;
	off += SCRATCH_SIZE;
	g->mem_size = align_up(off, PAGE);

	g->mem_fd = memfd_create("svnic-guest-mem", MFD_CLOEXEC);
	if (g->mem_fd < 0) {
		fail(err, errlen, "memfd_create for %zu bytes of guest memory: %s",
		     g->mem_size, strerror(errno));
		return -errno;
	}
	if (ftruncate(g->mem_fd, (off_t)g->mem_size) < 0) {
		int e = errno;

		fail(err, errlen, "ftruncate guest memory to %zu bytes: %s",
		     g->mem_size, strerror(e));
		return -e;
	}
	g->mem = mmap(NULL, g->mem_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      g->mem_fd, 0);
	if (g->mem == MAP_FAILED) {
		int e = errno;

		g->mem = NULL;
		fail(err, errlen, "mmap %zu bytes of guest memory: %s",
		     g->mem_size, strerror(e));
		return -e;
	}
	return 0;
}

static int queue_init(struct svnic_guest *g, unsigned i, char *err, size_t errlen)
{
	struct queue *q = &g->q[i];
	unsigned n = ring_entries(g, i);
	int rc;

	q->kick_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	q->call_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (q->kick_fd < 0 || q->call_fd < 0) {
		fail(err, errlen, "eventfd: %s", strerror(errno));
		return -errno;
	}
	q->slot_of = calloc(n, sizeof(*q->slot_of));
	q->len_of = calloc(n, sizeof(*q->len_of));
	q->free_slots = calloc(n, sizeof(*q->free_slots));
	if (!q->slot_of || !q->len_of || !q->free_slots) {
		fail(err, errlen, "out of memory for %u-entry queue state", n);
		return -ENOMEM;
	}
	rc = svnic_vring_split_init(&q->ring, n, g->mem + q->desc_off,
				    g->mem + q->avail_off, g->mem + q->used_off,
				    0);
	if (rc) {
		fail(err, errlen, "ring init (%u entries): %s", n, strerror(-rc));
		return rc;
	}
	svnic_vring_split_set_no_interrupt(&q->ring, g->o.no_interrupt);
	/* Free slots as a stack; TX takes from it, RX posts them all. */
	for (unsigned i = 0; i < n; i++)
		q->free_slots[i] = n - 1 - i;
	q->nfree_slots = n;
	return 0;
}

static void kick_now(struct svnic_guest *g, struct queue *q)
{
	uint64_t one = 1;

	if (write(q->kick_fd, &one, sizeof(one)) == (ssize_t)sizeof(one))
		g->st.kicks++;
}

static void kick(struct svnic_guest *g, struct queue *q)
{
	if (svnic_vring_split_kick_needed(&q->ring))
		kick_now(g, q);
}

static void backend_maybe_poll(struct svnic_guest *g);

/* Post free RX slots of one RX queue; publish and kick once if any were
 * posted. */
static int rx_refill_queue(struct svnic_guest *g, struct queue *q)
{
	unsigned posted = 0;

	for (unsigned i = 0; i < g->o.queue_size && q->nfree_slots; i++) {
		uint32_t slot = q->free_slots[q->nfree_slots - 1];
		size_t off = q->buf_off + (size_t)slot * g->o.buf_size;
		struct svnic_vring_desc d = {
			.addr = gpa_at(g, off),
			.len = g->o.rx_buf_size,
			.flags = SVNIC_VRING_DESC_F_WRITE,
		};
		int head;

		/* A stale header must not pass for the device's. */
		memset(g->mem + off, 0, SVNIC_VIRTIO_NET_HDR_LEN);
		head = svnic_vring_split_add(&q->ring, &d, 1, false);
		if (head < 0)
			break;
		q->nfree_slots--;
		q->slot_of[head] = slot;
		q->inflight++;
		posted++;
	}
	if (posted) {
		svnic_vring_split_publish(&q->ring);
		kick(g, q);
	}
	return (int)posted;
}

static void rx_refill(struct svnic_guest *g)
{
	for (unsigned p = 0; p < g->pairs; p++)
		rx_refill_queue(g, &g->q[rxq(p)]);
}

/* ---- control queue --------------------------------------------------- */

/* How long a control command may wait for the device: with many rings
 * the back-end may still be attaching them when the first command comes. */
#define CTRL_TIMEOUT_MS 30000u
#define CTRL_DATA_OFF 8u           /* in the control page: class, command at 0 */
#define CTRL_ACK_OFF (PAGE - 8u)   /* the ack byte the device writes */

/*
 * One command on the control queue (virtio 1.2 section 5.1.6.5): class and
 * command, then its data, both read by the device, then the ack byte it
 * writes, as three descriptors. Waits until the device returns it, at most
 * CTRL_TIMEOUT_MS. 0 when the device answered OK, -EPROTO when it answered
 * anything else, -ETIMEDOUT, -EIO; a message in err.
 */
static int ctrl_cmd(struct svnic_guest *g, uint8_t class, uint8_t cmd, const void *data,
		    size_t len, char *err, size_t errlen)
{
	struct queue *q = &g->q[2u * g->pairs];
	volatile uint8_t *area = g->mem + g->ctrl_off;
	struct svnic_vring_desc d[3];
	unsigned nd = 0;

	if (g->pairs < 2 || len > CTRL_ACK_OFF - CTRL_DATA_OFF)
		return -EINVAL;
	if (g->broken)
		return -EIO;
	area[0] = class;
	area[1] = cmd;
	memcpy(g->mem + g->ctrl_off + CTRL_DATA_OFF, data, len);
	area[CTRL_ACK_OFF] = 0xff; /* neither OK nor ERR until the device writes it */
	d[nd++] = (struct svnic_vring_desc){ .addr = gpa_at(g, g->ctrl_off), .len = 2 };
	if (len)
		d[nd++] = (struct svnic_vring_desc){ .addr = gpa_at(g, g->ctrl_off + CTRL_DATA_OFF),
						     .len = (uint32_t)len };
	d[nd++] = (struct svnic_vring_desc){ .addr = gpa_at(g, g->ctrl_off + CTRL_ACK_OFF),
					     .len = 1, .flags = SVNIC_VRING_DESC_F_WRITE };
	int head = svnic_vring_split_add(&q->ring, d, nd, false);
	if (head < 0) {
		fail(err, errlen, "control queue full: a command from before never came back");
		return -EIO;
	}
	q->inflight++;
	svnic_vring_split_publish(&q->ring);
	kick(g, q);
	for (unsigned waited = 0; waited < CTRL_TIMEOUT_MS * 1000u; waited += CTRL_POLL_US) {
		uint16_t id;
		uint32_t ulen;
		int rc = svnic_vring_split_get_used(&q->ring, &id, &ulen);

		if (rc == -EAGAIN) {
			usleep(CTRL_POLL_US);
			continue;
		}
		if (rc == 0)
			q->inflight--;
		if (rc || id != (uint16_t)head || ulen < 1) {
			g->broken = true;
			fail(err, errlen, "the device returned a control command it was not given "
					  "(id %u, %u bytes written)", rc ? 0u : id, rc ? 0u : ulen);
			return -EIO;
		}
		if (area[CTRL_ACK_OFF] == SVNIC_VIRTIO_NET_OK)
			return 0;
		fail(err, errlen, "the device refused control command class %u command %u (ack %u)",
		     class, cmd, area[CTRL_ACK_OFF]);
		return -EPROTO;
	}
	fail(err, errlen, "no answer on the control queue of '%s' in %u ms (class %u command %u); "
			  "see the back-end's log", g->path, CTRL_TIMEOUT_MS, class, cmd);
	return -ETIMEDOUT;
}

int svnic_guest_set_pairs(struct svnic_guest *g, unsigned pairs, char *err, size_t errlen)
{
	if (g->pairs < 2 || pairs < 1 || pairs > g->pairs) {
		fail(err, errlen, "%u queue pairs cannot be used: the driver has %u%s", pairs, g->pairs,
		     g->pairs < 2 ? " (open with queue_pairs >= 2 for multiqueue)" : "");
		return -EINVAL;
	}
	uint8_t le[2] = { (uint8_t)pairs, (uint8_t)(pairs >> 8) };
	return ctrl_cmd(g, SVNIC_VIRTIO_NET_CTRL_MQ, SVNIC_VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, le,
			sizeof(le), err, errlen);
}

unsigned svnic_guest_pairs(const struct svnic_guest *g)
{
	return g->pairs;
}

struct svnic_guest *svnic_guest_open(const char *sock_path,
				     const struct svnic_guest_opts *opts,
				     char *err, size_t errlen)
{
	struct svnic_guest *g;
	int rc;

	if (err && errlen)
		err[0] = '\0';
	if (!sock_path) {
		fail(err, errlen, "svnic_guest_open: no socket path given");
		errno = EINVAL;
		return NULL;
	}
	g = calloc(1, sizeof(*g));
	if (!g) {
		fail(err, errlen, "svnic_guest_open: out of memory");
		errno = ENOMEM;
		return NULL;
	}
	g->sock = -1;
	g->mem_fd = -1;
	for (unsigned i = 0; i < MAX_VQS; i++)
		g->q[i].kick_fd = g->q[i].call_fd = -1;

	svnic_guest_opts_init(&g->o);
	if (opts) {
		g->o = *opts;
		if (!g->o.queue_size)
			g->o.queue_size = DEFAULT_QUEUE_SIZE;
		if (!g->o.buf_size)
			g->o.buf_size = DEFAULT_BUF_SIZE;
		if (!g->o.reply_timeout_ms)
			g->o.reply_timeout_ms = DEFAULT_REPLY_TIMEOUT_MS;
		if (!g->o.guest_phys_base)
			g->o.guest_phys_base = DEFAULT_GPA_BASE;
		static const uint8_t zero[6];

		if (!memcmp(g->o.mac, zero, 6)) {
			g->o.mac[0] = 0x02;
			g->o.mac[5] = 0x01;
		}
	}
	rc = -EINVAL;
	if (g->o.queue_size < 2 || g->o.queue_size > SVNIC_VIRTQ_MAX_SIZE ||
	    (g->o.queue_size & (g->o.queue_size - 1))) {
		fail(err, errlen,
		     "queue size %u is invalid: split rings need a power of two in 2..%u",
		     g->o.queue_size, SVNIC_VIRTQ_MAX_SIZE);
		goto out;
	}
	if (g->o.buf_size < MIN_BUF_SIZE || g->o.buf_size > MAX_BUF_SIZE) {
		fail(err, errlen,
		     "buffer size %u is invalid: it must hold the %u-byte header and a %u-byte frame (%u..%u)",
		     g->o.buf_size, SVNIC_VIRTIO_NET_HDR_LEN, SVNIC_ETH_MAX_FRAME,
		     MIN_BUF_SIZE, MAX_BUF_SIZE);
		goto out;
	}
	if (!g->o.rx_buf_size || !g->o.mrg_rxbuf)
		g->o.rx_buf_size = g->o.buf_size;
	if (g->o.rx_buf_size < MIN_MRG_BUF_SIZE || g->o.rx_buf_size > g->o.buf_size) {
		fail(err, errlen, "RX buffer size %u is invalid: with mergeable RX buffers it must be %u..%u "
				  "(the buffer size)",
		     g->o.rx_buf_size, MIN_MRG_BUF_SIZE, g->o.buf_size);
		goto out;
	}
	if (g->o.tx_layout != SVNIC_GUEST_TX_HDR_INLINE &&
	    g->o.tx_layout != SVNIC_GUEST_TX_HDR_SEPARATE) {
		fail(err, errlen, "unknown TX layout %d", (int)g->o.tx_layout);
		goto out;
	}
	if (g->o.queue_pairs > SVNIC_GUEST_MAX_PAIRS) {
		fail(err, errlen, "%u queue pairs is invalid: 1..%u", g->o.queue_pairs,
		     SVNIC_GUEST_MAX_PAIRS);
		goto out;
	}
	g->pairs = g->o.queue_pairs > 1 ? g->o.queue_pairs : 1;
	g->nq = g->pairs > 1 ? 2u * g->pairs + 1u : 2u;
	if (g->o.guest_phys_base % PAGE) {
		fail(err, errlen, "guest-physical base 0x%llx is not page aligned",
		     (unsigned long long)g->o.guest_phys_base);
		goto out;
	}
	g->gpa = g->o.guest_phys_base;
	g->reply_timeout_ms = g->o.reply_timeout_ms;
	snprintf(g->path, sizeof(g->path), "%s", sock_path);

	rc = layout_and_map(g, err, errlen);
	for (unsigned i = 0; !rc && i < g->nq; i++)
		rc = queue_init(g, i, err, errlen);
	if (rc)
		goto out;
	/* Buffers are posted before the device starts: it sees a full ring. */
	rx_refill(g);

	rc = svnic_vu_connect(sock_path, g->o.connect_timeout_ms, &g->sock, err,
			      errlen);
	if (rc)
		goto out;
	rc = handshake(g, err, errlen);
	if (rc)
		goto out;
	/* Let the device see the buffers posted before it was ready. */
	for (unsigned p = 0; p < g->pairs; p++)
		kick(g, &g->q[rxq(p)]);
	/* With multiqueue a device uses one pair until told otherwise
	 * (virtio 1.2 section 5.1.6.5.5): all of them. A back-end may start
	 * the device only as it reads the message after the one that made it
	 * ready (rte_vhost 22.11 does): one round trip first. */
	if (g->pairs > 1) {
		uint64_t f;

		rc = vu_get_u64(g, SVNIC_VU_GET_FEATURES, &f, err, errlen);
		if (!rc)
			rc = svnic_guest_set_pairs(g, g->pairs, err, errlen);
		if (rc)
			goto out;
	}
	return g;
out:
	svnic_guest_close(g);
	errno = rc < 0 ? -rc : EIO;
	return NULL;
}

void svnic_guest_close(struct svnic_guest *g)
{
	if (!g)
		return;
	if (g->sock >= 0)
		close(g->sock);
	for (unsigned i = 0; i < MAX_VQS; i++) {
		struct queue *q = &g->q[i];

		if (q->kick_fd >= 0)
			close(q->kick_fd);
		if (q->call_fd >= 0)
			close(q->call_fd);
		svnic_vring_split_fini(&q->ring);
		free(q->slot_of);
		free(q->len_of);
		free(q->free_slots);
	}
	if (g->mem)
		munmap(g->mem, g->mem_size);
	if (g->mem_fd >= 0)
		close(g->mem_fd);
	free(g);
}

/* ---- ring reset -------------------------------------------------------- */

/* GET_VRING_BASE: stops the ring in the back-end, which answers where it
 * stopped (a state: the ring index, then the base). */
static int vu_get_vring_base(struct svnic_guest *g, unsigned i, uint32_t *base, char *err,
			     size_t errlen)
{
	uint8_t buf[SVNIC_VU_MAX_MSG];
	char why[160];
	uint64_t v;
	size_t n = svnic_vu_encode_state(buf, sizeof(buf), SVNIC_VU_GET_VRING_BASE, 0, i, 0);
	int rc = svnic_vu_send(g->sock, buf, n, NULL, 0);

	if (!rc)
		rc = svnic_vu_recv(g->sock, g->reply_timeout_ms, buf, sizeof(buf), &n, why, sizeof(why));
	else
		snprintf(why, sizeof(why), "%s", strerror(-rc));
	if (!rc)
		rc = svnic_vu_decode_u64_reply(buf, n, SVNIC_VU_GET_VRING_BASE, &v, why, sizeof(why));
	if (!rc && (uint32_t)v != i) {
		snprintf(why, sizeof(why), "the reply names ring %u", (uint32_t)v);
		rc = -EPROTO;
	}
	if (rc) {
		fail(err, errlen, "vhost-user GET_VRING_BASE of ring %u to '%s': %s; see the back-end's log", i,
		     g->path, why);
		return rc;
	}
	*base = (uint32_t)(v >> 32);
	return 0;
}

int svnic_guest_ring_reset(struct svnic_guest *g, unsigned queue, unsigned size, char *err,
			   size_t errlen)
{
	struct queue *q;
	uint32_t base;
	int rc;

	if (queue >= 2u * g->pairs || (size && (size < 2 || size > g->o.queue_size || (size & (size - 1))))) {
		fail(err, errlen, "ring %u of %u entries cannot be set up: rings 0..%u (2p RX, 2p + 1 TX), "
				  "sizes a power of two in 2..%u",
		     queue, size, 2u * g->pairs - 1u, g->o.queue_size);
		return -EINVAL;
	}
	if (!(g->features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_RESET)) || !g->has_pf) {
		fail(err, errlen, "VIRTIO_F_RING_RESET was not negotiated with '%s' (open with "
				  "ring_reset, and a back-end that speaks protocol features)",
		     g->path);
		return -ENOTSUP;
	}
	if (g->broken || g->sock < 0)
		return -EIO;
	q = &g->q[queue];
	if (!size)
		size = q->ring.size;
	/* Stop it: the device takes no more from it, and says where it was. */
	rc = vu_set_state(g, SVNIC_VU_SET_VRING_ENABLE, queue, 0, err, errlen);
	if (!rc)
		rc = vu_get_vring_base(g, queue, &base, err, errlen);
	if (rc)
		return rc;
	/* What the device finished counts; what it had not, the reset drops. */
	if (queue & 1u) {
		svnic_guest_tx_reclaim(g);
		g->st.tx_reset_dropped += q->inflight;
	} else {
		int pending = svnic_vring_split_pending(&q->ring);

		g->st.rx_reset_dropped += pending > 0 ? (unsigned)pending : 0u;
	}
	/* The ring as new, from index 0, in the same area. */
	svnic_vring_split_fini(&q->ring);
	ring_place(q, q->desc_off, size);
	rc = svnic_vring_split_init(&q->ring, size, g->mem + q->desc_off, g->mem + q->avail_off,
				    g->mem + q->used_off, 0);
	if (rc) {
		g->broken = true;
		fail(err, errlen, "ring %u init (%u entries): %s", queue, size, strerror(-rc));
		return rc;
	}
	svnic_vring_split_set_no_interrupt(&q->ring, g->o.no_interrupt);
	for (unsigned i = 0; i < size; i++)
		q->free_slots[i] = size - 1 - i;
	q->nfree_slots = size;
	q->inflight = 0;
	if (!(queue & 1u))
		rx_refill_queue(g, q); /* posted before the device sees the ring */
	rc = ring_setup(g, queue, err, errlen);
	if (!rc)
		rc = vu_set_state(g, SVNIC_VU_SET_VRING_ENABLE, queue, 1, err, errlen);
	/* A back-end may start the device only as it reads the message after
	 * the one that made it ready (rte_vhost 22.11 does): one round trip,
	 * so that the rings are served again when this returns. */
	if (!rc) {
		uint64_t f;

		rc = vu_get_u64(g, SVNIC_VU_GET_FEATURES, &f, err, errlen);
	}
	if (rc)
		return rc;
	g->st.ring_resets++;
	kick_now(g, q);
	return 0;
}

unsigned svnic_guest_ring_size(const struct svnic_guest *g, unsigned queue)
{
	return queue < 2u * g->pairs ? g->q[queue].ring.size : 0;
}

/* ---- data path ------------------------------------------------------- */

static int tx_reclaim_queue(struct svnic_guest *g, struct queue *q)
{
	int done = 0;

	for (unsigned i = 0; i < g->o.queue_size; i++) {
		uint16_t head;
		uint32_t len;
		int rc = svnic_vring_split_get_used(&q->ring, &head, &len);

		if (rc == -EAGAIN)
			break;
		if (rc == -EIO) {
			if (svnic_vring_split_pending(&q->ring) < 0) {
				g->broken = true;
				break;
			}
			g->st.tx_bad++;
			continue;
		}
		q->inflight--;
		if (q->slot_of[head] != NO_SLOT)
			q->free_slots[q->nfree_slots++] = q->slot_of[head];
		g->st.tx_frames++;
		g->st.tx_bytes += q->len_of[head];
		done++;
	}
	return done;
}

int svnic_guest_tx_reclaim(struct svnic_guest *g)
{
	int done = 0;

	for (unsigned p = 0; p < g->pairs; p++)
		done += tx_reclaim_queue(g, &g->q[txq(p)]);
	return done;
}

unsigned svnic_guest_tx_inflight(const struct svnic_guest *g)
{
	unsigned n = 0;

	for (unsigned p = 0; p < g->pairs; p++)
		n += g->q[txq(p)].inflight;
	return n;
}

static int send_hdr(struct svnic_guest *g, unsigned pair, const void *frame, size_t len,
		    const struct svnic_virtio_net_hdr *hdr);

int svnic_guest_send(struct svnic_guest *g, const void *frame, size_t len)
{
	return send_hdr(g, 0, frame, len, NULL);
}

int svnic_guest_send_on(struct svnic_guest *g, unsigned pair, const void *frame, size_t len)
{
	if (pair >= g->pairs)
		return -EINVAL;
	return send_hdr(g, pair, frame, len, NULL);
}

int svnic_guest_send_csum(struct svnic_guest *g, const void *frame, size_t len,
			  uint16_t csum_start, uint16_t csum_offset)
{
	struct svnic_virtio_net_hdr h;

	if (!(g->features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CSUM)))
		return -ENOTSUP;
	memset(&h, 0, sizeof(h));
	h.flags = SVNIC_VIRTIO_NET_HDR_F_NEEDS_CSUM;
	h.csum_start = htole16(csum_start);
	h.csum_offset = htole16(csum_offset);
	return send_hdr(g, 0, frame, len, &h);
}

static int send_hdr(struct svnic_guest *g, unsigned pair, const void *frame, size_t len,
		    const struct svnic_virtio_net_hdr *hdr)
{
	struct queue *q = &g->q[txq(pair)];
	struct svnic_vring_desc d[2];
	unsigned nd;
	uint32_t slot;
	size_t off;
	int head;

	if (!frame || len < SVNIC_ETH_MIN_FRAME || len > SVNIC_ETH_MAX_FRAME)
		return -EINVAL;
	if (g->broken)
		return -EIO;
	backend_maybe_poll(g);
	tx_reclaim_queue(g, q);
	nd = g->o.tx_layout == SVNIC_GUEST_TX_HDR_SEPARATE ? 2 : 1;
	if (q->nfree_slots == 0 || svnic_vring_split_num_free(&q->ring) < nd)
		return -EAGAIN;

	slot = q->free_slots[q->nfree_slots - 1];
	off = q->buf_off + (size_t)slot * g->o.buf_size;
	memset(g->mem + off, 0, SVNIC_VIRTIO_NET_HDR_LEN);
	if (hdr)
		memcpy(g->mem + off, hdr, SVNIC_VIRTIO_NET_HDR_LEN);
	if (nd == 1) {
		memcpy(g->mem + off + SVNIC_VIRTIO_NET_HDR_LEN, frame, len);
		d[0] = (struct svnic_vring_desc){
			.addr = gpa_at(g, off),
			.len = (uint32_t)(SVNIC_VIRTIO_NET_HDR_LEN + len),
		};
	} else {
		memcpy(g->mem + off + TX_SEP_FRAME_OFF, frame, len);
		d[0] = (struct svnic_vring_desc){
			.addr = gpa_at(g, off), .len = SVNIC_VIRTIO_NET_HDR_LEN,
		};
		d[1] = (struct svnic_vring_desc){
			.addr = gpa_at(g, off + TX_SEP_FRAME_OFF),
			.len = (uint32_t)len,
		};
	}
	head = svnic_vring_split_add(&q->ring, d, nd, false);
	if (head < 0)
		return head;
	q->nfree_slots--;
	q->slot_of[head] = slot;
	q->len_of[head] = (uint32_t)len;
	q->inflight++;
	svnic_vring_split_publish(&q->ring);
	kick(g, q);
	return 0;
}

int svnic_guest_post_raw_tx(struct svnic_guest *g,
			    const struct svnic_vring_desc *descs, unsigned n)
{
	struct queue *q = &g->q[txq(0)];
	int head;

	if (!descs || n == 0 || n > RAW_TX_MAX)
		return -EINVAL;
	svnic_guest_tx_reclaim(g);
	head = svnic_vring_split_add(&q->ring, descs, n, true);
	if (head < 0)
		return head;
	q->slot_of[head] = NO_SLOT;
	q->len_of[head] = 0;
	q->inflight++;
	svnic_vring_split_publish(&q->ring);
	kick(g, q);
	return head;
}

static bool mrg_rxbuf(const struct svnic_guest *g)
{
	return (g->features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_MRG_RXBUF)) != 0;
}

/* The RX buffers a frame's header says it takes (1 without MRG_RXBUF); 0
 * for a header this driver must refuse. */
static unsigned rx_hdr_bufs(const struct svnic_guest *g, const struct svnic_virtio_net_hdr *h)
{
	/* A checksum to complete only with GUEST_CSUM; never GSO. */
	if ((h->flags & SVNIC_VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
	    !(g->features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_GUEST_CSUM)))
		return 0;
	if (h->flags & ~(SVNIC_VIRTIO_NET_HDR_F_NEEDS_CSUM | SVNIC_VIRTIO_NET_HDR_F_DATA_VALID))
		return 0;
	if (h->gso_type != 0)
		return 0;
	unsigned n = le16toh(h->num_buffers);
	if (!mrg_rxbuf(g))
		return n > 1 ? 0 : 1; /* 1 (or left 0) */
	/* virtio 1.2 5.1.6.4: the used entries this frame took. */
	return n >= 1 && n <= g->o.queue_size ? n : 0;
}

/* The next RX used entry: its buffer (now free again) and length. */
static int rx_next_used(struct svnic_guest *g, struct queue *q, size_t *off, uint32_t *ulen)
{
	uint16_t head;
	int rc = svnic_vring_split_get_used(&q->ring, &head, ulen);

	if (rc == -EIO && svnic_vring_split_pending(&q->ring) < 0) {
		g->broken = true;
		return -EIO;
	}
	if (rc)
		return rc == -EIO ? -EBADMSG : rc;
	q->inflight--;
	uint32_t slot = q->slot_of[head];
	q->free_slots[q->nfree_slots++] = slot;
	*off = q->buf_off + (size_t)slot * g->o.buf_size;
	return 0;
}

/*
 * Take one frame from the used ring: 0 with its length in *flen (the
 * bytes joined into buf up to cap), -EAGAIN, -EIO, -EBADMSG (dropped:
 * counted in rx_bad), -EMSGSIZE (longer than cap).
 */
static bool complete_csum(uint8_t *f, size_t len, unsigned start, unsigned offset);

static int rx_frame(struct svnic_guest *g, struct queue *q, uint8_t *buf, size_t cap,
		    size_t *flen, unsigned *nbufs_out, uint8_t *flags)
{
	struct svnic_virtio_net_hdr h;
	size_t off;
	uint32_t ulen;
	int rc = rx_next_used(g, q, &off, &ulen);

	if (rc)
		return rc;
	if (ulen < SVNIC_VIRTIO_NET_HDR_LEN || ulen > g->o.rx_buf_size)
		return -EBADMSG;
	memcpy(&h, g->mem + off, sizeof(h));
	unsigned nbufs = rx_hdr_bufs(g, &h);
	if (nbufs == 0)
		return -EBADMSG;
	size_t len = 0;
	bool fits = true;
	/* The frame's first buffer, past the header, then the others in the
	 * order they were used; the device published them together. */
	for (unsigned i = 0; i < nbufs; i++) {
		size_t skip = i == 0 ? SVNIC_VIRTIO_NET_HDR_LEN : 0;
		if (i > 0) {
			rc = rx_next_used(g, q, &off, &ulen);
			if (rc == -EAGAIN)
				return -EBADMSG; /* fewer used entries than num_buffers */
			if (rc)
				return rc;
			if (ulen == 0 || ulen > g->o.rx_buf_size)
				return -EBADMSG;
		}
		size_t n = ulen - skip;
		if (len + n > cap)
			fits = false;
		else
			memcpy(buf + len, g->mem + off + skip, n);
		len += n;
	}
	if (len < SVNIC_ETH_MIN_FRAME || len > SVNIC_ETH_MAX_FRAME)
		return -EBADMSG;
	if (fits && (h.flags & SVNIC_VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
	    !complete_csum(buf, len, le16toh(h.csum_start), le16toh(h.csum_offset)))
		return -EBADMSG;
	*flen = len;
	*nbufs_out = nbufs;
	*flags = h.flags & SVNIC_VIRTIO_NET_HDR_F_DATA_VALID;
	return fits ? 0 : -EMSGSIZE;
}

/* Complete a partial checksum in place (NEEDS_CSUM): false if the field
 * is not inside the frame. */
static bool complete_csum(uint8_t *f, size_t len, unsigned start, unsigned offset)
{
	uint64_t s = 0;

	if ((size_t)start + offset + 2 > len)
		return false;
	for (size_t i = start; i + 1 < len; i += 2)
		s += (uint64_t)f[i] << 8 | f[i + 1];
	if ((len - start) & 1)
		s += (uint64_t)f[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	uint16_t c = (uint16_t)~s;
	if (c == 0)
		c = 0xffff;
	f[start + offset] = (uint8_t)(c >> 8);
	f[start + offset + 1] = (uint8_t)c;
	return true;
}

int svnic_guest_recv(struct svnic_guest *g, void *buf, size_t cap,
		     size_t *len)
{
	uint8_t flags;

	return svnic_guest_recv_flags(g, buf, cap, len, &flags);
}

int svnic_guest_recv_flags(struct svnic_guest *g, void *buf, size_t cap,
			   size_t *len, uint8_t *flags)
{
	return svnic_guest_recv_on(g, buf, cap, len, flags, NULL);
}

/* One RX queue: as svnic_guest_recv_flags. */
static int recv_queue(struct svnic_guest *g, struct queue *q, void *buf, size_t cap, size_t *len,
		      uint8_t *flags)
{
	int ret = -EAGAIN;

	/* Bounded: at most one pass over the ring per call. */
	for (unsigned i = 0; i < g->o.queue_size && ret == -EAGAIN; i++) {
		size_t flen = 0;
		unsigned nbufs = 0;
		uint8_t fl = 0;
		int rc = rx_frame(g, q, buf, cap, &flen, &nbufs, &fl);

		if (rc == -EAGAIN)
			break;
		if (rc == -EIO) {
			ret = -EIO;
			break;
		}
		if (rc == -EBADMSG) {
			g->st.rx_bad++;
			continue;
		}
		g->st.rx_frames++;
		g->st.rx_bytes += flen;
		g->st.rx_multi += nbufs > 1;
		if (rc == -EMSGSIZE) {
			ret = -EMSGSIZE;
			break;
		}
		*len = flen;
		*flags = fl;
		ret = 0;
	}
	rx_refill_queue(g, q);
	return ret;
}

int svnic_guest_recv_on(struct svnic_guest *g, void *buf, size_t cap, size_t *len,
			uint8_t *flags, unsigned *pair)
{
	uint8_t fl;
	int ret = -EAGAIN;

	if (g->broken)
		return -EIO;
	backend_maybe_poll(g);
	/* The pairs in turn, from the one after the last frame's: one busy
	 * queue does not hide the others. */
	for (unsigned i = 0; i < g->pairs && ret == -EAGAIN; i++) {
		unsigned p = (g->rx_next + i) % g->pairs;

		ret = recv_queue(g, &g->q[rxq(p)], buf, cap, len, flags ? flags : &fl);
		if (ret != -EAGAIN) {
			g->rx_next = (p + 1u) % g->pairs;
			if (pair)
				*pair = p;
		}
	}
	return ret;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool work_waiting(struct svnic_guest *g)
{
	for (unsigned p = 0; p < g->pairs; p++)
		if (svnic_vring_split_pending(&g->q[rxq(p)].ring) != 0)
			return true;
	return false;
}

/* ---- back-end loss and reconnection ---------------------------------- */

/* True when the back-end closed its end (or the socket failed). */
static bool backend_gone(int sock)
{
	struct pollfd p = { .fd = sock, .events = POLLIN };
	char c;
	ssize_t n;

	if (poll(&p, 1, 0) <= 0)
		return false;
	if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
		return true;
	/* A back-end sends nothing unasked on this channel: readable means
	 * end of file, or a message nobody waits for, which is left alone. */
	n = recv(sock, &c, 1, MSG_PEEK | MSG_DONTWAIT);
	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
			  errno != EINTR);
}

/*
 * Connect once and replay the session. The device (the card behind the
 * back-end) may have kept serving the rings or may have stopped: either way
 * the ring base is its progress as the used ring shows it, and a kick on
 * both queues makes it look at entries posted while nobody listened.
 */
static int backend_reconnect(struct svnic_guest *g)
{
	char err[256];
	int rc;

	rc = svnic_vu_connect(g->path, 0, &g->sock, err, sizeof(err));
	if (rc)
		return rc;
	g->reply_ack = false; /* negotiated again */
	rc = handshake(g, err, sizeof(err));
	if (rc) {
		close(g->sock);
		g->sock = -1;
		return rc;
	}
	for (unsigned i = 0; i < g->nq; i++)
		kick_now(g, &g->q[i]);
	g->st.reconnects++;
	return 0;
}

int svnic_guest_backend_poll(struct svnic_guest *g)
{
	if (!g->o.reconnect)
		return 1;
	g->next_backend_check_ms = now_ms() + BACKEND_RETRY_MS;
	if (g->sock >= 0 && backend_gone(g->sock)) {
		close(g->sock);
		g->sock = -1;
		g->st.disconnects++;
	}
	if (g->sock < 0 && backend_reconnect(g) != 0)
		return 0;
	return 1;
}

static void backend_maybe_poll(struct svnic_guest *g)
{
	if (g->o.reconnect && now_ms() >= g->next_backend_check_ms)
		svnic_guest_backend_poll(g);
}

int svnic_guest_wait(struct svnic_guest *g, int timeout_ms)
{
	struct pollfd pfd[MAX_VQS];
	long deadline;
	int woke = 0;

	if (g->broken)
		return -EIO;
	backend_maybe_poll(g);
	svnic_guest_tx_reclaim(g);
	if (work_waiting(g))
		return 1;
	if (g->o.no_interrupt && (timeout_ms < 0 || timeout_ms > 1000))
		timeout_ms = 1000;
	deadline = now_ms() + (timeout_ms < 0 ? 0 : timeout_ms);

	/* Without interrupts, poll the ring every millisecond. */
	for (unsigned iter = 0; iter < 100000; iter++) {
		int slice = -1, prc;

		if (timeout_ms >= 0) {
			long left = deadline - now_ms();

			slice = left < 0 ? 0 : (int)left;
		}
		if (g->o.no_interrupt && (slice < 0 || slice > 1))
			slice = 1;
		/* Keep looking at the back-end while blocked. */
		if (g->o.reconnect && (slice < 0 || slice > BACKEND_RETRY_MS))
			slice = BACKEND_RETRY_MS;
		for (unsigned i = 0; i < g->nq; i++)
			pfd[i] = (struct pollfd){ .fd = g->q[i].call_fd,
						  .events = POLLIN };
		prc = poll(pfd, g->nq, slice);
		if (prc < 0 && errno != EINTR)
			return -errno;
		for (unsigned i = 0; prc > 0 && i < g->nq; i++) {
			uint64_t v;

			if ((pfd[i].revents & POLLIN) &&
			    read(g->q[i].call_fd, &v, sizeof(v)) == sizeof(v)) {
				g->st.interrupts++;
				woke = 1;
			}
		}
		backend_maybe_poll(g);
		svnic_guest_tx_reclaim(g);
		if (woke || work_waiting(g))
			return 1;
		if (timeout_ms >= 0 && now_ms() >= deadline)
			return 0;
	}
	return 0;
}

/* ---- accessors ------------------------------------------------------- */

void svnic_guest_get_stats(const struct svnic_guest *g,
			   struct svnic_guest_stats *st)
{
	*st = g->st;
}

void svnic_guest_mac(const struct svnic_guest *g, uint8_t mac[6])
{
	memcpy(mac, g->o.mac, 6);
}

uint64_t svnic_guest_features(const struct svnic_guest *g)
{
	return g->features;
}

uint64_t svnic_guest_mem_gpa(const struct svnic_guest *g)
{
	return g->gpa;
}

size_t svnic_guest_mem_size(const struct svnic_guest *g)
{
	return g->mem_size;
}

void *svnic_guest_mem_ptr(const struct svnic_guest *g)
{
	return g->mem;
}

uint64_t svnic_guest_gpa_of(const struct svnic_guest *g, const void *p)
{
	const uint8_t *b = p;

	if (!p || b < g->mem || b >= g->mem + g->mem_size)
		return 0;
	return g->gpa + (uint64_t)(b - g->mem);
}

void *svnic_guest_scratch(const struct svnic_guest *g)
{
	return g->mem + g->scratch_off;
}

size_t svnic_guest_scratch_size(const struct svnic_guest *g)
{
	(void)g;
	return SCRATCH_SIZE;
}
