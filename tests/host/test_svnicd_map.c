/* SPDX-License-Identifier: MIT */
/* svnicd's DPDK-free helpers: address translation and arguments. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "vhost_map.h"

static const struct svnicd_region regions[] = {
	{ .gpa = 0x0, .hva = 0x7f0000000000, .size = 0xa0000, .fd = 5 },
	{ .gpa = 0x100000, .hva = 0x7f0000100000, .size = 0x7f00000, .fd = 5,
	  .fd_offset = 0x100000 },
	{ .gpa = 0x100000000, .hva = 0x7e0000000000, .size = 0x10000000, .fd = 6 },
};

static void translates_inside_regions(void **state)
{
	uint64_t gpa = 0;

	(void)state;
	assert_int_equal(svnicd_va_to_gpa(regions, 3, 0x7f0000000000, 16, &gpa), 0);
	assert_int_equal(gpa, 0);
	assert_int_equal(svnicd_va_to_gpa(regions, 3, 0x7f0000100040, 4096, &gpa), 0);
	assert_int_equal(gpa, 0x100040);
	assert_int_equal(svnicd_va_to_gpa(regions, 3, 0x7e0000001000, 6 + 2 * 256, &gpa), 0);
	assert_int_equal(gpa, 0x100001000);
	/* Exactly up to the end of a region. */
	assert_int_equal(svnicd_va_to_gpa(regions, 3, 0x7f0000000000 + 0xa0000 - 16, 16,
					  &gpa),
			 0);
	assert_int_equal(gpa, 0xa0000 - 16);
}

static void refuses_outside_or_straddling(void **state)
{
	uint64_t gpa = 42;

	(void)state;
	/* In the hole between regions 0 and 1. */
	assert_int_equal(svnicd_va_to_gpa(regions, 3, 0x7f00000a0000, 16, &gpa), -ERANGE);
	/* Starts inside, ends outside. */
	assert_int_equal(svnicd_va_to_gpa(regions, 3, 0x7f0000000000 + 0xa0000 - 8, 16,
					  &gpa),
			 -ERANGE);
	/* Below everything, above everything, no regions. */
	assert_int_equal(svnicd_va_to_gpa(regions, 3, 0x1000, 16, &gpa), -ERANGE);
	assert_int_equal(svnicd_va_to_gpa(regions, 3, ~0ull - 4, 16, &gpa), -ERANGE);
	assert_int_equal(svnicd_va_to_gpa(regions, 0, 0x7f0000000000, 16, &gpa), -ERANGE);
	assert_int_equal(gpa, 42);
}

static void parses_vif_arguments(void **state)
{
	char path[108];
	uint32_t vif = 99;

	(void)state;
	assert_int_equal(svnicd_parse_vif_arg("0:/tmp/vif0.sock", &vif, path, sizeof(path)), 0);
	assert_int_equal(vif, 0);
	assert_string_equal(path, "/tmp/vif0.sock");
	assert_int_equal(svnicd_parse_vif_arg("12:rel:colon", &vif, path, sizeof(path)), 0);
	assert_int_equal(vif, 12);
	assert_string_equal(path, "rel:colon");
	assert_int_equal(svnicd_parse_vif_arg("/tmp/x.sock", &vif, path, sizeof(path)), -EINVAL);
	assert_int_equal(svnicd_parse_vif_arg(":/tmp/x", &vif, path, sizeof(path)), -EINVAL);
	assert_int_equal(svnicd_parse_vif_arg("1:", &vif, path, sizeof(path)), -EINVAL);
	assert_int_equal(svnicd_parse_vif_arg("-1:/x", &vif, path, sizeof(path)), -EINVAL);
	assert_int_equal(svnicd_parse_vif_arg("1a:/x", &vif, path, sizeof(path)), -EINVAL);
	assert_int_equal(svnicd_parse_vif_arg("99999:/x", &vif, path, sizeof(path)), -EINVAL);
	assert_int_equal(svnicd_parse_vif_arg(NULL, &vif, path, sizeof(path)), -EINVAL);
	{
		char longarg[200] = "1:/";

		memset(longarg + 3, 'a', 150);
		longarg[153] = '\0';
		assert_int_equal(svnicd_parse_vif_arg(longarg, &vif, path, sizeof(path)),
				 -EINVAL);
	}
}

static void splits_eal_arguments(void **state)
{
	char buf[128];
	char *argv[4];

	(void)state;
	assert_int_equal(svnicd_split_args("  -l 0\t--no-huge  ", buf, sizeof(buf), argv, 4), 3);
	assert_string_equal(argv[0], "-l");
	assert_string_equal(argv[1], "0");
	assert_string_equal(argv[2], "--no-huge");
	assert_int_equal(svnicd_split_args("", buf, sizeof(buf), argv, 4), 0);
	assert_int_equal(svnicd_split_args("a b c d e", buf, sizeof(buf), argv, 4), -E2BIG);
	assert_int_equal(svnicd_split_args("abc", buf, 3, argv, 4), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(translates_inside_regions),
		cmocka_unit_test(refuses_outside_or_straddling),
		cmocka_unit_test(parses_vif_arguments),
		cmocka_unit_test(splits_eal_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
