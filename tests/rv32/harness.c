/* SPDX-License-Identifier: MIT */
#include "harness.h"

/* QEMU 7.2 virt machine devices (hw/riscv/virt.c memory map). */
#define UART0_BASE 0x10000000u   /* ns16550a, byte registers */
#define UART_THR 0u
#define UART_LSR 5u
#define UART_LSR_THRE 0x20u
#define FINISHER_BASE 0x00100000u /* sifive_test */
#define FINISHER_PASS 0x5555u
#define FINISHER_FAIL 0x3333u     /* exit status in bits 31..16 */

#define STACK_PAINT 0x5a5aa5a5u   /* crt0 fills the stack with it */

extern uint32_t __stack_bottom[], __stack_top[];

static unsigned checks, failures;
static const char *current_case = "";

static void uart_putc(char c)
{
	volatile uint8_t *u = (volatile uint8_t *)(uintptr_t)UART0_BASE;
	/* QEMU's UART is always ready; a real 16550 is not, and the loop is
	 * bounded so a missing device cannot hang the run. */
	for (unsigned spin = 0; spin < 100000u && !(u[UART_LSR] & UART_LSR_THRE); spin++)
		;
	u[UART_THR] = (uint8_t)c;
}

void rv32_puts(const char *s)
{
	while (*s) {
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s++);
	}
}

void rv32_put_hex(uint64_t v)
{
	char buf[19];
	buf[0] = '0';
	buf[1] = 'x';
	for (int i = 0; i < 16; i++)
		buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xfu];
	buf[18] = '\0';
	rv32_puts(buf);
}

void rv32_put_dec(uint64_t v)
{
	char buf[21];
	int i = 20;
	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10u);
		v /= 10u;
	} while (v);
	rv32_puts(&buf[i]);
}

static void where(const char *file, int line)
{
	rv32_puts("FAIL [");
	rv32_puts(current_case);
	rv32_puts("] ");
	rv32_puts(file);
	rv32_puts(":");
	rv32_put_dec((uint64_t)line);
	rv32_puts(": ");
}

bool rv32_check(bool ok, const char *expr, const char *file, int line)
{
	checks++;
	if (!ok) {
		failures++;
		where(file, line);
		rv32_puts(expr);
		rv32_puts("\n");
	}
	return ok;
}

bool rv32_check_eq(uint64_t got, uint64_t want, const char *expr, const char *file, int line)
{
	checks++;
	if (got == want)
		return true;
	failures++;
	where(file, line);
	rv32_puts(expr);
	rv32_puts(": got ");
	rv32_put_hex(got);
	rv32_puts(", want ");
	rv32_put_hex(want);
	rv32_puts("\n");
	return false;
}

bool rv32_check_mem(const void *got, const void *want, size_t n, const char *expr,
		    const char *file, int line)
{
	const uint8_t *g = got, *w = want;
	checks++;
	for (size_t i = 0; i < n; i++) {
		if (g[i] != w[i]) {
			failures++;
			where(file, line);
			rv32_puts(expr);
			rv32_puts(": first difference at byte ");
			rv32_put_dec(i);
			rv32_puts("\n");
			return false;
		}
	}
	return true;
}

void rv32_case(const char *name)
{
	current_case = name;
	rv32_puts("case ");
	rv32_puts(name);
	rv32_puts("\n");
}

/* Bytes of the stack below its top that were ever written. */
static uint32_t stack_used(void)
{
	const uint32_t *p = __stack_bottom;
	while (p < __stack_top && *p == STACK_PAINT)
		p++;
	return (uint32_t)((uintptr_t)__stack_top - (uintptr_t)p);
}

int rv32_finish(const char *program)
{
	rv32_puts(program);
	rv32_puts(": ");
	rv32_put_dec(checks);
	rv32_puts(" checks, ");
	rv32_put_dec(failures);
	rv32_puts(" failed; stack high-water ");
	rv32_put_dec(stack_used());
	rv32_puts(" bytes\n");
	/* No checks at all means the program did not test anything. */
	bool pass = checks > 0 && failures == 0;
	rv32_puts(pass ? "RV32-RESULT PASS\n" : "RV32-RESULT FAIL\n");
	return pass ? 0 : 1;
}

_Noreturn void rv32_exit(int status)
{
	volatile uint32_t *fin = (volatile uint32_t *)(uintptr_t)FINISHER_BASE;
	if (status == 0) {
		*fin = FINISHER_PASS;
	} else {
		/* The finisher exits with the code in the upper half; a code of 0
		 * would read as success. */
		uint32_t code = (uint32_t)status & 0xffffu;
		*fin = (code ? code : 1u) << 16 | FINISHER_FAIL;
	}
	/* Only reached if there is no finisher device: stop here. */
	for (;;)
		__asm__ volatile("wfi");
}

void rv32_trap(uint32_t mcause, uint32_t mepc, uint32_t mtval);
void rv32_trap(uint32_t mcause, uint32_t mepc, uint32_t mtval)
{
	rv32_puts("FAIL trap in case [");
	rv32_puts(current_case);
	rv32_puts("]: mcause ");
	rv32_put_hex(mcause);
	rv32_puts(" mepc ");
	rv32_put_hex(mepc);
	rv32_puts(" mtval ");
	rv32_put_hex(mtval);
	rv32_puts("\nRV32-RESULT FAIL\n");
	rv32_exit(3);
}

void rv32_fill(void *dst, uint8_t v, size_t n)
{
	uint8_t *d = dst;
	for (size_t i = 0; i < n; i++)
		d[i] = v;
}

void rv32_copy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	for (size_t i = 0; i < n; i++)
		d[i] = s[i];
}
