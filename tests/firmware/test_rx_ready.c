/* SPDX-License-Identifier: MIT */
/*
 * RX_READY on datapaths of more VIFs than the firmware serves: register
 * map 2.7 banks it in RX_READY_WORD words (RX_READY is word 0); the
 * firmware serves the first FW_MAX_VIFS VIFs and reads which of them have
 * frames from word 0, on 2.7 and on older maps alike.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fake_hal.h"
#include "fw/fw.h"
#include "svnic/regs.h"

static struct fw_hal hal;
static struct fw_card card;

/* A 256-VIF datapath (1 pair and the control queue per VIF) at 2.7: the
 * firmware takes its first 32 VIFs and knows the 8 words. */
static void banked_words(void **state)
{
	(void)state;
	fake_hal_reset(&hal, 256, 3);
	assert_int_equal(fw_init(&card, &hal), 0);
	assert_int_equal(card.num_vifs, FW_MAX_VIFS);
	assert_int_equal(card.rx_ready_words, 8);
	assert_int_equal(SVNIC_FW_RX_READY_WORD_OF(255), SVNIC_FW_RX_READY_WORD + 28u);
	assert_int_equal(SVNIC_RX_READY_BIT(255), 1u << 31);

	hal.reg[SVNIC_FW_RX_READY / 4] = 0x80000005u;
	hal.reg[SVNIC_FW_RX_READY_WORD_OF(100) / 4] = SVNIC_RX_READY_BIT(100);
	hal.reg[SVNIC_FW_RX_READY_WORD_OF(255) / 4] = SVNIC_RX_READY_BIT(255);
	assert_int_equal(fw_rx_ready_word(&card, 0), 0x80000005u);
	assert_int_equal(fw_rx_ready_word(&card, 3), 1u << 4);
	assert_int_equal(fw_rx_ready_word(&card, 7), 1u << 31);
	assert_int_equal(fw_rx_ready_word(&card, 1), 0u);
	/* past the datapath's words: nothing, and no register read there */
	hal.reg[SVNIC_FW_RX_READY_WORD_OF(256) / 4] = 0xffffffffu;
	assert_int_equal(fw_rx_ready_word(&card, 8), 0u);
}

/* A 2.6 datapath has RX_READY only: words past 0 read as none. */
static void before_2_7(void **state)
{
	(void)state;
	fake_hal_reset(&hal, 4, 3);
	hal.reg[SVNIC_FW_VERSION / 4] = 0x00020006u;
	assert_int_equal(fw_init(&card, &hal), 0);
	assert_int_equal(card.rx_ready_words, 0);
	hal.reg[SVNIC_FW_RX_READY / 4] = 0x9u;
	hal.reg[SVNIC_FW_RX_READY_WORD_OF(32) / 4] = 0xffffffffu;
	assert_int_equal(fw_rx_ready_word(&card, 0), 0x9u);
	assert_int_equal(fw_rx_ready_word(&card, 1), 0u);
}

/* A 2.7 datapath of 4 VIFs has one word. */
static void one_word(void **state)
{
	(void)state;
	fake_hal_reset(&hal, 4, 3);
	assert_int_equal(fw_init(&card, &hal), 0);
	assert_int_equal(card.rx_ready_words, 1);
	hal.reg[SVNIC_FW_RX_READY_WORD_OF(32) / 4] = 0xffffffffu;
	assert_int_equal(fw_rx_ready_word(&card, 1), 0u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(banked_words),
		cmocka_unit_test(before_2_7),
		cmocka_unit_test(one_word),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
