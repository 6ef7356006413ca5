/* SPDX-License-Identifier: MIT */
/*
 * svnicd: connects vhost-user front-ends (QEMU, DPDK virtio-user, svnic's
 * guest driver) to VIFs of an svnic card, one vhost-user server socket per
 * VIF, with DPDK's rte_vhost.
 *
 * It turns the vhost-user session into card programming, as a vDPA driver
 * would: the memory table becomes DMA windows of the VIF, the vrings become
 * QUEUE_ATTACH commands, kick eventfds become doorbell ioeventfds and call
 * eventfds the card's interrupts. Packets never pass through svnicd: it
 * never polls or touches a ring.
 *
 * Restarts (RESTART.md has the whole story): the card, not svnicd, holds
 * the state of a running VIF. When a front-end connects and the card still
 * serves that VIF's queues (svnicd was killed, or stopped with
 * --on-exit keep), svnicd stops them with QUEUE_DETACH, which tells exactly
 * where the card got to, and attaches them again from there.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <linux/virtio_ring.h>

#include <rte_eal.h>
#include <rte_vhost.h>

#include "svnic/libsvnic.h"
#include "svnic/mbox.h"
#include "svnic/virtio.h"
#include "config_irq.h"
#include "dev_status.h"
#include "vhost_map.h"

#define SVNICD_MAX_PORTS 64
#define SVNICD_MAX_REGIONS 32 /* rte_vhost takes at most 8 */
/* Queues of a VIF: its pairs (RX 2p, TX 2p + 1) and the control queue
 * after them (virtio 1.2 section 5.1.2), at most SVNIC_MAX_QUEUE_PAIRS. */
#define SVNICD_QUEUES (2 * SVNIC_MAX_QUEUE_PAIRS + 1)
#define SVNICD_DATA_QUEUES 2  /* RX and TX: what every front-end sets up */
#define SVNICD_CTRLQ 2        /* virtio-net's control queue with one queue pair */
#define SVNICD_MQ_FEATURES SVNIC_MBOX_VIF_MQ_FEATURES
#define SVNICD_MAX_EAL_ARGS 64
/* A VIF's MTU is the card's largest frame (CARD_INFO max_frame) less the
 * Ethernet header and one VLAN tag; VIFs have no MTU setting of their own.
 * virtio-net's MTU field is 16 bits and at least 68 (RFC 791). */
#define SVNICD_FRAME_OVERHEAD 18u
#define SVNICD_MTU_MIN 68u
#define SVNICD_MTU_MAX 65535u

/*
 * Features that live in the front-end's config space, not in the card's
 * datapath: MTU (the config's mtu field) and STATUS (its link-state field;
 * a vhost-user back-end has no config space, the front-end reports the link
 * and QEMU takes it down itself when its back-end goes away). Offered, but
 * never passed to the card.
 */
#define SVNICD_CONFIG_FEATURES                                     \
	((1ull << VIRTIO_NET_F_MTU) |                               \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_STATUS))

/*
 * The device features are the card's: its firmware reports the ones it
 * implements in CARD_INFO (the list VIF_SET_FEATURES checks against, so
 * there is one), including the control queue's only when it serves one.
 * svnicd adds the config-space features above and takes from rte_vhost
 * only the vhost-user protocol feature bit it needs.
 */
#define SVNICD_VHOST_FEATURES (SVNICD_CONFIG_FEATURES | (1ull << VHOST_USER_F_PROTOCOL_FEATURES))

/* Features that require the control queue (virtio 1.2, 5.1.3.1), withheld
 * when svnicd cannot serve one. */
#define SVNICD_NEEDS_CTRLQ                                         \
	(SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CTRL_VQ) |             \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CTRL_RX) |             \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CTRL_VLAN) |           \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CTRL_RX_EXTRA) |       \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_GUEST_ANNOUNCE) |      \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_MQ) |                  \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CTRL_MAC_ADDR))

/* Protocol features rte_vhost offers that svnicd withholds from a VIF of
 * one queue pair: MQ, with the MQ features, so that nothing changes for
 * it. A VIF created with more pairs is offered both; rte_vhost 22.11
 * answers GET_QUEUE_NUM with its own limit, so svnicd refuses the rings of
 * pairs beyond the VIF's (logged) instead. */
#define SVNICD_NO_PROTOCOL_FEATURES (1ull << VHOST_USER_PROTOCOL_F_MQ)

/*
 * What svnicd leaves on the card when it stops (SIGINT/SIGTERM). A front-end
 * disconnecting while svnicd runs always gets a full teardown.
 */
enum svnicd_on_exit {
	/* Stop TX queues, leave RX queues and windows to the card (default).
	 * TX must stop before the front-end learns that svnicd is gone: QEMU
	 * then completes (drops) the TX ring's pending entries itself, and two
	 * devices completing one ring corrupt it. RX is safe to keep: no
	 * front-end touches its RX ring while its back-end is away, and the
	 * card keeps accepting frames for the guest instead of dropping them. */
	SVNICD_EXIT_STOP_TX,
	/* Leave everything served: traffic flows on while svnicd is away. */
	SVNICD_EXIT_KEEP,
	/* Stop every queue and unmap guest memory. */
	SVNICD_EXIT_DETACH,
};

/* One VIF served on one vhost-user socket. */
struct svnicd_port {
	uint32_t vif;
	char path[108];
	bool registered;
	bool running; /* new_device done, card programmed */
	int vid;
	unsigned nregions;
	struct svnicd_region regions[SVNICD_MAX_REGIONS];
	uint64_t attached; /* bit per queue attached on the card */
	uint32_t queue_pairs; /* the VIF's, from the card (VIF_QUERY_QUEUES) */
	/* Rings the front-end enabled (SET_VRING_ENABLE), seen before
	 * new_device too, for connection enabled_vid. */
	uint64_t enabled;
	int enabled_vid;
	/* Queues found still served by the card when the front-end connected,
	 * and where the card had got to (QUEUE_DETACH's answer). */
	uint64_t taken_over;
	uint16_t card_avail[SVNICD_QUEUES], card_used[SVNICD_QUEUES];
	uint64_t config_irqs; /* configuration-change interrupts of the VIF */
};

/* All of svnicd's state; rte_vhost callbacks only get a vid, hence one
 * static instance. */
struct svnicd_ctx {
	pthread_mutex_t lock; /* ports[] and the card programming sequences */
	struct svnic *card;
	uint32_t vif_mtu; /* largest MTU a front-end may set, from the card */
	bool client;    /* connect to the front-ends' sockets */
	bool ctrlq;     /* the card's firmware serves a control queue */
	uint64_t card_features; /* virtio features the card's firmware implements */
	enum svnicd_on_exit on_exit;
	bool exiting;   /* shutting down: destroy_device honours on_exit */
	unsigned nports;
	struct svnicd_port ports[SVNICD_MAX_PORTS];
	struct config_irq cfg_irq;
};

static struct svnicd_ctx svnicd = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void logmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("svnicd: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/*
 * The virtio features of the device: what vhost-user negotiated, less the
 * bits that belong to the vhost-user protocol itself (protocol features,
 * dirty logging), which the card never sees.
 */
static uint64_t device_features(uint64_t negotiated)
{
	uint64_t f = negotiated & ~((1ull << VHOST_USER_F_PROTOCOL_FEATURES) |
				    (1ull << VHOST_F_LOG_ALL) | SVNICD_CONFIG_FEATURES);
	/* A front-end that keeps the control queue to itself (DPDK's
	 * virtio-user with cq=1 negotiates CTRL_RX and the like with its
	 * driver but not CTRL_VQ with us) serves those commands: the card
	 * never sees them. MQ stays: the card steers over the rings the
	 * front-end enables. */
	if (!(f & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CTRL_VQ)))
		f &= ~(SVNICD_NEEDS_CTRLQ & ~SVNICD_MQ_FEATURES);
	return f;
}

/* Pairs a driver with these features may use on the port's VIF. */
static uint32_t port_pairs(const struct svnicd_port *p, uint64_t features)
{
	return (features & SVNICD_MQ_FEATURES) ? p->queue_pairs : 1u;
}

/* The control queue's index for a driver with these features, or
 * SVNICD_QUEUES when it has none on the card. */
static uint32_t ctrl_queue(const struct svnicd_port *p, uint64_t features)
{
	if (!(features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CTRL_VQ)))
		return SVNICD_QUEUES;
	return 2u * port_pairs(p, features);
}

/* Does the card serve queue q for a driver with these features? */
static bool served_queue(const struct svnicd_port *p, uint64_t features, uint32_t q)
{
	return q < 2u * port_pairs(p, features) || q == ctrl_queue(p, features);
}

static uint64_t qbit(uint32_t q)
{
	return 1ull << q;
}

/* ---- Port lookup (svnicd.lock held) ---- */

static struct svnicd_port *port_by_vid(int vid)
{
	for (unsigned i = 0; i < svnicd.nports; i++)
		if (svnicd.ports[i].running && svnicd.ports[i].vid == vid)
			return &svnicd.ports[i];
	return NULL;
}

static struct svnicd_port *port_by_ifname(int vid)
{
	char name[PATH_MAX];

	if (rte_vhost_get_ifname(vid, name, sizeof(name)) < 0)
		return NULL;
	for (unsigned i = 0; i < svnicd.nports; i++)
		if (!strcmp(svnicd.ports[i].path, name))
			return &svnicd.ports[i];
	return NULL;
}

/* ---- Card programming (svnicd.lock held) ---- */

/*
 * Stop queue q on the card. `reset`: the front-end disabled this one ring
 * of a running device whose driver negotiated VIRTIO_F_RING_RESET, which is
 * how a ring reset starts (the GET_VRING_BASE after it stops the whole
 * device in rte_vhost 22.11, dev_status.h): the card counts it and drops
 * frames for the ring until it is back instead of holding the VIF's other
 * rings up. Where the card cannot take it as one, a plain stop.
 */
static void detach_queue_as(struct svnicd_port *p, uint32_t q, bool set_base, bool reset)
{
	struct svnic_err e;
	uint16_t a = 0, u = 0;
	int rc = -1;

	if (!(p->attached & qbit(q)))
		return;
	if (reset) {
		rc = svnic_queue_reset(svnicd.card, p->vif, q, &a, &u, &e);
		if (rc < 0 && e.mbox_status != SVNIC_MBOX_ST_BAD_STATE &&
		    e.mbox_status != SVNIC_MBOX_ST_BAD_ARG)
			logmsg("VIF %u: resetting queue %u: %s", p->vif, q, e.msg);
		else if (rc == 0)
			logmsg("VIF %u: queue %u reset by its driver", p->vif, q);
	}
	if (rc < 0 && svnic_queue_detach(svnicd.card, p->vif, q, &a, &u, &e) < 0) {
		logmsg("VIF %u: detaching queue %u: %s", p->vif, q, e.msg);
	} else if (set_base && rte_vhost_set_vring_base(p->vid, (uint16_t)q, a, u) < 0) {
		logmsg("VIF %u: cannot hand queue %u's indices (avail %u, used "
		       "%u) back to rte_vhost",
		       p->vif, q, a, u);
	}
	p->attached &= ~qbit(q);
}

static void detach_queue(struct svnicd_port *p, uint32_t q, bool set_base)
{
	detach_queue_as(p, q, set_base, false);
}

/* Undo everything new_device did; safe to call on a half-programmed port. */
static void teardown(struct svnicd_port *p, bool set_base)
{
	for (uint32_t q = 0; q < SVNICD_QUEUES; q++)
		detach_queue(p, q, set_base);
	for (unsigned i = 0; i < p->nregions; i++) {
		struct svnic_err e;
		const struct svnicd_region *r = &p->regions[i];

		if (svnic_dma_unmap(svnicd.card, p->vif, r->gpa, r->size, &e) < 0)
			logmsg("VIF %u: unmapping [0x%" PRIx64 ", +0x%" PRIx64
			       "): %s",
			       p->vif, r->gpa, r->size, e.msg);
	}
	p->nregions = 0;
	p->running = false;
}

/*
 * Packed ring, taking a queue over: has anyone but the card used
 * descriptors since it stopped at `card_used` (wrap counter in bit 15)?
 * The descriptor there is either still available or left from the
 * previous lap; marked used in the card's current lap, it was used by
 * someone else.
 */
static bool packed_changed_hands(const struct rte_vhost_vring *vr,
				 uint16_t card_used)
{
	uint16_t idx = card_used & SVNIC_QUEUE_IDX_MASK;
	uint16_t both = (1u << VRING_PACKED_DESC_F_AVAIL) |
			(1u << VRING_PACKED_DESC_F_USED);
	uint16_t flags;

	if (idx >= vr->size)
		return true;
	flags = __atomic_load_n(&vr->desc_packed[idx].flags, __ATOMIC_ACQUIRE);
	return (flags & both) == ((card_used & SVNIC_QUEUE_IDX_WRAP) ? both : 0);
}

/* Read vring q from rte_vhost and attach it; appends to `log`. */
static int attach_queue(struct svnicd_port *p, uint32_t q, char *log,
			size_t log_size)
{
	struct rte_vhost_vring vr;
	struct svnic_queue_cfg cfg = { .queue = q };
	struct svnic_err e;
	uint64_t features = 0;
	bool packed;
	size_t used;

	if (rte_vhost_get_vhost_vring(p->vid, (uint16_t)q, &vr) < 0) {
		logmsg("VIF %u: rte_vhost has no vring %u", p->vif, q);
		return -1;
	}
	if (rte_vhost_get_negotiated_features(p->vid, &features) < 0) {
		logmsg("VIF %u: cannot read the negotiated features", p->vif);
		return -1;
	}
	/* Packed: rte_vhost's vring base carries the wrap counters in bit
	 * 15, which is QUEUE_ATTACH's encoding too: passed on as it is. */
	packed = features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_PACKED);
	cfg.flags = packed ? SVNIC_QUEUE_F_PACKED : 0;
	if (rte_vhost_get_vring_base(p->vid, (uint16_t)q, &cfg.avail_idx,
				     &cfg.used_idx) < 0) {
		logmsg("VIF %u: cannot read vring %u's indices", p->vif, q);
		return -1;
	}
	if (p->taken_over & qbit(q)) {
		/*
		 * The card served this ring until take_over() stopped it: it
		 * resumes exactly where it stopped, provided the ring is still
		 * the one it served, i.e. the used index in guest memory is
		 * the card's own. If not, someone else completed entries
		 * meanwhile (a front-end that reset the device, or one that
		 * took the ring back while svnicd was away) and the
		 * front-end's base is the only truth left.
		 */
		bool same = packed ? !packed_changed_hands(&vr, p->card_used[q])
				   : __atomic_load_n(&vr.used->idx, __ATOMIC_ACQUIRE) ==
					     p->card_used[q];

		if (same) {
			cfg.avail_idx = p->card_avail[q];
			cfg.used_idx = p->card_used[q];
		} else {
			logmsg("VIF %u: queue %u: the card stopped at used %u but "
			       "the ring's %s: the ring changed hands; "
			       "starting from the front-end's base (avail %u, used %u)",
			       p->vif, q, p->card_used[q],
			       packed ? "descriptor there is used already"
				      : "used index differs",
			       cfg.avail_idx, cfg.used_idx);
		}
	}
	cfg.size = vr.size;
	/* Packed: the descriptor ring, then the driver's and the device's
	 * event suppression areas (4 bytes each), in the same three slots. */
	if (svnicd_va_to_gpa(p->regions, p->nregions, (uintptr_t)vr.desc,
			     SVNIC_VRING_DESC_BYTES(vr.size), &cfg.desc) < 0 ||
	    svnicd_va_to_gpa(p->regions, p->nregions, (uintptr_t)vr.avail,
			     packed ? 4u : SVNIC_VRING_AVAIL_BYTES(vr.size),
			     &cfg.avail) < 0 ||
	    svnicd_va_to_gpa(p->regions, p->nregions, (uintptr_t)vr.used,
			     packed ? 4u : SVNIC_VRING_USED_BYTES(vr.size),
			     &cfg.used) < 0) {
		logmsg("VIF %u: vring %u (size %u) lies outside the guest's "
		       "memory table; the front-end is broken",
		       p->vif, q, vr.size);
		return -1;
	}
	cfg.kickfd = vr.kickfd;
	cfg.callfd = vr.callfd;
	if (svnic_queue_attach(svnicd.card, p->vif, &cfg, &e) < 0) {
		logmsg("VIF %u: attaching queue %u: %s", p->vif, q, e.msg);
		return -1;
	}
	p->attached |= qbit(q);
	/* The card may have completed entries and signalled an eventfd the
	 * front-end no longer watched (it was away, or replaced the fd): one
	 * extra interrupt costs the driver a look at its ring, a missing one
	 * could leave it waiting forever. */
	if (cfg.callfd >= 0) {
		uint64_t one = 1;

		if (write(cfg.callfd, &one, sizeof(one)) != (ssize_t)sizeof(one))
			logmsg("VIF %u: cannot signal queue %u's call eventfd: %s",
			       p->vif, q, strerror(errno));
	}
	used = strlen(log);
	snprintf(log + used, log_size - used,
		 "; q%u %s size %u desc 0x%" PRIx64 " avail 0x%" PRIx64
		 " used 0x%" PRIx64 " idx %u/%u%s kick %d call %d",
		 q, packed ? "packed" : "split", cfg.size, cfg.desc, cfg.avail,
		 cfg.used, cfg.avail_idx,
		 cfg.used_idx,
		 (p->taken_over & qbit(q)) ? " (card's)" : "", cfg.kickfd,
		 cfg.callfd);
	return 0;
}

/*
 * Stop the queues the card still serves for this VIF (left by an earlier
 * svnicd) and remember where the card got to. -1: message printed.
 */
static int take_over(struct svnicd_port *p, struct svnic_vif_info *vi, char *log, size_t log_size)
{
	struct svnic_vif_info v;
	struct svnic_err e;
	size_t used;

	p->taken_over = 0;
	if (svnic_vif_query(svnicd.card, p->vif, &v, &e) < 0) {
		logmsg("VIF %u: %s", p->vif, e.msg);
		return -1;
	}
	if (v.state == SVNIC_VIF_NEEDS_RESET) {
		logmsg("VIF %u is in NEEDS_RESET (%s): its guest broke the ring "
		       "rules; reset it with 'svnicctl vif reset %u' once the "
		       "guest has reset its device",
		       p->vif, svnic_vif_error_str(v.error), p->vif);
		return -1;
	}
	p->queue_pairs = v.queue_pairs ? v.queue_pairs : 1u;
	for (uint32_t q = 0; q < 64; q++) {
		uint16_t a = 0, u = 0;

		if (!(v.queues_attached & qbit(q)))
			continue;
		if (svnic_queue_detach(svnicd.card, p->vif, q, &a, &u, &e) < 0) {
			logmsg("VIF %u: stopping queue %u left by an earlier "
			       "session: %s",
			       p->vif, q, e.msg);
			return -1;
		}
		if (q >= SVNICD_QUEUES)
			continue;
		p->taken_over |= qbit(q);
		p->card_avail[q] = a;
		p->card_used[q] = u;
		used = strlen(log);
		snprintf(log + used, log_size - used,
			 "; took over q%u from the card at avail %u used %u", q,
			 a, u);
	}
	*vi = v;
	return 0;
}

/*
 * Map one region. A window already there for exactly this range is one an
 * earlier session left (the guest is the same, its memory table too): it
 * is replaced, so that the card's mapping uses the fd of this session.
 */
static int map_region(struct svnicd_port *p, const struct svnicd_region *r)
{
	struct svnic_err e;
	int rc;

	rc = svnic_dma_map(svnicd.card, p->vif, r->gpa, r->size, r->fd,
			   r->fd_offset, &e);
	if (rc == -EEXIST) {
		struct svnic_err e2;

		if (svnic_dma_unmap(svnicd.card, p->vif, r->gpa, r->size, &e2) == 0)
			rc = svnic_dma_map(svnicd.card, p->vif, r->gpa, r->size,
					   r->fd, r->fd_offset, &e);
		else
			logmsg("VIF %u: the card holds a DMA window overlapping "
			       "[0x%" PRIx64 ", +0x%" PRIx64 ") that is not this "
			       "guest's (an earlier guest's, left by an svnicd that "
			       "was killed); destroy and create the VIF again "
			       "('svnicctl vif destroy %u') or restart the card",
			       p->vif, r->gpa, r->size, p->vif);
	}
	if (rc < 0)
		logmsg("VIF %u: mapping guest memory [0x%" PRIx64 ", +0x%" PRIx64
		       "): %s",
		       p->vif, r->gpa, r->size, e.msg);
	return rc;
}

static int program_port(struct svnicd_port *p, int vid)
{
	struct rte_vhost_memory *mem = NULL;
	struct svnic_vif_info v;
	enum svnicd_status_mode mode;
	uint64_t features = 0;
	char log[2048], msg[256];
	size_t used;

	p->vid = vid;
	p->nregions = 0;
	p->attached = 0;
	p->running = true; /* so that teardown() and lookups see it */
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	snprintf(log, sizeof(log), "VIF %u on %s (vid %d)", p->vif, p->path, vid);
	/* Before touching windows: the card may still be using them. */
	if (take_over(p, &v, log, sizeof(log)) < 0)
		return -1;
	{
		uint16_t mtu = 0;

		/* -ENOTSUP / -EAGAIN: MTU not negotiated or not set. */
		if (rte_vhost_get_mtu(vid, &mtu) == 0 && mtu > svnicd.vif_mtu) {
			logmsg("VIF %u: the front-end set an MTU of %u but the "
			       "card carries at most %u; give QEMU's "
			       "virtio-net-pci host_mtu=%u (or less)",
			       p->vif, mtu, svnicd.vif_mtu, svnicd.vif_mtu);
			return -1;
		}
	}
	if (rte_vhost_get_mem_table(vid, &mem) < 0 || !mem) {
		logmsg("VIF %u: cannot read the guest memory table", p->vif);
		return -1;
	}
	if (mem->nregions == 0 || mem->nregions > SVNICD_MAX_REGIONS) {
		logmsg("VIF %u: memory table has %u regions (1..%u usable)",
		       p->vif, mem->nregions, SVNICD_MAX_REGIONS);
		free(mem);
		return -1;
	}
	used = strlen(log);
	snprintf(log + used, sizeof(log) - used, "; %u region(s)", mem->nregions);
	for (uint32_t i = 0; i < mem->nregions; i++) {
		const struct rte_vhost_mem_region *m = &mem->regions[i];
		struct svnicd_region r = {
			.gpa = m->guest_phys_addr,
			.hva = m->host_user_addr,
			.size = m->size,
			.fd_offset = m->host_user_addr - (uintptr_t)m->mmap_addr,
			.fd = m->fd,
		};

		if (map_region(p, &r) < 0) {
			free(mem);
			return -1;
		}
		p->regions[p->nregions++] = r;
		used = strlen(log);
		snprintf(log + used, sizeof(log) - used,
			 " [gpa 0x%" PRIx64 " +0x%" PRIx64 " fd %d off 0x%" PRIx64 "]",
			 r.gpa, r.size, r.fd, r.fd_offset);
	}
	free(mem);

	if (rte_vhost_get_negotiated_features(vid, &features) < 0) {
		logmsg("VIF %u: cannot read the negotiated features", p->vif);
		return -1;
	}
	features = device_features(features);
	/* The driver is at DRIVER_OK (dev_status.h): its steps to there. */
	if (svnicd_status_negotiate(svnicd.card, p->vif, &v, features, &mode, msg, sizeof(msg)) < 0) {
		logmsg("VIF %u: features 0x%" PRIx64 ": %s", p->vif, features, msg);
		return -1;
	}
	used = strlen(log);
	snprintf(log + used, sizeof(log) - used, "; features 0x%" PRIx64 "%s", features,
		 mode == SVNICD_STATUS_RESUMED ? " (status: resumed at driver_ok)"
		 : mode == SVNICD_STATUS_NONE ? " (the firmware keeps no device status)"
					      : "");
	/* Pair 0, and the control queue when the driver negotiated it, are
	 * there; other pairs' rings when the front-end enabled them (the
	 * rest come and go through vring_state_changed). */
	uint32_t ctrl = ctrl_queue(p, features);
	uint32_t nvr = rte_vhost_get_vring_num(vid);
	uint32_t need = ctrl < SVNICD_QUEUES ? ctrl + 1u : SVNICD_DATA_QUEUES;
	if (ctrl == SVNICD_QUEUES && nvr < need) {
		logmsg("VIF %u: the front-end set up %u vrings, %u needed", p->vif, nvr, need);
		return -1;
	}
	if (ctrl < SVNICD_QUEUES && nvr <= ctrl) {
		logmsg("VIF %u: the front-end set up %u vrings, %u needed (the control "
		       "queue follows the VIF's %u queue pairs)",
		       p->vif, nvr, need, port_pairs(p, features));
		return -1;
	}
	if (nvr > 2u * port_pairs(p, features) + (ctrl < SVNICD_QUEUES))
		logmsg("VIF %u: the front-end set up %u vrings, but the VIF has %u queue "
		       "pair(s): the rings past them are not served; create the VIF with "
		       "'svnicctl vif create --queues N' or give the front-end fewer queues",
		       p->vif, nvr, port_pairs(p, features));
	if (p->enabled_vid != vid)
		p->enabled = 0;
	for (uint32_t q = 0; q < nvr && q < SVNICD_QUEUES; q++) {
		if (!served_queue(p, features, q) ||
		    (q >= SVNICD_DATA_QUEUES && q != ctrl && !(p->enabled & qbit(q))))
			continue;
		if (attach_queue(p, q, log, sizeof(log)) < 0)
			return -1;
	}
	if (svnicd_status_driver_ok(svnicd.card, p->vif, mode, msg, sizeof(msg)) < 0) {
		logmsg("VIF %u: %s", p->vif, msg);
		return -1;
	}
	if (p->taken_over) {
		struct timespec t1;

		clock_gettime(CLOCK_MONOTONIC, &t1);
		used = strlen(log);
		snprintf(log + used, sizeof(log) - used,
			 "; the card paused these queues for %.1f ms",
			 (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
				 (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	}
	p->taken_over = 0; /* later re-enables start from rte_vhost's base */
	logmsg("%s", log);
	return 0;
}

/* ---- rte_vhost callbacks (vhost-events thread) ---- */

static int on_new_device(int vid)
{
	struct svnicd_port *p;
	int rc = -1;

	pthread_mutex_lock(&svnicd.lock);
	p = port_by_ifname(vid);
	if (!p) {
		logmsg("new device %d on a socket svnicd does not serve", vid);
	} else {
		if (p->running) {
			logmsg("VIF %u: a new device replaces vid %d", p->vif, p->vid);
			teardown(p, false);
		}
		rc = program_port(p, vid);
		if (rc < 0) {
			teardown(p, false);
			logmsg("VIF %u: device %d refused; the VIF is left clean "
			       "(no queue, no window); the front-end may retry",
			       p->vif, vid);
		}
	}
	pthread_mutex_unlock(&svnicd.lock);
	return rc;
}

static void on_destroy_device(int vid)
{
	struct svnicd_port *p;

	pthread_mutex_lock(&svnicd.lock);
	p = port_by_vid(vid);
	if (p && svnicd.exiting && svnicd.on_exit != SVNICD_EXIT_DETACH) {
		/* The card keeps serving what shutdown_all() left attached, in
		 * guest memory it has mapped; the next svnicd takes it over. */
		p->running = false;
		logmsg("VIF %u on %s (vid %d): left to the card (queues 0x%" PRIx64 ")",
		       p->vif, p->path, vid, p->attached);
	} else if (p) {
		teardown(p, true);
		logmsg("VIF %u on %s (vid %d): stopped", p->vif, p->path, vid);
	}
	pthread_mutex_unlock(&svnicd.lock);
}

static int on_vring_state_changed(int vid, uint16_t queue_id, int enable)
{
	struct svnicd_port *p;
	int rc = 0;

	pthread_mutex_lock(&svnicd.lock);
	/* Remembered before new_device too: new_device attaches the rings
	 * the front-end enabled by then. */
	struct svnicd_port *q = port_by_ifname(vid);
	if (q && queue_id < 64) {
		if (q->enabled_vid != vid) {
			q->enabled = 0;
			q->enabled_vid = vid;
		}
		if (enable)
			q->enabled |= qbit(queue_id);
		else
			q->enabled &= ~qbit(queue_id);
	}
	p = port_by_vid(vid);
	uint64_t features = 0;
	if (p && rte_vhost_get_negotiated_features(vid, &features) < 0)
		features = 0;
	if (p && queue_id >= 2u * port_pairs(p, features) && queue_id != ctrl_queue(p, features) &&
	    enable)
		logmsg("VIF %u: the front-end enabled ring %u, past the VIF's %u queue pair(s): "
		       "not served",
		       p->vif, queue_id, port_pairs(p, features));
	if (p && served_queue(p, features, queue_id)) {
		if (!enable && (p->attached & qbit(queue_id))) {
			detach_queue_as(p, queue_id, true,
					(features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_RESET)) != 0);
			logmsg("VIF %u: queue %u disabled by the front-end", p->vif,
			       queue_id);
		} else if (enable && !(p->attached & qbit(queue_id))) {
			char log[256];

			snprintf(log, sizeof(log), "VIF %u: queue %u re-enabled",
				 p->vif, queue_id);
			rc = attach_queue(p, queue_id, log, sizeof(log));
			if (rc == 0)
				logmsg("%s", log);
		}
	}
	pthread_mutex_unlock(&svnicd.lock);
	return rc;
}

static int on_features_changed(int vid, uint64_t features)
{
	struct svnicd_port *p;
	struct svnic_err e;
	int rc = 0;

	pthread_mutex_lock(&svnicd.lock);
	p = port_by_vid(vid);
	features = device_features(features);
	if (p && svnic_vif_set_features(svnicd.card, p->vif, features, &e) < 0) {
		logmsg("VIF %u: features changed to 0x%" PRIx64 ": %s", p->vif,
		       features, e.msg);
		rc = -1;
	}
	pthread_mutex_unlock(&svnicd.lock);
	return rc;
}

/* ---- Configuration-change interrupts (watcher thread) ---- */

/*
 * The firmware raises a VIF's configuration vector when it puts the VIF
 * into NEEDS_RESET. svnicd logs the VIF's state and passes the change on
 * to the front-end as vhost-user's back-end CONFIG_CHANGE message, which
 * asks the front-end to read the device's configuration again. Front-ends
 * without a back-end request channel (DPDK virtio-user, svnic's guest
 * driver) cannot receive it, and QEMU's vhost-user-net (7.2) does not pass
 * it on to the guest (only devices with configuration operations, such as
 * vhost-user-blk, do): the guest then learns of the reset from its queues
 * stopping.
 */
static void on_config_irq(unsigned idx, uint32_t vif, uint64_t n)
{
	struct svnicd_port *p = &svnicd.ports[idx];
	struct svnic_vif_info v;
	struct svnic_err e;

	pthread_mutex_lock(&svnicd.lock);
	p->config_irqs += n;
	if (svnic_vif_query(svnicd.card, vif, &v, &e) < 0)
		logmsg("VIF %u: configuration-change interrupt (%" PRIu64 " so far); "
		       "reading the VIF failed: %s", vif, p->config_irqs, e.msg);
	else
		logmsg("VIF %u: configuration-change interrupt (%" PRIu64 " so far): "
		       "state %s, error: %s", vif, p->config_irqs,
		       svnic_vif_state_str(v.state), svnic_vif_error_str(v.error));
	if (p->running) {
		if (rte_vhost_slave_config_change(p->vid, false) < 0)
			logmsg("VIF %u: the front-end (vid %d) has no back-end request "
			       "channel: it is not told of the configuration change",
			       vif, p->vid);
		else
			logmsg("VIF %u: configuration change sent to the front-end "
			       "(vid %d)", vif, p->vid);
	}
	pthread_mutex_unlock(&svnicd.lock);
}

static const struct rte_vhost_device_ops svnicd_ops = {
	.new_device = on_new_device,
	.destroy_device = on_destroy_device,
	.vring_state_changed = on_vring_state_changed,
	.features_changed = on_features_changed,
};

/* ---- Start-up ---- */

static const char usage_text[] =
	"Usage: svnicd [--card URI] [--client] [--on-exit stop-tx|keep|detach]\n"
	"              --vif VIF:SOCKET [--vif VIF:SOCKET ...]\n"
	"              [--eal-args 'EAL ARGS']\n"
	"\n"
	"Serves each VIF (created beforehand with 'svnicctl vif create') on a\n"
	"vhost-user socket; QEMU, DPDK virtio-user or the svnic guest driver are\n"
	"the front-ends. Packets go between the guest and the card directly:\n"
	"svnicd only programs the card.\n"
	"\n"
	"  --card URI        the card (default: $" SVNIC_CARD_ENV ", else "
	SVNIC_DEFAULT_URI ")\n"
	"  --vif VIF:SOCKET  serve VIF number VIF on Unix socket SOCKET\n"
	"  --client          connect to SOCKET, where the front-end listens (QEMU:\n"
	"                    -chardev socket,server=on,...), retrying every second\n"
	"                    while nobody listens there and after the front-end\n"
	"                    goes away. Default: svnicd listens on SOCKET (server)\n"
	"                    and the front-end connects (QEMU: reconnect=1 makes it\n"
	"                    come back after an svnicd restart).\n"
	"  --on-exit stop-tx on SIGINT/SIGTERM, stop the VIFs' TX queues before\n"
	"                    closing the connections, and leave RX queues and\n"
	"                    guest memory to the card, which keeps receiving for\n"
	"                    the guests (default; safe with every front-end)\n"
	"  --on-exit keep    leave TX queues served too: traffic keeps flowing\n"
	"                    while svnicd is away. Only for front-ends that keep\n"
	"                    driving their rings while the back-end is gone (svnic\n"
	"                    guest driver, DPDK virtio-user); NOT for QEMU, which\n"
	"                    completes its TX ring itself then (RESTART.md)\n"
	"  --on-exit detach  stop every queue and unmap guest memory\n"
	"  --eal-args ARGS   DPDK EAL arguments, replacing the default\n"
	"                    '-l 0 --no-huge --no-pci -m 256 --no-telemetry\n"
	"                    --no-shconf --file-prefix=svnicd-PID'\n"
	"  -h, --help        this text\n"
	"\n"
	"Whatever stopped the previous svnicd (signal, SIGKILL, crash), a new one\n"
	"takes over the queues the card still serves when a front-end connects:\n"
	"QUEUE_DETACH says where the card got to and the queues are attached\n"
	"again from there, so no frame is lost or sent twice. A front-end that\n"
	"disconnects while svnicd runs gets its VIF's queues stopped and its\n"
	"memory unmapped.\n"
	"\n"
	"Offers VIRTIO_F_VERSION_1, VIRTIO_F_RING_INDIRECT_DESC,\n"
	"VIRTIO_F_RING_EVENT_IDX, VIRTIO_NET_F_MTU (up to the card's largest frame\n"
	"less 18 bytes, e.g. 9000 on svnic-sim, 1500 on a standard build; a\n"
	"front-end asking for more is refused) and VIRTIO_NET_F_STATUS\n"
	"(the front-end reports the link), and the vhost-user protocol features\n"
	"of rte_vhost (REPLY_ACK, NET_MTU, STATUS, ...) except MQ: the card has\n"
	"one queue pair per VIF.\n"
	"Exit status: 0 stopped by a signal, 1 start-up failed, 2 usage error.\n";

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "svnicd: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'svnicd --help'.\n");
	return 2;
}

/* 0: free to use; -1: message printed. */
static int check_socket_path(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int fd, rc;

	if (lstat(path, &st) < 0)
		return 0;
	if (!S_ISSOCK(st.st_mode)) {
		logmsg("%s exists and is not a socket; remove it or choose another "
		       "socket path",
		       path);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	rc = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	if (rc == 0) {
		logmsg("socket %s is in use by a running server (another svnicd?); "
		       "stop it or choose another socket path",
		       path);
		return -1;
	}
	logmsg("removing stale socket %s (nobody listens on it)", path);
	if (unlink(path) < 0) {
		logmsg("cannot remove stale socket %s: %s; remove it by hand",
		       path, strerror(errno));
		return -1;
	}
	return 0;
}

static void print_features(const char *path, uint64_t f)
{
	char buf[512];
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned b = 0; b < 64 && n < sizeof(buf) - 8; b++)
		if (f & (1ull << b))
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, " %u", b);
	logmsg("%s offers features 0x%016" PRIx64 " (bits%s)", path, f, buf);
}

static int start_port(struct svnicd_port *p)
{
	uint64_t f = 0, pf = 0;

	/* Client mode: rte_vhost reconnects by default (every second). */
	if (rte_vhost_driver_register(p->path,
				      svnicd.client ? RTE_VHOST_USER_CLIENT : 0) < 0) {
		logmsg("cannot %s vhost-user socket %s (see the message above); "
		       "check the directory exists and is writable",
		       svnicd.client ? "use" : "create", p->path);
		return -1;
	}
	p->registered = true;
	/* rte_vhost's list lacks STATUS and some control queue bits: set the
	 * whole offer explicitly. */
	/* Multiqueue for a VIF with more than one pair only. */
	bool mq = p->queue_pairs > 1u && (svnicd.card_features & SVNICD_MQ_FEATURES);
	uint64_t card_f = svnicd.card_features & ~(mq ? 0 : SVNICD_MQ_FEATURES);
	if (rte_vhost_driver_get_features(p->path, &f) < 0 ||
	    rte_vhost_driver_set_features(p->path, (f & SVNICD_VHOST_FEATURES) | card_f |
							   SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_STATUS)) < 0 ||
	    rte_vhost_driver_get_features(p->path, &f) < 0) {
		logmsg("cannot restrict the features of %s", p->path);
		return -1;
	}
	if (rte_vhost_driver_get_protocol_features(p->path, &pf) < 0 ||
	    rte_vhost_driver_set_protocol_features(p->path,
						   pf & ~(mq ? 0 : SVNICD_NO_PROTOCOL_FEATURES)) < 0 ||
	    rte_vhost_driver_get_protocol_features(p->path, &pf) < 0) {
		logmsg("cannot restrict the protocol features of %s", p->path);
		return -1;
	}
	if ((f & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1)) == 0) {
		logmsg("VIRTIO_F_VERSION_1 is not offered on %s: the card's firmware "
		       "reported features 0x%" PRIx64 " (older firmware reports none: update it)",
		       p->path, svnicd.card_features);
		return -1;
	}
	print_features(p->path, f);
	if (mq)
		logmsg("VIF %u has %u queue pairs: multiqueue offered", p->vif, p->queue_pairs);
	logmsg("%s offers protocol features 0x%" PRIx64 "%s", p->path, pf,
	       (pf & (1ull << VHOST_USER_PROTOCOL_F_REPLY_ACK)) ? " (REPLY_ACK)" : "");
	/* Callbacks before start: 22.11 crashes on a connection otherwise. */
	if (rte_vhost_driver_callback_register(p->path, &svnicd_ops) < 0) {
		logmsg("cannot register callbacks on %s", p->path);
		return -1;
	}
	if (rte_vhost_driver_start(p->path) < 0) {
		logmsg("cannot start serving %s", p->path);
		return -1;
	}
	if (svnicd.client)
		logmsg("VIF %u: connecting to %s (retrying every second until the "
		       "front-end listens there)",
		       p->vif, p->path);
	else
		logmsg("serving VIF %u on %s", p->vif, p->path);
	return 0;
}

static void shutdown_all(void)
{
	pthread_mutex_lock(&svnicd.lock);
	svnicd.exiting = true;
	/* Every VIF's TX first, before any connection closes: a front-end
	 * that sees the close takes its TX ring back at once (RESTART.md).
	 * Stopping producers before receivers also keeps frames switched
	 * between VIFs from meeting a detached RX queue. */
	for (unsigned i = 0; i < svnicd.nports; i++) {
		struct svnicd_port *p = &svnicd.ports[i];

		if (!p->running || svnicd.on_exit == SVNICD_EXIT_KEEP)
			continue;
		/* TX, and the control queue: the driver produces both. */
		uint64_t features = 0;
		if (rte_vhost_get_negotiated_features(p->vid, &features) < 0)
			features = 0;
		for (uint32_t pr = 0; pr < port_pairs(p, features); pr++)
			detach_queue(p, SVNIC_VIRTIO_NET_TXQ(pr), true);
		if (ctrl_queue(p, features) < SVNICD_QUEUES)
			detach_queue(p, ctrl_queue(p, features), true);
	}
	pthread_mutex_unlock(&svnicd.lock);
	for (unsigned i = 0; i < svnicd.nports; i++) {
		struct svnicd_port *p = &svnicd.ports[i];

		/* Unregistering closes connections: rte_vhost then calls
		 * destroy_device for running ones. */
		if (p->registered && rte_vhost_driver_unregister(p->path) < 0)
			logmsg("could not unregister %s", p->path);
		p->registered = false;
	}
	pthread_mutex_lock(&svnicd.lock);
	for (unsigned i = 0; i < svnicd.nports; i++)
		if (svnicd.ports[i].running && svnicd.on_exit == SVNICD_EXIT_DETACH)
			teardown(&svnicd.ports[i], false);
	pthread_mutex_unlock(&svnicd.lock);
}

/* The MTU the VIFs carry, from the card's frame limit; -1: message printed. */
static int read_vif_mtu(void)
{
	struct svnic_card_info ci;
	struct svnic_err e;

	if (svnic_card_info(svnicd.card, &ci, &e) < 0) {
		logmsg("%s", e.msg);
		return -1;
	}
	if (ci.max_frame < SVNICD_MTU_MIN + SVNICD_FRAME_OVERHEAD) {
		logmsg("the card carries frames of at most %u bytes, too few for "
		       "an MTU of %u; its firmware or datapath build is broken",
		       ci.max_frame, SVNICD_MTU_MIN);
		return -1;
	}
	svnicd.vif_mtu = ci.max_frame - SVNICD_FRAME_OVERHEAD;
	if (svnicd.vif_mtu > SVNICD_MTU_MAX)
		svnicd.vif_mtu = SVNICD_MTU_MAX;
	logmsg("the card carries frames up to %u bytes: VIF MTU up to %u",
	       ci.max_frame, svnicd.vif_mtu);
	return 0;
}

/* Check that every VIF exists and is unique; -1: message printed. */
static int check_vifs(void)
{
	uint32_t qpv = svnic_queues_per_vif(svnicd.card);

	struct svnic_card_info ci;
	struct svnic_err ce;

	if (qpv < SVNICD_DATA_QUEUES) {
		logmsg("the card has %u queues per VIF; svnicd needs %u", qpv,
		       SVNICD_DATA_QUEUES);
		return -1;
	}
	if (svnic_card_info(svnicd.card, &ci, &ce) < 0) {
		logmsg("%s", ce.msg);
		return -1;
	}
	svnicd.ctrlq = ci.queues_per_vif > SVNICD_CTRLQ && qpv > SVNICD_CTRLQ;
	svnicd.card_features = ci.features;
	if (!svnicd.ctrlq)
		svnicd.card_features &= ~SVNICD_NEEDS_CTRLQ;
	for (unsigned i = 0; i < svnicd.nports; i++) {
		struct svnicd_port *p = &svnicd.ports[i];
		struct svnic_vif_info v;
		struct svnic_err e;

		if (svnic_vif_query(svnicd.card, p->vif, &v, &e) < 0) {
			if (e.code == -ENOENT)
				logmsg("VIF %u is not in use on the card: create it "
				       "first with 'svnicctl vif create --mac MAC' "
				       "and pass the number it prints",
				       p->vif);
			else
				logmsg("%s", e.msg);
			return -1;
		}
		if (v.state == SVNIC_VIF_RUNNING)
			logmsg("VIF %u: the card still serves queues 0x%" PRIx64 " of it "
			       "(left by an earlier svnicd); they are taken over "
			       "where the card got to when a front-end connects",
			       p->vif, v.queues_attached);
		p->queue_pairs = v.queue_pairs ? v.queue_pairs : 1u;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static char eal_buf[1024];
	char *eal_argv[SVNICD_MAX_EAL_ARGS + 2];
	char prefix[64];
	const char *card_uri = NULL;
	const char *eal_args = NULL;
	struct svnic_err e;
	sigset_t sigs;
	int eal_argc, rc = 1;

	/* SIGINT/SIGTERM are taken by sigwait in the main thread only: block
	 * them before anything else (EAL threads inherit the mask), so that a
	 * stop request during start-up still ends in a clean stop. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (!strcmp(a, "--client")) {
			svnicd.client = true;
		} else if (!strcmp(a, "--on-exit")) {
			if (i + 1 >= argc)
				return usage_error("option %s needs a value", a);
			if (!strcmp(argv[i + 1], "keep"))
				svnicd.on_exit = SVNICD_EXIT_KEEP;
			else if (!strcmp(argv[i + 1], "detach"))
				svnicd.on_exit = SVNICD_EXIT_DETACH;
			else if (!strcmp(argv[i + 1], "stop-tx"))
				svnicd.on_exit = SVNICD_EXIT_STOP_TX;
			else
				return usage_error("--on-exit takes 'stop-tx', 'keep' or "
						   "'detach', not '%s'",
						   argv[i + 1]);
			i++;
		} else if (!strcmp(a, "--card") || !strcmp(a, "--vif") ||
			   !strcmp(a, "--eal-args")) {
			if (i + 1 >= argc)
				return usage_error("option %s needs a value", a);
			if (a[2] == 'c') {
				card_uri = argv[++i];
			} else if (a[2] == 'e') {
				eal_args = argv[++i];
			} else {
				struct svnicd_port *p;

				if (svnicd.nports >= SVNICD_MAX_PORTS)
					return usage_error("at most %s VIFs", "64");
				p = &svnicd.ports[svnicd.nports];
				if (svnicd_parse_vif_arg(argv[++i], &p->vif, p->path,
							 sizeof(p->path)) < 0)
					return usage_error(
						"'%s' is not VIF:SOCKET_PATH (e.g. "
						"0:/tmp/vif0.sock)",
						argv[i]);
				p->vid = -1;
				svnicd.nports++;
			}
		} else {
			return usage_error("unknown argument '%s'", a);
		}
	}
	if (svnicd.nports == 0)
		return usage_error("%s", "no --vif VIF:SOCKET given: nothing to serve");
	for (unsigned i = 0; i < svnicd.nports; i++) {
		for (unsigned j = 0; j < i; j++) {
			if (svnicd.ports[j].vif == svnicd.ports[i].vif ||
			    !strcmp(svnicd.ports[j].path, svnicd.ports[i].path))
				return usage_error("--vif %s: VIF or socket given "
						   "twice; one socket per VIF",
						   svnicd.ports[i].path);
		}
	}

	if (svnic_open(card_uri, NULL, &svnicd.card, &e) < 0) {
		logmsg("%s", e.msg);
		return 1;
	}
	if (check_vifs() < 0 || read_vif_mtu() < 0)
		goto out_card;
	/* In client mode the sockets are the front-ends'. */
	for (unsigned i = 0; i < svnicd.nports && !svnicd.client; i++)
		if (check_socket_path(svnicd.ports[i].path) < 0)
			goto out_card;

	/* EAL arguments: ours unless replaced. */
	if (!eal_args) {
		snprintf(prefix, sizeof(prefix), "%ld", (long)getpid());
		snprintf(eal_buf, sizeof(eal_buf),
			 "-l 0 --no-huge --no-pci -m 256 --no-telemetry --no-shconf "
			 "--file-prefix=svnicd-%s",
			 prefix);
		eal_args = eal_buf;
	}
	{
		static char split[1024];

		eal_argv[0] = argv[0];
		eal_argc = svnicd_split_args(eal_args, split, sizeof(split),
					     eal_argv + 1, SVNICD_MAX_EAL_ARGS);
		if (eal_argc < 0) {
			rc = usage_error("--eal-args '%s' is too long", eal_args);
			goto out_card;
		}
		eal_argc += 1;
		eal_argv[eal_argc] = NULL;
	}

	if (rte_eal_init(eal_argc, eal_argv) < 0) {
		logmsg("DPDK EAL initialisation failed (see above); adjust "
		       "--eal-args");
		goto out_card;
	}
	{
		uint32_t vifs[SVNICD_MAX_PORTS];

		for (unsigned i = 0; i < svnicd.nports; i++)
			vifs[i] = svnicd.ports[i].vif;
		/* Without them svnicd still serves; it only misses resets. */
		if (config_irq_start(&svnicd.cfg_irq, svnicd.card, vifs, svnicd.nports,
				     on_config_irq) < 0)
			logmsg("configuration-change interrupts not watched (see above)");
	}
	for (unsigned i = 0; i < svnicd.nports; i++)
		if (start_port(&svnicd.ports[i]) < 0)
			goto out_eal;
	logmsg("ready: %u VIF(s) served; SIGINT or SIGTERM stops", svnicd.nports);

	{
		int sig = 0;

		/* Serve until asked to stop; sigwait returns only for a signal
		 * in `sigs`. */
		if (sigwait(&sigs, &sig) == 0)
			logmsg("%s received: stopping", strsignal(sig));
	}
	rc = 0;
out_eal:
	shutdown_all();
	config_irq_stop(&svnicd.cfg_irq);
	for (unsigned i = 0; i < svnicd.nports; i++)
		if (svnicd.ports[i].config_irqs)
			logmsg("VIF %u: %" PRIu64 " configuration-change interrupt(s)",
			       svnicd.ports[i].vif, svnicd.ports[i].config_irqs);
	{
		/* EAL leaves its (empty, with --no-shconf) runtime directory
		 * behind; rmdir only removes it if it is empty. */
		char rundir[PATH_MAX];

		snprintf(rundir, sizeof(rundir), "%s", rte_eal_get_runtime_dir());
		rte_eal_cleanup();
		if (rundir[0] && rmdir(rundir) < 0 && errno != ENOENT &&
		    errno != ENOTEMPTY)
			logmsg("could not remove %s: %s", rundir, strerror(errno));
	}
out_card:
	svnic_close(svnicd.card);
	return rc;
}
