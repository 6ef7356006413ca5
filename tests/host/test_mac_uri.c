/* SPDX-License-Identifier: MIT */
/* MAC text form and card URI parsing. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "svnic/libsvnic.h"

static void mac_parses_good_forms(void **state)
{
	uint8_t mac[6];
	char buf[SVNIC_MAC_STRLEN];

	(void)state;
	assert_int_equal(svnic_mac_parse("02:00:0a:FF:00:01", mac), 0);
	assert_memory_equal(mac, ((uint8_t[]){ 2, 0, 0x0a, 0xff, 0, 1 }), 6);
	assert_string_equal(svnic_mac_format(mac, buf), "02:00:0a:ff:00:01");
	assert_int_equal(svnic_mac_parse("ff:ff:ff:ff:ff:ff", mac), 0);
	assert_memory_equal(mac, ((uint8_t[]){ 255, 255, 255, 255, 255, 255 }), 6);
	assert_int_equal(svnic_mac_parse("00:00:00:00:00:00", mac), 0);
	assert_int_equal(svnic_mac_parse("aB:cD:eF:01:23:45", mac), 0);
	assert_string_equal(svnic_mac_format(mac, buf), "ab:cd:ef:01:23:45");
}

static void mac_rejects_every_malformed_form(void **state)
{
	static const char *const bad[] = {
		"",                    /* empty */
		"02",                  /* short */
		"02:00:00:00:00",      /* five groups */
		"02:00:00:00:00:",     /* trailing colon */
		"02:00:00:00:00:01:",  /* trailing colon after six */
		"02:00:00:00:00:01:02", /* seven groups */
		"02:00:00:00:00:1",    /* one-digit group at end */
		"2:00:00:00:00:01",    /* one-digit group at start */
		"002:00:00:00:00:01",  /* three-digit group */
		"02:00:00:00:00:001",  /* three-digit group at end */
		"02-00-00-00-00-01",   /* dashes */
		"02.00.00.00.00.01",   /* dots */
		"0200.0000.0001",      /* Cisco form */
		"020000000001",        /* no separators */
		"02:00:00:00:00:0g",   /* not hex */
		"02:00:00:00:00:+1",   /* sign */
		"02:00:00:00:00:-1",   /* sign */
		" 02:00:00:00:00:01",  /* leading space */
		"02:00:00:00:00:01 ",  /* trailing space */
		"02:00:00:00:00:01\n", /* trailing newline */
		"02: 0:00:00:00:01",   /* space in group */
		"02::00:00:00:00:01",  /* empty group */
		"0x:00:00:00:00:01",   /* hex prefix */
		"02:00:00:00:00:01x",  /* trailing text */
	};
	uint8_t mac[6] = { 9, 9, 9, 9, 9, 9 };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (svnic_mac_parse(bad[i], mac) != -EINVAL)
			fail_msg("'%s' was accepted", bad[i]);
		assert_memory_equal(mac, ((uint8_t[]){ 9, 9, 9, 9, 9, 9 }), 6);
	}
	assert_int_equal(svnic_mac_parse(NULL, mac), -EINVAL);
}

static void mac_unicast_check(void **state)
{
	(void)state;
	assert_true(svnic_mac_is_unicast((uint8_t[]){ 2, 0, 0, 0, 0, 1 }));
	assert_true(svnic_mac_is_unicast((uint8_t[]){ 0, 0, 0, 0, 0, 1 }));
	assert_false(svnic_mac_is_unicast((uint8_t[]){ 0, 0, 0, 0, 0, 0 }));
	assert_false(svnic_mac_is_unicast((uint8_t[]){ 1, 0, 0x5e, 0, 0, 1 }));
	assert_false(svnic_mac_is_unicast((uint8_t[]){ 255, 255, 255, 255, 255, 255 }));
}

static void uri_accepts_known_schemes(void **state)
{
	struct svnic_uri u;
	struct svnic_err e;

	(void)state;
	assert_int_equal(svnic_uri_parse("sim:/tmp/svnic-sim.sock", &u, &e), 0);
	assert_int_equal(u.scheme, SVNIC_URI_SIM);
	assert_string_equal(u.target, "/tmp/svnic-sim.sock");
	assert_int_equal(svnic_uri_parse("sim:rel/path:with:colons", &u, &e), 0);
	assert_string_equal(u.target, "rel/path:with:colons");
	assert_int_equal(svnic_uri_parse("xrt:0", &u, &e), 0);
	assert_int_equal(u.scheme, SVNIC_URI_XRT);
	assert_string_equal(u.target, "0");
	assert_int_equal(svnic_uri_parse("xrt:63", &u, &e), 0);
}

static void uri_rejects_malformed_and_unknown(void **state)
{
	static const char *const bad[] = {
		"", "/tmp/svnic.sock", "sim:", "sim", "vfio:0000:01:00.0", "xrt:",
		"xrt:64", "xrt:-1", "xrt:0x1", "xrt:1a", "xrt:007",
		"SIM:/x", "tcp:host:1", ":/x", "simx:/x",
	};
	struct svnic_uri u;
	struct svnic_err e;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&e, 0, sizeof(e));
		if (svnic_uri_parse(bad[i], &u, &e) != -EINVAL)
			fail_msg("'%s' was accepted", bad[i]);
		assert_int_equal(e.code, -EINVAL);
		assert_int_equal(e.mbox_status, -1);
		assert_true(strlen(e.msg) > 10);
	}
	assert_int_equal(svnic_uri_parse("/tmp/x.sock", &u, &e), -EINVAL);
	assert_non_null(strstr(e.msg, "no scheme; use sim:PATH"));
	assert_int_equal(svnic_uri_parse("tcp:host:1", &u, &e), -EINVAL);
	assert_non_null(strstr(e.msg, "unknown card URI scheme 'tcp'"));
	/* A socket path longer than sun_path allows. */
	{
		char longp[200] = "sim:/";

		memset(longp + 5, 'a', 150);
		longp[155] = '\0';
		assert_int_equal(svnic_uri_parse(longp, &u, &e), -EINVAL);
	}
	/* err may be NULL */
	assert_int_equal(svnic_uri_parse("bogus", &u, NULL), -EINVAL);
}

static void open_reports_unknown_schemes(void **state)
{
	struct svnic *card = NULL;
	struct svnic_err e;

	(void)state;
	assert_int_equal(svnic_open("nope:x", NULL, &card, &e), -EINVAL);
	assert_null(card);
	assert_non_null(strstr(e.msg, "unknown card URI scheme"));
	/* A scheme arrives with its transport: no vfio: yet. */
	assert_int_equal(svnic_open("vfio:0000:01:00.0", NULL, &card, &e), -EINVAL);
	assert_non_null(strstr(e.msg, "unknown card URI scheme 'vfio'"));
	/* xrt: exists, and no Alveo card can be here. */
	assert_int_not_equal(svnic_open("xrt:0", NULL, &card, &e), 0);
	assert_null(card);
	assert_non_null(strstr(e.msg, "xrt:0"));
	assert_int_equal(svnic_open("sim:/nonexistent/dir/svnic.sock", NULL, &card, &e),
			 -ENOENT);
	assert_non_null(strstr(e.msg, "start svnic-sim"));
	/* NULL URI: $SVNIC_CARD first. */
	setenv(SVNIC_CARD_ENV, "other:thing", 1);
	assert_int_equal(svnic_open(NULL, NULL, &card, &e), -EINVAL);
	assert_non_null(strstr(e.msg, "'other'"));
	unsetenv(SVNIC_CARD_ENV);
}

static void names_cover_every_status(void **state)
{
	(void)state;
	assert_string_equal(svnic_mbox_status_str(0), "done");
	assert_string_equal(svnic_mbox_status_str(1), "unknown command");
	assert_string_equal(svnic_mbox_status_str(2),
			    "request length does not match the command");
	assert_string_equal(svnic_mbox_status_str(3),
			    "no such VIF, or the VIF is not in use");
	assert_string_equal(svnic_mbox_status_str(4), "an argument is out of range");
	assert_string_equal(svnic_mbox_status_str(5),
			    "no free VIF, window, queue or forwarding table slot");
	assert_string_equal(svnic_mbox_status_str(6), "the MAC or mapping is already in use");
	assert_string_equal(svnic_mbox_status_str(7),
			    "the VIF or queue is not in a state that allows this");
	assert_string_equal(svnic_mbox_status_str(8),
			    "the firmware image was refused (the response says why)");
	assert_string_equal(svnic_mbox_status_str(9), "unknown status");
	assert_string_equal(svnic_mbox_status_name(3), "BAD_VIF");
	assert_string_equal(svnic_mbox_status_name(99), "?");
	assert_int_equal(svnic_mbox_status_errno(0), 0);
	assert_int_equal(svnic_mbox_status_errno(1), -EOPNOTSUPP);
	assert_int_equal(svnic_mbox_status_errno(2), -EPROTO);
	assert_int_equal(svnic_mbox_status_errno(3), -ENOENT);
	assert_int_equal(svnic_mbox_status_errno(4), -EINVAL);
	assert_int_equal(svnic_mbox_status_errno(5), -ENOSPC);
	assert_int_equal(svnic_mbox_status_errno(6), -EEXIST);
	assert_int_equal(svnic_mbox_status_errno(7), -EBUSY);
	assert_int_equal(svnic_mbox_status_errno(8), -EBADMSG);
	assert_int_equal(svnic_mbox_status_errno(1000), -EPROTO);
	assert_string_equal(svnic_vif_state_str(0), "free");
	assert_string_equal(svnic_vif_state_str(3), "needs-reset");
	assert_string_equal(svnic_vif_state_str(4), "unknown");
	assert_string_equal(svnic_vif_error_str(3), "buffer outside the VIF's DMA window");
	assert_string_equal(svnic_vif_error_str(7), "the card's IOMMU refused a ring access");
	assert_string_equal(svnic_vif_error_str(8),
			    "indirect descriptor table malformed or misplaced");
	assert_string_equal(svnic_vif_error_str(9),
			    "packed ring event suppression area malformed");
	assert_string_equal(svnic_vif_error_str(10),
			    "control queue command malformed: readable part empty or too long, "
			    "or ack byte missing or misplaced");
	assert_string_equal(svnic_vif_error_str(11),
			    "packed ring descriptor made available again before the device "
			    "marked it used");
	assert_string_equal(svnic_vif_error_str(12), "device status write out of order, clearing a bit, "
						     "or setting DEVICE_NEEDS_RESET");
	assert_string_equal(svnic_vif_error_str(13), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mac_parses_good_forms),
		cmocka_unit_test(mac_rejects_every_malformed_form),
		cmocka_unit_test(mac_unicast_check),
		cmocka_unit_test(uri_accepts_known_schemes),
		cmocka_unit_test(uri_rejects_malformed_and_unknown),
		cmocka_unit_test(open_reports_unknown_schemes),
		cmocka_unit_test(names_cover_every_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
