/* SPDX-License-Identifier: MIT */
/*
 * The XRT transport: an AMD Alveo card running the svnic shell, opened
 * through XRT's C API (xrt:N is XRT's device index N). The card's host
 * register window is the register space of the `svnic_top` kernel in the
 * loaded xclbin, read and written 32 bits at a time.
 *
 * What XRT gives a user process is register access: enough for every
 * mailbox command (card info, statistics, VIF management, flashing). Guest
 * memory mappings, interrupt eventfds and doorbell eventfds need the card's
 * own VFIO function, so those operations answer -EOPNOTSUPP here.
 *
 * Debian's XRT looks for its libraries under $XILINX_XRT/lib, which does not
 * match where the package installs them; when XILINX_XRT is not set, this
 * transport points it at a private directory whose lib links to the
 * directory the XRT library was loaded from.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "svnic/svnic_transport.h"
#include "xrt/xrt_device.h"
#include "xrt/xrt_kernel.h"

#define XRT_KERNEL_NAME "svnic_top"

struct xrt_link {
	xrtDeviceHandle dev;
	xrtKernelHandle krn;
	unsigned index;
};

static char shim_dir[64]; /* the private XILINX_XRT, or "" */

static int xrt_reg_read(void *ctx, uint32_t reg, uint32_t *value, struct svnic_err *err)
{
	struct xrt_link *l = ctx;

	if (xrtKernelReadRegister(l->krn, reg, value) != 0)
		return svnic_fail(err, -EIO, "xrt:%u: reading register 0x%04x failed", l->index, reg);
	return 0;
}

static int xrt_reg_write(void *ctx, uint32_t reg, uint32_t value, struct svnic_err *err)
{
	struct xrt_link *l = ctx;

	if (xrtKernelWriteRegister(l->krn, reg, value) != 0)
		return svnic_fail(err, -EIO, "xrt:%u: writing register 0x%04x failed", l->index, reg);
	return 0;
}

static int unsupported(void *ctx, const char *what, struct svnic_err *err)
{
	struct xrt_link *l = ctx;

	return svnic_fail(err, -EOPNOTSUPP,
			  "xrt:%u: %s needs the card's VFIO function; XRT gives register "
			  "access only (card commands and flashing work over xrt:)",
			  l->index, what);
}

static int xrt_dma_map(void *ctx, uint32_t domain, uint64_t iova, uint64_t size, int fd,
		       uint64_t offset, struct svnic_err *err)
{
	(void)domain, (void)iova, (void)size, (void)fd, (void)offset;
	return unsupported(ctx, "mapping guest memory", err);
}

static int xrt_dma_unmap(void *ctx, uint32_t domain, uint64_t iova, uint64_t size,
			 struct svnic_err *err)
{
	(void)domain, (void)iova, (void)size;
	return unsupported(ctx, "unmapping guest memory", err);
}

static int xrt_set_irq(void *ctx, uint32_t vector, int fd, struct svnic_err *err)
{
	(void)vector, (void)fd;
	return unsupported(ctx, "routing interrupts to eventfds", err);
}

static int xrt_set_ioeventfd(void *ctx, uint32_t reg, uint32_t value, int fd,
			     struct svnic_err *err)
{
	(void)reg, (void)value, (void)fd;
	return unsupported(ctx, "doorbell eventfds", err);
}

static void xrt_close(void *ctx)
{
	struct xrt_link *l = ctx;

	if (!l)
		return;
	if (l->krn)
		xrtKernelClose(l->krn);
	if (l->dev)
		xrtDeviceClose(l->dev);
	free(l);
}

static const struct svnic_transport_ops xrt_ops = {
	.name = "xrt",
	.reg_read = xrt_reg_read,
	.reg_write = xrt_reg_write,
	.dma_map = xrt_dma_map,
	.dma_unmap = xrt_dma_unmap,
	.set_irq = xrt_set_irq,
	.set_ioeventfd = xrt_set_ioeventfd,
	.close = xrt_close,
};

static void remove_shim(void)
{
	char link[96];

	snprintf(link, sizeof(link), "%s/lib", shim_dir);
	unlink(link);
	rmdir(shim_dir);
}

/* See the top of the file: give XRT a XILINX_XRT whose lib it can use. */
static void point_xilinx_xrt(void)
{
	Dl_info di;
	char libdir[4096], link[96];

	if (getenv("XILINX_XRT") || shim_dir[0])
		return;
	if (!dladdr((void *)xrtDeviceOpen, &di) || !di.dli_fname ||
	    strlen(di.dli_fname) >= sizeof(libdir))
		return;
	strcpy(libdir, di.dli_fname);
	snprintf(shim_dir, sizeof(shim_dir), "/tmp/svnic-xrt.XXXXXX");
	if (!mkdtemp(shim_dir)) {
		shim_dir[0] = '\0';
		return;
	}
	atexit(remove_shim);
	snprintf(link, sizeof(link), "%s/lib", shim_dir);
	if (symlink(dirname(libdir), link) != 0)
		return;
	setenv("XILINX_XRT", shim_dir, 0);
}

/* XRT reports a missing device with a banner on stderr; keep stderr for our
 * own message unless SVNIC_XRT_VERBOSE asks for XRT's. */
static xrtDeviceHandle open_quietly(unsigned index, int *err_no)
{
	int saved = -1, devnull = -1;
	xrtDeviceHandle dev;

	if (!getenv("SVNIC_XRT_VERBOSE")) {
		fflush(stderr);
		saved = dup(STDERR_FILENO);
		devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (saved >= 0 && devnull >= 0)
			dup2(devnull, STDERR_FILENO);
	}
	errno = 0;
	dev = xrtDeviceOpen(index);
	*err_no = errno;
	if (saved >= 0) {
		fflush(stderr);
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
	if (devnull >= 0)
		close(devnull);
	return dev;
}

int svnic_xrt_connect(unsigned index, const struct svnic_transport_ops **ops, void **ctx,
		      struct svnic_err *err)
{
	struct xrt_link *l = calloc(1, sizeof(*l));
	xuid_t uuid;
	int e;

	if (!l)
		return svnic_fail(err, -ENOMEM, "out of memory");
	l->index = index;
	point_xilinx_xrt();
	l->dev = open_quietly(index, &e);
	if (!l->dev) {
		xrt_close(l);
		return svnic_fail(err, e ? -e : -ENODEV,
				  "no Alveo card at xrt:%u: XRT found no device with index %u (%s); "
				  "check that the card is installed and its xocl/xclmgmt drivers "
				  "are loaded, or use sim:PATH for svnic-sim",
				  index, index, strerror(e ? e : ENODEV));
	}
	if (xrtDeviceGetXclbinUUID(l->dev, uuid) != 0) {
		xrt_close(l);
		return svnic_fail(err, -ENODEV,
				  "the Alveo card at xrt:%u has no xclbin loaded; load the svnic "
				  "shell's xclbin first", index);
	}
	l->krn = xrtPLKernelOpen(l->dev, uuid, XRT_KERNEL_NAME);
	if (!l->krn) {
		xrt_close(l);
		return svnic_fail(err, -ENODEV,
				  "the xclbin on the Alveo card at xrt:%u has no %s kernel: it is "
				  "not the svnic shell", index, XRT_KERNEL_NAME);
	}
	*ops = &xrt_ops;
	*ctx = l;
	return 0;
}
