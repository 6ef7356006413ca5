/* SPDX-License-Identifier: MIT */
/* Built when XRT's headers and libraries were not found. */
#include <errno.h>

#include "internal.h"
#include "svnic/svnic_transport.h"

int svnic_xrt_connect(unsigned index, const struct svnic_transport_ops **ops, void **ctx,
		      struct svnic_err *err)
{
	(void)ops, (void)ctx;
	return svnic_fail(err, -EOPNOTSUPP,
			  "xrt:%u: this libsvnic was built without XRT; install libxrt-dev "
			  "(scripts/install-deps) and rebuild", index);
}
