/* SPDX-License-Identifier: MIT */
/*
 * libsvnic transports: how the host reaches a card.
 *
 * Everything in libsvnic above this table (mailbox client, typed commands,
 * svnicctl, svnicd) is the same for every transport. A transport gives
 * VFIO-like primitives:
 *
 *   reg_read / reg_write   32-bit access to the host register window (BAR0)
 *   dma_map / dma_unmap    make [iova, iova+size) of DMA domain `domain` (the
 *                          VIF number) reach the memory of file `fd` from
 *                          byte `offset` (the IOMMU side of a mapping)
 *   set_irq                interrupt vector `vector` signals eventfd `fd`;
 *                          fd -1 stops signalling
 *   set_ioeventfd          a signal on eventfd `fd` writes `value` to
 *                          register `reg`; fd -1 removes it
 *   wait_reset             (optional) wait until a card reset ended the
 *                          session
 *   close                  release the transport (ctx is freed)
 *
 * Every operation returns 0 or a negative errno and, on failure, fills
 * `err` (which may be NULL) with a message saying what failed and what to
 * do. Operations are called with the card handle's mutex held: a transport
 * needs no locking of its own.
 *
 * Adding a transport (for VFIO or XRT) is: write these functions and one
 * `*_connect` constructor, and add its scheme to svnic_open() in
 * lib/transport.c.
 */
#ifndef SVNIC_TRANSPORT_H
#define SVNIC_TRANSPORT_H

#include <stdint.h>

#include "svnic/libsvnic.h"

struct svnic_transport_ops {
	const char *name; /* "sim", "vfio", ... for messages */
	int (*reg_read)(void *ctx, uint32_t reg, uint32_t *value,
			struct svnic_err *err);
	int (*reg_write)(void *ctx, uint32_t reg, uint32_t value,
			 struct svnic_err *err);
	int (*dma_map)(void *ctx, uint32_t domain, uint64_t iova, uint64_t size,
		       int fd, uint64_t offset, struct svnic_err *err);
	int (*dma_unmap)(void *ctx, uint32_t domain, uint64_t iova,
			 uint64_t size, struct svnic_err *err);
	int (*set_irq)(void *ctx, uint32_t vector, int fd, struct svnic_err *err);
	int (*set_ioeventfd)(void *ctx, uint32_t reg, uint32_t value, int fd,
			     struct svnic_err *err);
	/* Optional: wait until the card went down in a reset (the session
	 * ended). 0, -ETIMEDOUT, or another negative errno. */
	int (*wait_reset)(void *ctx, unsigned timeout_ms, struct svnic_err *err);
	void (*close)(void *ctx);
};

/*
 * Open a card over a transport the caller built (tests use an in-process
 * fake). On success the card owns ctx and calls ops->close(ctx) from
 * svnic_close(); on failure ops->close(ctx) has already been called.
 */
int svnic_open_transport(const struct svnic_transport_ops *ops, void *ctx,
			 const struct svnic_open_opts *opts, struct svnic **card,
			 struct svnic_err *err);

/*
 * The svnic-sim transport (include/svnic/simlink.h) over a Unix stream
 * socket. svnic_sim_connect() connects to `path`; svnic_sim_attach() takes
 * an already connected socket `fd` (owned from then on, closed on failure)
 * and names it `name` in messages. Both send HELLO and check the version.
 * `timeout_ms` bounds every request/reply exchange (0: the default, 5000).
 * After a timeout or a lost connection every later call fails at once with
 * -ENOTCONN: the stream cannot be trusted to be in step any more.
 */
int svnic_sim_connect(const char *path, unsigned timeout_ms,
		      const struct svnic_transport_ops **ops, void **ctx,
		      struct svnic_err *err);
int svnic_sim_attach(int fd, const char *name, unsigned timeout_ms,
		     const struct svnic_transport_ops **ops, void **ctx,
		     struct svnic_err *err);

/*
 * The XRT transport (AMD Alveo cards): XRT device `index`, the svnic_top
 * kernel's register space as the host window. Register access only: DMA
 * mappings, interrupt and doorbell eventfds answer -EOPNOTSUPP. -ENODEV (or
 * XRT's errno) with a message when there is no such card; -EOPNOTSUPP when
 * libsvnic was built without XRT.
 */
int svnic_xrt_connect(unsigned index, const struct svnic_transport_ops **ops,
		      void **ctx, struct svnic_err *err);

#endif
