/* SPDX-License-Identifier: MIT */
#include "output.h"

#include <stdio.h>

void svnicctl_json_string(const char *s)
{
	putchar('"');
	for (size_t i = 0; s[i] && i < 4096; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

int svnicctl_card_error(int json, const struct svnic_err *e)
{
	fprintf(stderr, "svnicctl: %s\n", e->msg);
	if (json) {
		printf("{\"error\": {\"errno\": %d, \"firmware_status\": ", -e->code);
		if (e->mbox_status >= 0)
			svnicctl_json_string(svnic_mbox_status_name((uint32_t)e->mbox_status));
		else
			printf("null");
		printf(", \"message\": ");
		svnicctl_json_string(e->msg);
		printf("}}\n");
	}
	return EXIT_CARD;
}

char *svnicctl_version(uint32_t v, char *buf)
{
	snprintf(buf, 12, "%u.%u.%u", (v >> 16) & 0xffu, (v >> 8) & 0xffu, v & 0xffu);
	return buf;
}
