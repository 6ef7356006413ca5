/* SPDX-License-Identifier: MIT */
/*
 * A fake svnic card for host-side tests: the host register window (ID,
 * VERSION, sizes, MBOX_LOCK/STATUS/DOORBELL/CMD/RSP) and a small scripted
 * firmware behind the mailbox that follows mbox.h. Knobs let a test make
 * the lock contended, the firmware slow or silent, and responses malformed.
 * It also records what the transport was asked (maps, irqs, ioeventfds).
 */
#ifndef SVNIC_TESTS_FAKE_CARD_H
#define SVNIC_TESTS_FAKE_CARD_H

#include <stdbool.h>
#include <stdint.h>

#include "svnic/mbox.h"
#include "svnic/virtio.h"
#include "svnic/svnic_transport.h"

#define FAKE_VIFS 4u
#define FAKE_QPV 2u
#define FAKE_WINDOWS 8u
#define FAKE_MAX_FRAME 9018u /* a jumbo build, as svnic-sim is */
/* What the card's firmware implements with two queues per VIF (CARD_INFO). */
#define FAKE_FEATURES SVNIC_MBOX_VIF_FEATURES /* what the firmware implements */
#define FAKE_MAX_VECTORS (FAKE_VIFS * FAKE_QPV)

struct fake_window {
	bool used;
	uint64_t iova, len;
};

struct fake_vif {
	bool used;
	uint32_t state;
	uint8_t mac[6];
	uint16_t vlan;
	bool promisc, allmulti;
	uint16_t tx_weight;
	uint32_t tx_rate_kbps, tx_burst;
	uint16_t queue_pairs; /* VIF_CREATE's, 1 when not given */
	uint16_t queues;
	uint64_t features;
	uint8_t status;     /* VIF_SET_STATUS: kept as written, FEATURES_OK
			       refused without VERSION_1 */
	bool status_driven;
	struct fake_window win[FAKE_WINDOWS];
	struct svnic_mbox_queue_attach_req q[FAKE_QPV];
};

struct fake_map {
	bool used;
	uint32_t domain;
	uint64_t iova, size, offset;
	int fd; /* a dup the fake owns, -1 when unused */
};

struct fake_card {
	/* registers */
	uint32_t id, version, num_vifs, qpv;
	bool lock_held;
	uint32_t status;
	uint32_t cmd[SVNIC_MBOX_BYTES / 4];
	uint32_t rsp[SVNIC_MBOX_BYTES / 4];

	/* knobs */
	int other_holder_reads; /* lock reads that see "held"; -1: forever */
	int busy_polls;         /* status reads before DONE; -1: never */
	int rsp_len_override;   /* > 0: response header len set to this */
	int force_status;       /* >= 0: every response has this status */
	int fail_reg_read;      /* transport error on reads of this reg, -1 */

	/* records */
	unsigned doorbells;
	unsigned lock_releases;
	unsigned cmd_writes;     /* words written to MBOX_CMD since doorbell */
	unsigned last_cmd_writes; /* ... for the last command */
	unsigned rsp_reads;      /* words read from MBOX_RSP (last command) */
	uint32_t last_req[SVNIC_MBOX_BYTES / 4];
	int irq_fd[FAKE_MAX_VECTORS];     /* dup'ed eventfd or -1 */
	int db_fd[FAKE_MAX_VECTORS];      /* ioeventfd per doorbell, or -1 */
	uint32_t db_value[FAKE_MAX_VECTORS];
	unsigned irq_sets, ioeventfd_sets;
	struct fake_map maps[32];
	unsigned map_calls, unmap_calls;
	int fail_dma_map;        /* transport dma_map fails with this errno */

	/* the firmware's model */
	struct fake_vif vifs[FAKE_VIFS];
	uint64_t wire[6]; /* CARD_STATS counters, in the response's order */
};

void fake_card_init(struct fake_card *c);
void fake_card_fini(struct fake_card *c); /* closes the fds it holds */

/* The fake as a transport: ctx is the struct fake_card; close does
 * nothing (the test owns it). */
extern const struct svnic_transport_ops fake_card_ops;

/* Dispatch one simlink request (as svnic-sim would) against the fake;
 * `fd` is the received descriptor or -1 (the fake dups what it keeps).
 * Fills reply status/value. */
struct svnic_link_msg;
void fake_card_link(struct fake_card *c, const struct svnic_link_msg *req,
		    int fd, struct svnic_link_msg *reply);

#endif
