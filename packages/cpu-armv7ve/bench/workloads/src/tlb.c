/* MMU on with 4 KiB pages (short descriptors) over 48 MiB, then a walk that touches more pages
 * than a soft TLB of 4096 entries holds, with a TLB flush every so often. */
#include "common.h"
#define RAM 0x40000000u
#define L1 ((volatile u32 *)(RAM + 0x00400000))
#define L2 ((volatile u32 *)(RAM + 0x00404000))
#define SPAN_MB 48u
int main(void) {
	/* Identity sections for the first 8 MiB (code, data, tables) and the UART-less rest via pages. */
	for (u32 mb = 0; mb < 4096; mb++) L1[mb] = 0;
	for (u32 mb = 0; mb < 8; mb++) L1[(RAM >> 20) + mb] = (RAM + (mb << 20)) | (3 << 10) | 2;
	for (u32 mb = 8; mb < 8 + SPAN_MB; mb++) {
		volatile u32 *l2 = L2 + (mb - 8) * 256;
		L1[(RAM >> 20) + mb] = ((u32)l2) | 1;
		for (u32 p = 0; p < 256; p++) l2[p] = (RAM + (mb << 20) + (p << 12)) | (3 << 4) | 2;
	}
	__asm__ volatile(
		"mcr p15, 0, %0, c3, c0, 0\n" /* DACR: client */
		"mov r1, #0\n mcr p15, 0, r1, c2, c0, 2\n"
		"mcr p15, 0, %1, c2, c0, 0\n" /* TTBR0 */
		"mcr p15, 0, r1, c8, c7, 0\n"
		"mrc p15, 0, r1, c1, c0, 0\n orr r1, r1, #1\n mcr p15, 0, r1, c1, c0, 0\n isb\n"
		:: "r"(0x55555555u), "r"((u32)L1) : "r1", "memory");
	u32 sum = 0, s = 99;
	volatile u32 *base = (volatile u32 *)(RAM + (8u << 20));
	for (u32 round = 0; round < 40; round++) {
		for (u32 page = 0; page < SPAN_MB * 256; page++) {
			u32 i = page * 1024 + (rng(&s) & 1023);
			base[i] += round;
			sum += base[i];
		}
		if ((round & 7) == 7) __asm__ volatile("mov r1, #0\n mcr p15, 0, r1, c8, c7, 0\n dsb\n isb" ::: "r1", "memory");
	}
	/* MMU off again: start.S prints the result on the UART, which these tables do not map. */
	__asm__ volatile("mrc p15, 0, r1, c1, c0, 0\n bic r1, r1, #1\n mcr p15, 0, r1, c1, c0, 0\n isb" ::: "r1", "memory");
	return (int)sum;
}
