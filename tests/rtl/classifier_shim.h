/* SPDX-License-Identifier: MIT */
/* C view of the verilated svnic_classifier configurations. */
#ifndef SVNIC_CLASSIFIER_SHIM_H
#define SVNIC_CLASSIFIER_SHIM_H
#include <stdint.h>

struct cls_in {
	unsigned num_vifs;
	uint64_t dst_mac; /* byte 0 in bits 7:0 */
	int src_wire;
	unsigned src_vif;
	uint64_t mac[32];
	uint32_t enable;
};

struct cls_out {
	uint32_t dest_mask;
	int to_wire;
	int drop_novif;
};

void *cls4_new(void);
void cls4_free(void *m);
void cls4_eval(void *m, const struct cls_in *in, struct cls_out *out);
void *cls32_new(void);
void cls32_free(void *m);
void cls32_eval(void *m, const struct cls_in *in, struct cls_out *out);

#endif
