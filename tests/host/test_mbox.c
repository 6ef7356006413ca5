/* SPDX-License-Identifier: MIT */
/* The mailbox client and typed commands against an in-process fake card. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fake_card.h"
#include "svnic/libsvnic.h"
#include "svnic/regs.h"
#include "svnic/svnic_transport.h"

struct fixture {
	struct fake_card fc;
	struct svnic *card;
};

static const struct svnic_open_opts fast = {
	.mbox_timeout_ms = 100,
	.lock_timeout_ms = 50,
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct svnic_err e;

	fake_card_init(&f->fc);
	if (svnic_open_transport(&fake_card_ops, &f->fc, &fast, &f->card, &e) < 0)
		fail_msg("open: %s", e.msg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	svnic_close(f->card);
	fake_card_fini(&f->fc);
	free(f);
	return 0;
}

static uint64_t ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static uint32_t create_vif(struct fixture *f, uint8_t last)
{
	uint8_t mac[6] = { 2, 0, 0, 0, 0, last };
	struct svnic_err e;
	uint32_t vif = 99;

	if (svnic_vif_create(f->card, mac, &vif, &e) < 0)
		fail_msg("create: %s", e.msg);
	return vif;
}

/* ---- Opening ---- */

static void open_reads_the_register_window(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(svnic_num_vifs(f->card), FAKE_VIFS);
	assert_int_equal(svnic_queues_per_vif(f->card), FAKE_QPV);
	assert_int_equal(svnic_regmap_version(f->card), SVNIC_REGMAP_VERSION);
	assert_int_equal(svnic_queue_vector(f->card, 3, 1), 3 * FAKE_QPV + 1);
}

static void open_rejects_wrong_id_and_version(void **state)
{
	struct fake_card fc;
	struct svnic *card = NULL;
	struct svnic_err e;

	(void)state;
	fake_card_init(&fc);
	fc.id = 0x12345678;
	assert_int_equal(svnic_open_transport(&fake_card_ops, &fc, NULL, &card, &e),
			 -ENODEV);
	assert_non_null(strstr(e.msg, "not an svnic card"));
	assert_null(card);
	fake_card_init(&fc);
	fc.version = (SVNIC_REGMAP_VERSION & 0xffff0000u) + 0x10000; /* the next major */
	assert_int_equal(svnic_open_transport(&fake_card_ops, &fc, NULL, &card, &e),
			 -EPROTONOSUPPORT);
	assert_non_null(strstr(e.msg, "version 3.0"));
	fake_card_init(&fc);
	fc.version = SVNIC_REGMAP_VERSION + 7; /* a newer minor is fine */
	assert_int_equal(svnic_open_transport(&fake_card_ops, &fc, NULL, &card, &e), 0);
	svnic_close(card);
	fake_card_init(&fc);
	fc.qpv = 0;
	assert_int_equal(svnic_open_transport(&fake_card_ops, &fc, NULL, &card, &e),
			 -EPROTO);
}

/* ---- Request encoding of every command ---- */

static void card_info_and_stats(void **state)
{
	struct fixture *f = *state;
	struct svnic_card_info ci;
	struct svnic_card_stats cs;
	struct svnic_err e;

	assert_int_equal(svnic_card_info(f->card, &ci, &e), 0);
	assert_int_equal(f->fc.last_req[0], SVNIC_MBOX_OP_CARD_INFO | 8u << 16);
	assert_int_equal(f->fc.last_req[1], 0);
	assert_int_equal(f->fc.last_cmd_writes, 2);
	assert_int_equal(f->fc.rsp_reads, sizeof(struct svnic_mbox_card_info_rsp) / 4);
	assert_int_equal(ci.abi_version, SVNIC_MBOX_ABI_VERSION);
	assert_int_equal(ci.fw_version, 0x102);
	assert_int_equal(ci.num_vifs, FAKE_VIFS);
	assert_int_equal(ci.queues_per_vif, FAKE_QPV);
	assert_int_equal(ci.max_queue_size, 1024);
	assert_int_equal(ci.max_windows, FAKE_WINDOWS);
	assert_int_equal(ci.max_frame, FAKE_MAX_FRAME);
	assert_int_equal(ci.features, FAKE_FEATURES);
	assert_int_equal(f->fc.lock_held, 0);
	assert_int_equal(f->fc.lock_releases, 1);

	assert_int_equal(svnic_card_stats(f->card, &cs, &e), 0);
	assert_int_equal(f->fc.last_req[0], SVNIC_MBOX_OP_CARD_STATS | 8u << 16);
	assert_int_equal(cs.wire_rx_frames, 11);
	assert_int_equal(cs.wire_rx_drop_novif, 22);
	assert_int_equal(cs.wire_rx_drop_err, 33);
	assert_int_equal(cs.wire_tx_frames, 44);
}

static void vif_create_query_destroy(void **state)
{
	struct fixture *f = *state;
	uint8_t mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	struct svnic_vif_info vi;
	struct svnic_err e;
	uint32_t vif = 99;

	assert_int_equal(svnic_vif_create(f->card, mac, &vif, &e), 0);
	assert_int_equal(vif, 0);
	assert_int_equal(f->fc.last_req[0], SVNIC_MBOX_OP_VIF_CREATE | 16u << 16);
	assert_int_equal(f->fc.last_req[2], 0x33221102u);
	assert_int_equal(f->fc.last_req[3], 0x00005544u);
	assert_int_equal(f->fc.last_cmd_writes, 4);

	/* The same MAC again: EXISTS */
	assert_int_equal(svnic_vif_create(f->card, mac, &vif, &e), -EEXIST);
	assert_int_equal(e.mbox_status, SVNIC_MBOX_ST_EXISTS);
	assert_non_null(strstr(e.msg, "VIF_CREATE"));
	assert_non_null(strstr(e.msg, "already in use"));

	/* Multicast and zero never reach the card. */
	f->fc.doorbells = 0;
	assert_int_equal(svnic_vif_create(f->card, (uint8_t[]){ 1, 0, 0, 0, 0, 1 },
					  &vif, &e),
			 -EINVAL);
	assert_int_equal(svnic_vif_create(f->card, (uint8_t[]){ 0, 0, 0, 0, 0, 0 },
					  &vif, &e),
			 -EINVAL);
	assert_int_equal(f->fc.doorbells, 0);

	assert_int_equal(svnic_vif_query(f->card, 0, &vi, &e), 0);
	/* VIF_QUERY, VIF_QUERY_TX for the TX settings, VIF_QUERY_RX for the
	 * RX buffer's, then VIF_QUERY_QUEUES from pair 0 (one call: the VIF
	 * has one pair) */
	assert_int_equal(f->fc.last_req[0],
			 SVNIC_MBOX_OP_VIF_QUERY_QUEUES |
				 (uint32_t)sizeof(struct svnic_mbox_vif_query_queues_req) << 16);
	assert_int_equal(f->fc.last_req[1], 0);
	assert_int_equal(f->fc.rsp_reads, sizeof(struct svnic_mbox_vif_query_queues_rsp) / 4);
	assert_int_equal(vi.queue_pairs, 1);
	assert_int_equal(vi.pair_rx_frames[0], 200);
	assert_int_equal(vi.pair_tx_frames[0], 300);
	assert_int_equal(vi.vif, 0);
	assert_int_equal(vi.state, SVNIC_VIF_READY);
	assert_int_equal(vi.error, SVNIC_VIF_ERR_NONE);
	assert_memory_equal(vi.mac, mac, 6);
	assert_int_equal(vi.queues, 0);
	assert_int_equal(vi.rx_frames, 101);
	assert_int_equal(vi.rx_bytes, 102);
	assert_int_equal(vi.rx_drop_full, 103);
	assert_int_equal(vi.tx_frames, 104);
	assert_int_equal(vi.tx_bytes, 105);
	assert_int_equal(vi.rx_delivered, 106);
	assert_int_equal(vi.rx_drop_small, 107);
	assert_int_equal(vi.tx_bad_frames, 108);
	assert_int_equal(vi.notifies, 109);
	assert_int_equal(vi.errors, 110);
	assert_int_equal(vi.tx_csum_refused, 111);
	assert_int_equal(vi.tx_csum_bad, 112);
	assert_int_equal(vi.rx_drop_quota, 113);
	assert_int_equal(vi.rx_drop_toolong, 114);
	assert_int_equal(vi.rx_quota_bytes, 16384);
	assert_int_equal(vi.rx_held_bytes, 128);
	assert_int_equal(vi.rx_drop_reset, 116);
	assert_int_equal(vi.tx_tso_aborted, 117);
	assert_int_equal(vi.queue_resets, 118);
	assert_int_equal(vi.status, 0);
	assert_false(vi.status_driven);

	/* A free VIF: BAD_VIF -> ENOENT, only the header read. */
	assert_int_equal(svnic_vif_query(f->card, 1, &vi, &e), -ENOENT);
	assert_int_equal(e.mbox_status, SVNIC_MBOX_ST_BAD_VIF);
	assert_int_equal(f->fc.rsp_reads, 2);
	/* Out of range: refused before the card. */
	f->fc.doorbells = 0;
	assert_int_equal(svnic_vif_query(f->card, FAKE_VIFS, &vi, &e), -ENOENT);
	assert_int_equal(e.mbox_status, -1);
	assert_non_null(strstr(e.msg, "does not exist"));
	assert_int_equal(f->fc.doorbells, 0);

	assert_int_equal(svnic_vif_set_features(f->card, 0, 0x123456789abcdef0ull, &e), 0);
	assert_int_equal(f->fc.last_req[0], SVNIC_MBOX_OP_VIF_SET_FEATURES | 16u << 16);
	assert_int_equal(f->fc.last_req[2], 0x9abcdef0u);
	assert_int_equal(f->fc.last_req[3], 0x12345678u);
	assert_int_equal(f->fc.vifs[0].features, 0x123456789abcdef0ull);

	/* The device status: written as the driver wrote it, read back as
	 * the card answers (FEATURES_OK refused: features without VERSION_1),
	 * and reported by svnic_vif_query. */
	uint8_t back = 0xff;
	assert_int_equal(svnic_vif_set_status(f->card, 0, 0x0b, &back, &e), 0);
	assert_int_equal(f->fc.last_req[0], SVNIC_MBOX_OP_VIF_SET_STATUS | 16u << 16);
	assert_int_equal(f->fc.last_req[2], 0x0b);
	assert_int_equal(f->fc.last_req[3], 0);
	assert_int_equal(back, 0x03);
	assert_int_equal(svnic_vif_set_features(f->card, 0, SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1), &e), 0);
	assert_int_equal(svnic_vif_set_status(f->card, 0, 0x0f, &back, &e), 0);
	assert_int_equal(back, 0x0f);
	assert_int_equal(svnic_vif_query(f->card, 0, &vi, &e), 0);
	assert_int_equal(vi.status, 0x0f);
	assert_true(vi.status_driven);
	char sb[SVNIC_VIRTIO_STATUS_STRLEN];
	assert_string_equal(svnic_virtio_status_str(vi.status, sb, sizeof(sb)),
			    "acknowledge|driver|features_ok|driver_ok");
	assert_string_equal(svnic_virtio_status_str(0, sb, sizeof(sb)), "reset");
	assert_string_equal(svnic_virtio_status_str(0xc3, sb, sizeof(sb)),
			    "acknowledge|driver|needs_reset|failed");
	/* not a status: refused before the card */
	f->fc.doorbells = 0;
	assert_int_equal(svnic_vif_set_status(f->card, 0, 0x10, &back, &e), -EINVAL);
	assert_int_equal(f->fc.doorbells, 0);

	assert_int_equal(svnic_vif_reset(f->card, 0, &e), 0);
	assert_int_equal(f->fc.last_req[0], SVNIC_MBOX_OP_VIF_RESET | 8u << 16);
	assert_int_equal(svnic_vif_query(f->card, 0, &vi, &e), 0);
	assert_int_equal(vi.status, 0);
	assert_true(vi.status_driven);

	assert_int_equal(svnic_vif_destroy(f->card, 0, &e), 0);
	assert_int_equal(f->fc.last_req[0], SVNIC_MBOX_OP_VIF_DESTROY | 8u << 16);
	assert_false(f->fc.vifs[0].used);
	assert_int_equal(svnic_vif_destroy(f->card, 0, &e), -ENOENT);
}

static void dma_map_does_transport_then_command(void **state)
{
	struct fixture *f = *state;
	struct svnic_err e;
	int fd = eventfd(0, EFD_CLOEXEC); /* any fd will do for the fake */
	uint32_t vif = create_vif(f, 1);

	assert_int_equal(svnic_dma_map(f->card, vif, 0x100000, 0x200000, fd, 0x3000, &e), 0);
	assert_int_equal(f->fc.last_req[0], SVNIC_MBOX_OP_DMA_MAP | 24u << 16);
	assert_int_equal(f->fc.last_req[1], vif);
	assert_int_equal(f->fc.last_req[2], 0x100000);
	assert_int_equal(f->fc.last_req[3], 0);
	assert_int_equal(f->fc.last_req[4], 0x200000);
	assert_true(f->fc.maps[0].used);
	assert_int_equal(f->fc.maps[0].domain, vif);
	assert_int_equal(f->fc.maps[0].iova, 0x100000);
	assert_int_equal(f->fc.maps[0].size, 0x200000);
	assert_int_equal(f->fc.maps[0].offset, 0x3000);
	assert_true(f->fc.maps[0].fd >= 0);
	assert_true(f->fc.vifs[vif].win[0].used);

	/* Firmware refuses (VIF 3 was never created): transport map undone. */
	assert_int_equal(svnic_dma_map(f->card, 3, 0x100000, 0x200000, fd, 0, &e),
			 -ENOENT);
	assert_int_equal(e.mbox_status, SVNIC_MBOX_ST_BAD_VIF);
	assert_int_equal(f->fc.map_calls, 2);
	assert_int_equal(f->fc.unmap_calls, 1);
	assert_true(f->fc.maps[0].used);
	assert_false(f->fc.maps[1].used);

	/* Transport refuses: no command sent. */
	f->fc.fail_dma_map = ENOMEM;
	f->fc.doorbells = 0;
	assert_int_equal(svnic_dma_map(f->card, vif, 0x900000, 0x1000, fd, 0, &e),
			 -ENOMEM);
	assert_int_equal(f->fc.doorbells, 0);
	f->fc.fail_dma_map = 0;

	/* Bad ranges never reach anything. */
	assert_int_equal(svnic_dma_map(f->card, vif, 0x1000, 0, fd, 0, &e), -EINVAL);
	assert_int_equal(svnic_dma_map(f->card, vif, ~0ull - 10, 0x1000, fd, 0, &e),
			 -EINVAL);

	/* Unmap: command, then transport. */
	assert_int_equal(svnic_dma_unmap(f->card, vif, 0x100000, 0x200000, &e), 0);
	assert_int_equal(f->fc.last_req[0], SVNIC_MBOX_OP_DMA_UNMAP | 24u << 16);
	assert_false(f->fc.maps[0].used);
	assert_false(f->fc.vifs[vif].win[0].used);
	/* Unmapping it again: both halves fail, the command's error wins. */
	assert_int_equal(svnic_dma_unmap(f->card, vif, 0x100000, 0x200000, &e), -EINVAL);
	assert_int_equal(e.mbox_status, SVNIC_MBOX_ST_BAD_ARG);
	close(fd);
}

static void queue_attach_and_detach(void **state)
{
	struct fixture *f = *state;
	struct svnic_err e;
	int kick = eventfd(0, EFD_CLOEXEC), call = eventfd(0, EFD_CLOEXEC);
	uint32_t vif;
	struct svnic_queue_cfg cfg = {
		.queue = 1,
		.size = 256,
		.desc = 0x1000,
		.avail = 0x2000,
		.used = 0x3000,
		.avail_idx = 7,
		.used_idx = 6,
		.kickfd = kick,
		.callfd = call,
	};
	uint32_t vec, db;
	uint16_t a = 0, u = 0;
	struct svnic_mbox_queue_attach_req q;
	uint64_t one = 1, got = 0;

	create_vif(f, 1);
	vif = create_vif(f, 2);
	assert_int_equal(vif, 1);
	vec = vif * FAKE_QPV + 1;
	db = (SVNIC_HOST_DOORBELL(vif, 1, FAKE_QPV) - SVNIC_HOST_QUEUE_DOORBELL) / 4;
	assert_int_equal(svnic_queue_attach(f->card, vif, &cfg, &e), 0);
	memcpy(&q, f->fc.last_req, sizeof(q));
	assert_int_equal(q.h.opcode, SVNIC_MBOX_OP_QUEUE_ATTACH);
	assert_int_equal(q.h.len, sizeof(q));
	assert_int_equal(q.h.vif, vif);
	assert_int_equal(q.queue, 1);
	assert_int_equal(q.size, 256);
	assert_int_equal(q.desc, 0x1000);
	assert_int_equal(q.avail, 0x2000);
	assert_int_equal(q.used, 0x3000);
	assert_int_equal(q.avail_idx, 7);
	assert_int_equal(q.used_idx, 6);
	assert_int_equal(q.vector, vec);
	assert_int_equal(q.flags, 0); /* split */
	assert_int_equal(f->fc.last_cmd_writes, sizeof(q) / 4);
	/* The irq is the callfd, the doorbell's ioeventfd the kickfd. */
	assert_true(f->fc.irq_fd[vec] >= 0);
	assert_true(f->fc.db_fd[db] >= 0);
	assert_int_equal(f->fc.db_value[db], 1);
	assert_int_equal(write(f->fc.irq_fd[vec], &one, 8), 8);
	assert_int_equal(read(call, &got, 8), 8);
	assert_int_equal(got, 1);
	assert_int_equal(write(f->fc.db_fd[db], &one, 8), 8);
	assert_int_equal(read(kick, &got, 8), 8);

	/* Attaching it twice: BAD_STATE; its bindings are cleared again. */
	assert_int_equal(svnic_queue_attach(f->card, vif, &cfg, &e), -EBUSY);
	assert_int_equal(e.mbox_status, SVNIC_MBOX_ST_BAD_STATE);
	assert_int_equal(f->fc.irq_fd[vec], -1);
	assert_int_equal(f->fc.db_fd[db], -1);

	/* Detach returns the device's indices and clears the bindings. */
	assert_int_equal(svnic_queue_detach(f->card, vif, 1, &a, &u, &e), 0);
	assert_int_equal(f->fc.last_req[0], SVNIC_MBOX_OP_QUEUE_DETACH | 16u << 16);
	assert_int_equal(f->fc.last_req[1], vif);
	assert_int_equal(f->fc.last_req[2], 1);
	assert_int_equal(a, 12);
	assert_int_equal(u, 9);
	assert_int_equal(f->fc.irq_fd[vec], -1);
	assert_int_equal(f->fc.db_fd[db], -1);
	assert_int_equal(svnic_queue_detach(f->card, vif, 1, NULL, NULL, &e), -EBUSY);

	/* Checked before anything is touched. */
	f->fc.irq_sets = 0;
	cfg.size = 100;
	assert_int_equal(svnic_queue_attach(f->card, vif, &cfg, &e), -EINVAL);
	assert_non_null(strstr(e.msg, "power of two"));
	cfg.size = 256;
	cfg.flags = 2; /* no such flag */
	assert_int_equal(svnic_queue_attach(f->card, vif, &cfg, &e), -EINVAL);
	assert_non_null(strstr(e.msg, "unknown flags"));
	cfg.flags = 0;
	cfg.queue = FAKE_QPV;
	assert_int_equal(svnic_queue_attach(f->card, vif, &cfg, &e), -EINVAL);
	assert_int_equal(f->fc.irq_sets, 0);
	/* A packed ring of any size goes to the card with its flag (this
	 * stand-in card takes powers of two only). */
	cfg.queue = 0;
	cfg.size = 100;
	cfg.flags = SVNIC_QUEUE_F_PACKED;
	assert_int_equal(svnic_queue_attach(f->card, vif, &cfg, &e), -EINVAL);
	assert_int_equal(e.mbox_status, SVNIC_MBOX_ST_BAD_ARG);
	memcpy(&q, f->fc.last_req, sizeof(q));
	assert_int_equal(q.size, 100);
	assert_int_equal(q.flags, SVNIC_QUEUE_F_PACKED);
	cfg.flags = 0;
	/* Firmware refuses a size: bindings undone. */
	cfg.queue = 0;
	cfg.size = 4096;
	assert_int_equal(svnic_queue_attach(f->card, vif, &cfg, &e), -EINVAL);
	assert_int_equal(e.mbox_status, SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(f->fc.irq_fd[vif * FAKE_QPV], -1);
	/* No kickfd / callfd: -1 passes through. */
	cfg.size = 64;
	cfg.kickfd = cfg.callfd = -1;
	assert_int_equal(svnic_queue_attach(f->card, vif, &cfg, &e), 0);
	assert_int_equal(f->fc.irq_fd[vif * FAKE_QPV], -1);
	close(kick);
	close(call);
}

/* ---- Response validation ---- */

static void response_length_is_validated(void **state)
{
	struct fixture *f = *state;
	struct svnic_card_info ci;
	struct svnic_err e;
	static const int bad_lens[] = { 4, 6, 10, 132, 256, 0x7fffffff };

	for (size_t i = 0; i < sizeof(bad_lens) / sizeof(bad_lens[0]); i++) {
		f->fc.rsp_len_override = bad_lens[i];
		assert_int_equal(svnic_card_info(f->card, &ci, &e), -EPROTO);
		assert_non_null(strstr(e.msg, "response length"));
		assert_int_equal(f->fc.rsp_reads, 2); /* the header only */
		assert_false(f->fc.lock_held);
	}
	/* Well-formed but shorter than CARD_INFO's response. */
	f->fc.rsp_len_override = 16;
	assert_int_equal(svnic_card_info(f->card, &ci, &e), -EPROTO);
	assert_non_null(strstr(e.msg, "16 bytes, 32 expected"));
	assert_int_equal(f->fc.rsp_reads, 4);
	/* The first CARD_INFO, without the frame limit: standard frames. */
	f->fc.rsp_len_override = SVNIC_MBOX_CARD_INFO_V1_LEN;
	assert_int_equal(svnic_card_info(f->card, &ci, &e), 0);
	assert_int_equal(ci.max_frame, 1518);
	assert_int_equal(ci.max_windows, FAKE_WINDOWS);
	/* Longer than needed: fine, the extra words fit the area. */
	f->fc.rsp_len_override = 64;
	assert_int_equal(svnic_card_info(f->card, &ci, &e), 0);
	assert_int_equal(ci.max_frame, FAKE_MAX_FRAME);
	f->fc.rsp_len_override = 0;
}

static void low_level_exec_reads_only_len_words(void **state)
{
	struct fixture *f = *state;
	struct svnic_mbox_hdr req = { .opcode = 0x7f, .len = 8, .vif = 0 };
	uint32_t rsp[32];
	struct svnic_err e;

	assert_int_equal(svnic_mbox_exec(f->card, &req, sizeof(req), rsp, sizeof(rsp),
					 8, &e),
			 -EOPNOTSUPP);
	assert_int_equal(e.mbox_status, SVNIC_MBOX_ST_BAD_OPCODE);
	assert_int_equal(rsp[0], SVNIC_MBOX_ST_BAD_OPCODE);
	assert_int_equal(f->fc.rsp_reads, 2);
	assert_non_null(strstr(e.msg, "UNKNOWN_OPCODE"));
	/* A header whose len lies: the firmware says BAD_LENGTH. */
	req.opcode = SVNIC_MBOX_OP_CARD_INFO;
	req.len = 12;
	assert_int_equal(svnic_mbox_exec(f->card, &req, sizeof(req), rsp, sizeof(rsp),
					 8, &e),
			 -EPROTO);
	assert_int_equal(e.mbox_status, SVNIC_MBOX_ST_BAD_LENGTH);
	/* Request sizes out of range are refused locally. */
	assert_int_equal(svnic_mbox_exec(f->card, &req, 4, rsp, sizeof(rsp), 8, &e),
			 -EINVAL);
	assert_int_equal(svnic_mbox_exec(f->card, &req, 132, rsp, sizeof(rsp), 8, &e),
			 -EINVAL);
}

static void every_status_has_its_errno_and_message(void **state)
{
	struct fixture *f = *state;
	static const struct {
		int status, err;
		const char *name, *text;
	} t[] = {
		{ 1, -EOPNOTSUPP, "BAD_OPCODE", "unknown command" },
		{ 2, -EPROTO, "BAD_LENGTH", "request length does not match" },
		{ 3, -ENOENT, "BAD_VIF", "no such VIF" },
		{ 4, -EINVAL, "BAD_ARG", "out of range" },
		{ 5, -ENOSPC, "NO_SPACE", "no free VIF" },
		{ 6, -EEXIST, "EXISTS", "already in use" },
		{ 7, -EBUSY, "BAD_STATE", "not in a state" },
		{ 42, -EPROTO, "?", "unknown status" },
	};
	struct svnic_card_stats cs;
	struct svnic_err e;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		f->fc.force_status = t[i].status;
		assert_int_equal(svnic_card_stats(f->card, &cs, &e), t[i].err);
		assert_int_equal(e.code, t[i].err);
		assert_int_equal(e.mbox_status, t[i].status);
		assert_non_null(strstr(e.msg, t[i].name));
		assert_non_null(strstr(e.msg, t[i].text));
		assert_non_null(strstr(e.msg, "CARD_STATS"));
	}
	f->fc.force_status = -1;
	/* err may be NULL. */
	f->fc.force_status = 3;
	assert_int_equal(svnic_card_stats(f->card, &cs, NULL), -ENOENT);
	f->fc.force_status = -1;
}

/* ---- Lock and timeouts ---- */

static void lock_contention_waits_then_wins(void **state)
{
	struct fixture *f = *state;
	struct svnic_card_info ci;
	struct svnic_err e;

	f->fc.other_holder_reads = 5;
	assert_int_equal(svnic_card_info(f->card, &ci, &e), 0);
	assert_int_equal(f->fc.other_holder_reads, 0);
}

static void lock_held_too_long_is_a_clear_error(void **state)
{
	struct fixture *f = *state;
	struct svnic_card_info ci;
	struct svnic_err e;
	uint64_t t0 = ms_now();

	f->fc.other_holder_reads = -1;
	assert_int_equal(svnic_card_info(f->card, &ci, &e), -ETIMEDOUT);
	assert_true(ms_now() - t0 >= 50);
	assert_true(ms_now() - t0 < 1000);
	assert_non_null(strstr(e.msg, "held by another client for more than 50 ms"));
	assert_int_equal(f->fc.doorbells, 0);
	assert_int_equal(f->fc.lock_releases, 0); /* never ours to release */
	f->fc.other_holder_reads = 0;
	assert_int_equal(svnic_card_info(f->card, &ci, &e), 0);
}

static void silent_firmware_times_out_and_releases(void **state)
{
	struct fixture *f = *state;
	struct svnic_card_info ci;
	struct svnic_err e;
	uint64_t t0 = ms_now();

	f->fc.busy_polls = -1;
	assert_int_equal(svnic_card_info(f->card, &ci, &e), -ETIMEDOUT);
	assert_true(ms_now() - t0 >= 100);
	assert_true(ms_now() - t0 < 1500);
	assert_non_null(strstr(e.msg, "did not complete CARD_INFO within 100 ms"));
	assert_non_null(strstr(e.msg, "busy"));
	assert_false(f->fc.lock_held);
	/* A slow but alive firmware is waited for. */
	f->fc.busy_polls = 40;
	assert_int_equal(svnic_card_info(f->card, &ci, &e), 0);
}

static void transport_error_mid_command_releases(void **state)
{
	struct fixture *f = *state;
	struct svnic_card_info ci;
	struct svnic_err e;

	f->fc.fail_reg_read = SVNIC_HOST_MBOX_STATUS;
	assert_int_equal(svnic_card_info(f->card, &ci, &e), -EIO);
	assert_false(f->fc.lock_held);
	f->fc.fail_reg_read = -1;
	assert_int_equal(svnic_card_info(f->card, &ci, &e), 0);
}

static void *hammer(void *arg)
{
	struct svnic *card = arg;
	struct svnic_card_info ci;
	struct svnic_err e;

	for (int i = 0; i < 300; i++)
		if (svnic_card_info(card, &ci, &e) < 0 || ci.num_vifs != FAKE_VIFS)
			return (void *)1;
	return NULL;
}

static void handle_is_thread_safe(void **state)
{
	struct fixture *f = *state;
	pthread_t t[3];
	void *r;

	for (int i = 0; i < 3; i++)
		assert_int_equal(pthread_create(&t[i], NULL, hammer, f->card), 0);
	for (int i = 0; i < 3; i++) {
		pthread_join(t[i], &r);
		assert_null(r);
	}
	assert_int_equal(f->fc.doorbells, 900);
	assert_int_equal(f->fc.lock_releases, 900);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(open_reads_the_register_window),
		cmocka_unit_test(open_rejects_wrong_id_and_version),
		T(card_info_and_stats),
		T(vif_create_query_destroy),
		T(dma_map_does_transport_then_command),
		T(queue_attach_and_detach),
		T(response_length_is_validated),
		T(low_level_exec_reads_only_len_words),
		T(every_status_has_its_errno_and_message),
		T(lock_contention_waits_then_wins),
		T(lock_held_too_long_is_a_clear_error),
		T(silent_firmware_times_out_and_releases),
		T(transport_error_mid_command_releases),
		T(handle_is_thread_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
