/* SPDX-License-Identifier: MIT */
/* svnicctl's shared output conventions: exit codes, JSON strings, errors. */
#ifndef SVNICCTL_OUTPUT_H
#define SVNICCTL_OUTPUT_H

#include "svnic/libsvnic.h"

#define EXIT_CARD 1  /* the card or a command failed */
#define EXIT_USAGE 2 /* the command line is wrong */

/* s as a JSON string literal on stdout. */
void svnicctl_json_string(const char *s);

/* The error on stderr and, with json, {"error": {...}} on stdout; EXIT_CARD. */
int svnicctl_card_error(int json, const struct svnic_err *e);

/* "X.Y.Z" of a firmware version into buf (at least 12 bytes); returns buf. */
char *svnicctl_version(uint32_t v, char *buf);

#endif
