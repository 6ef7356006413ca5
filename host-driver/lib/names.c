/* SPDX-License-Identifier: MIT */
/* Error reporting helpers and the names of firmware enums. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "svnic/mbox.h"

int svnic_fail(struct svnic_err *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;

		err->code = code;
		err->mbox_status = -1;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

uint64_t svnic_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void svnic_sleep_us(unsigned us)
{
	struct timespec req = { .tv_sec = us / 1000000u,
				.tv_nsec = (long)(us % 1000000u) * 1000 };
	struct timespec rem;

	/* Each interruption leaves less to sleep: bounded by the sleep itself;
	 * 64 signals in a row are treated as "slept enough". */
	for (int i = 0; i < 64; i++) {
		if (nanosleep(&req, &rem) == 0 || errno != EINTR)
			return;
		req = rem;
	}
}

const char *svnic_mbox_status_str(uint32_t status)
{
	switch (status) {
#define S_(name, val, desc) \
	case SVNIC_MBOX_ST_##name: \
		return desc;
		SVNIC_MBOX_STATUSES(S_)
#undef S_
	}
	return "unknown status";
}

const char *svnic_mbox_status_name(uint32_t status)
{
	switch (status) {
#define S_(name, val, desc) \
	case SVNIC_MBOX_ST_##name: \
		return #name;
		SVNIC_MBOX_STATUSES(S_)
#undef S_
	}
	return "?";
}

int svnic_mbox_status_errno(uint32_t status)
{
	switch (status) {
	case SVNIC_MBOX_ST_OK:
		return 0;
	case SVNIC_MBOX_ST_BAD_OPCODE:
		return -EOPNOTSUPP;
	case SVNIC_MBOX_ST_BAD_LENGTH:
		return -EPROTO;
	case SVNIC_MBOX_ST_BAD_VIF:
		return -ENOENT;
	case SVNIC_MBOX_ST_BAD_ARG:
		return -EINVAL;
	case SVNIC_MBOX_ST_NO_SPACE:
		return -ENOSPC;
	case SVNIC_MBOX_ST_EXISTS:
		return -EEXIST;
	case SVNIC_MBOX_ST_REFUSED:
		return -EBADMSG;
	case SVNIC_MBOX_ST_BAD_STATE:
		return -EBUSY;
	}
	return -EPROTO;
}

const char *svnic_vif_state_str(uint32_t state)
{
	switch (state) {
	case SVNIC_VIF_FREE:
		return "free";
	case SVNIC_VIF_READY:
		return "ready";
	case SVNIC_VIF_RUNNING:
		return "running";
	case SVNIC_VIF_NEEDS_RESET:
		return "needs-reset";
	}
	return "unknown";
}

const char *svnic_virtio_status_str(uint32_t status, char *buf, size_t len)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} bits[] = {
		{ SVNIC_VIRTIO_S_ACKNOWLEDGE, "acknowledge" }, { SVNIC_VIRTIO_S_DRIVER, "driver" },
		{ SVNIC_VIRTIO_S_FEATURES_OK, "features_ok" }, { SVNIC_VIRTIO_S_DRIVER_OK, "driver_ok" },
		{ SVNIC_VIRTIO_S_NEEDS_RESET, "needs_reset" }, { SVNIC_VIRTIO_S_FAILED, "failed" },
	};
	size_t used = 0;

	if (!buf || len == 0)
		return "";
	buf[0] = '\0';
	if (status == 0) {
		snprintf(buf, len, "reset");
		return buf;
	}
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		if (!(status & bits[i].bit))
			continue;
		int n = snprintf(buf + used, len - used, "%s%s", used ? "|" : "", bits[i].name);
		if (n < 0 || (size_t)n >= len - used)
			return buf;
		used += (size_t)n;
	}
	if (status & ~SVNIC_VIRTIO_S_ALL)
		snprintf(buf + used, len - used, "%s0x%x", used ? "|" : "", status & ~SVNIC_VIRTIO_S_ALL);
	return buf;
}

const char *svnic_vif_error_str(uint32_t error)
{
	switch (error) {
#define E_(name, val, desc) \
	case SVNIC_VIF_ERR_##name: \
		return desc;
		SVNIC_VIF_ERRORS(E_)
#undef E_
	}
	return "unknown error";
}
