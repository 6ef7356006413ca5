/* SPDX-License-Identifier: MIT */
/*
 * vhost-user front-end message layer (internal to svnic_guest).
 *
 * Wire format (vhost-user protocol): a 12-byte header of three native-endian
 * u32 (request, flags, payload size) followed by `size` payload bytes; file
 * descriptors travel as SCM_RIGHTS ancillary data with the header.
 * Encoders write into a caller buffer and return the total length, or 0 when
 * the buffer is too small. Decoders validate everything the back-end sent
 * before any field is used.
 */
#ifndef SVNIC_GUEST_VHOST_USER_H
#define SVNIC_GUEST_VHOST_USER_H

#include <stddef.h>
#include <stdint.h>

enum svnic_vu_request {
	SVNIC_VU_GET_FEATURES = 1,
	SVNIC_VU_SET_FEATURES = 2,
	SVNIC_VU_SET_OWNER = 3,
	SVNIC_VU_RESET_OWNER = 4,
	SVNIC_VU_SET_MEM_TABLE = 5,
	SVNIC_VU_SET_LOG_BASE = 6,
	SVNIC_VU_SET_LOG_FD = 7,
	SVNIC_VU_SET_VRING_NUM = 8,
	SVNIC_VU_SET_VRING_ADDR = 9,
	SVNIC_VU_SET_VRING_BASE = 10,
	SVNIC_VU_GET_VRING_BASE = 11,
	SVNIC_VU_SET_VRING_KICK = 12,
	SVNIC_VU_SET_VRING_CALL = 13,
	SVNIC_VU_SET_VRING_ERR = 14,
	SVNIC_VU_GET_PROTOCOL_FEATURES = 15,
	SVNIC_VU_SET_PROTOCOL_FEATURES = 16,
	SVNIC_VU_GET_QUEUE_NUM = 17,
	SVNIC_VU_SET_VRING_ENABLE = 18,
	SVNIC_VU_REQ_MAX_KNOWN = 18,
};

#define SVNIC_VU_VERSION 0x1u
#define SVNIC_VU_VERSION_MASK 0x3u
#define SVNIC_VU_FLAG_REPLY (1u << 2)
#define SVNIC_VU_FLAG_NEED_REPLY (1u << 3)
#define SVNIC_VU_HDR_SIZE 12u

/* Virtio feature bit the back-end offers when it speaks protocol features. */
#define SVNIC_VU_F_PROTOCOL_FEATURES 30
/* Protocol feature bits the front-end understands. */
#define SVNIC_VU_PROTOCOL_F_MQ 0
#define SVNIC_VU_PROTOCOL_F_REPLY_ACK 3

/* SET_VRING_KICK/CALL payload: bits 0-7 queue index, bit 8 "no fd". */
#define SVNIC_VU_VRING_IDX_MASK 0xffu
#define SVNIC_VU_VRING_NOFD (1u << 8)

#define SVNIC_VU_MAX_REGIONS 8u
#define SVNIC_VU_MAX_FDS 8u
/* Largest payload this front-end sends or accepts (memory table of 8). */
#define SVNIC_VU_MAX_PAYLOAD (8u + 32u * SVNIC_VU_MAX_REGIONS)
#define SVNIC_VU_MAX_MSG (SVNIC_VU_HDR_SIZE + SVNIC_VU_MAX_PAYLOAD)

struct svnic_vu_region {
	uint64_t guest_phys_addr;
	uint64_t memory_size;
	uint64_t userspace_addr;
	uint64_t mmap_offset;
};

struct svnic_vu_hdr {
	uint32_t request;
	uint32_t flags;
	uint32_t size;
};

/* Name of a request for messages ("GET_FEATURES"), "UNKNOWN" otherwise. */
const char *svnic_vu_request_name(uint32_t request);

/* Encoders: total message length, or 0 when `cap` is too small. */
size_t svnic_vu_encode_empty(uint8_t *buf, size_t cap, uint32_t req,
			     uint32_t flags);
size_t svnic_vu_encode_u64(uint8_t *buf, size_t cap, uint32_t req,
			   uint32_t flags, uint64_t value);
size_t svnic_vu_encode_state(uint8_t *buf, size_t cap, uint32_t req,
			     uint32_t flags, uint32_t index, uint32_t num);
size_t svnic_vu_encode_addr(uint8_t *buf, size_t cap, uint32_t flags,
			    uint32_t index, uint64_t desc_uaddr,
			    uint64_t used_uaddr, uint64_t avail_uaddr);
size_t svnic_vu_encode_mem_table(uint8_t *buf, size_t cap, uint32_t flags,
				 const struct svnic_vu_region *regions,
				 unsigned nregions);

/*
 * Validate the header of a message from the back-end: at least 12 bytes,
 * version 1, the REPLY flag set, payload size <= SVNIC_VU_MAX_PAYLOAD.
 * Returns 0 or -EPROTO (reason in err).
 */
int svnic_vu_decode_hdr(const uint8_t *buf, size_t len,
			struct svnic_vu_hdr *hdr, char *err, size_t errlen);

/*
 * Validate a complete reply to `expect_req` carrying one u64 (the answer to
 * a GET_* or a REPLY_ACK status): header valid, request matches, payload
 * exactly 8 bytes and `len` exactly header + 8. Returns 0 or -EPROTO.
 */
int svnic_vu_decode_u64_reply(const uint8_t *buf, size_t len,
			      uint32_t expect_req, uint64_t *value, char *err,
			      size_t errlen);

/*
 * Socket helpers. All return 0 or a negative errno and write a message that
 * names the request and the socket path into err.
 */
int svnic_vu_connect(const char *path, unsigned timeout_ms, int *fd_out,
		     char *err, size_t errlen);
int svnic_vu_send(int fd, const uint8_t *msg, size_t len, const int *fds,
		  unsigned nfds);
/*
 * Receive one whole message (header + payload) into buf within timeout_ms.
 * The payload size is validated before it is read; any file descriptors
 * that arrive are closed and the message is rejected (no reply carries fds).
 */
int svnic_vu_recv(int fd, unsigned timeout_ms, uint8_t *buf, size_t cap,
		  size_t *len, char *err, size_t errlen);

#endif
