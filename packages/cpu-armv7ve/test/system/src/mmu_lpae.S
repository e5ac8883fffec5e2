/* Long-descriptor (LPAE) translation (ARM ARM B3.6): level 1 blocks, level 2 blocks, level 3
 * pages, table attributes (APTable), AP/XN/PXN, the access flag, fault status codes per level,
 * 64-bit PAR, TLB maintenance and the TTBR0/TTBR1 split (T0SZ/T1SZ, EPD1). */
#include "common.h"
	VECTORS

#define TT0 0x100000        /* level 1, TTBR0 (4 entries) */
#define TT1 0x100100        /* level 1, TTBR1 */
#define L2A 0x101000        /* level 2 for VA 0..1 GiB */
#define L3A 0x102000        /* level 3 for VA 0x00800000 */
#define L3B 0x103000        /* level 3 behind a read-only APTable */
#define PA_A 0x200000
#define PA_B 0x300000

/* Lower descriptor words: AP[2:1] at [7:6], AF = bit 10. Upper: PXN = bit 21, XN = bit 22. */
#define BLOCK(pa, ap) ((pa) | ((ap) << 6) | (1 << 10) | 1)
#define PAGE(pa, ap) ((pa) | ((ap) << 6) | (1 << 10) | 3)
#define PAGE_NOAF(pa, ap) ((pa) | ((ap) << 6) | 3)
#define TABLE(pa) ((pa) | 3)
#define XN (1 << 22)
#define PXN (1 << 21)
#define APTABLE_RO (2 << 29)

.macro D64 addr, lo, hi
	ldr r12, =\addr
	ldr r11, =\lo
	str r11, [r12]
	ldr r11, =\hi
	str r11, [r12, #4]
.endm

.macro TLBIALL
	mov r12, #0
	mcr p15, 0, r12, c8, c7, 0
	dsb
	isb
.endm

.macro PAR_OF va, op
	ldr r0, =\va
	mcr p15, 0, r0, c7, c8, \op
	isb
	mrrc p15, 0, r0, r1, c7
.endm

reset:
	ldr sp, =0x7f000
	ldr r0, =PA_A
	ldr r1, =0xaaaa0000
	str r1, [r0]
	ldr r0, =PA_B
	ldr r1, =0xbbbb0000
	str r1, [r0]

	D64 TT0 + 0, TABLE(L2A), 0
	D64 TT0 + 8, BLOCK(0, 1), 0                 /* VA 1..2 GiB -> PA 0 (1 GiB block) */
	/* Level 2: identity 2 MiB blocks for the RAM, the test device (XN). */
	D64 L2A + 0 * 8, BLOCK(0x000000, 1), 0
	D64 L2A + 1 * 8, BLOCK(0x200000, 1), 0
	D64 L2A + 2 * 8, BLOCK(0x400000, 1), 0
	D64 L2A + 3 * 8, BLOCK(0x600000, 1), 0
	D64 L2A + (TESTDEV >> 21) * 8, BLOCK(TESTDEV, 1), XN
	D64 L2A + 4 * 8, TABLE(L3A), 0              /* VA 0x00800000: level 3 */
	D64 L3A + 0 * 8, PAGE(PA_B, 1), 0
	D64 L3A + 2 * 8, PAGE_NOAF(PA_B, 1), 0      /* access flag clear */
	D64 L3A + 3 * 8, PAGE(PA_B, 2), 0           /* PL1 read-only */
	D64 L3A + 4 * 8, PAGE(PA_B, 0), 0           /* PL1 only */
	D64 L2A + 6 * 8, TABLE(L3B), APTABLE_RO     /* VA 0x00C00000 */
	D64 L3B + 0 * 8, PAGE(PA_B, 1), 0
	D64 L2A + 7 * 8, BLOCK(0, 1), XN            /* VA 0x00E00000: execute-never */
	D64 L2A + 8 * 8, BLOCK(0, 1), PXN           /* VA 0x01000000: privileged execute-never */

	ldr r0, =0x000000ff         /* MAIR0: attribute 0 = normal write-back */
	mcr p15, 0, r0, c10, c2, 0
	ldr r0, =0x80000000         /* TTBCR: EAE, T0SZ = T1SZ = 0 */
	mcr p15, 0, r0, c2, c0, 2
	ldr r0, =TT0
	mov r1, #0
	mcrr p15, 0, r0, r1, c2     /* TTBR0 (64-bit) */
	TLBIALL
	mrc p15, 0, r0, c1, c0, 0
	orr r0, r0, #1
	mcr p15, 0, r0, c1, c0, 0
	isb

	/* --- 1 GiB block, level 3 page. */
	ldr r1, =0x40200000
	ldr r0, [r1]
	CHECK(r0, 0xaaaa0000)
	ldr r1, =0x00800000
	ldr r0, [r1]
	CHECK(r0, 0xbbbb0000)

	/* --- Translation faults at levels 1, 2 and 3. */
	ldr r1, =0x80000004
	TRY(1f)
lf1:
	ldr r0, [r1]
	NO_EXC
1:	CHECK_EXC(EXC_DABT)
	CHECKV(exc_fsr, 0x205)
	CHECKV(exc_far, 0x80000004)
	CHECKV(exc_lr, lf1 + 8)
	ldr r1, =0x00a00000
	TRY(1f)
	str r0, [r1]
	NO_EXC
1:	CHECKV(exc_fsr, 0xa06)
	ldr r1, =0x00801000
	TRY(1f)
	ldr r0, [r1]
	NO_EXC
1:	CHECKV(exc_fsr, 0x207)

	/* --- Access flag fault (level 3), permission faults (level 3, also through APTable). */
	ldr r1, =0x00802000
	TRY(1f)
	ldr r0, [r1]
	NO_EXC
1:	CHECKV(exc_fsr, 0x20b)
	ldr r1, =0x00803000
	ldr r0, [r1]
	CHECK(r0, 0xbbbb0000)
	TRY(1f)
	str r0, [r1]
	NO_EXC
1:	CHECKV(exc_fsr, 0xa0f)
	ldr r1, =0x00c00000
	ldr r0, [r1]
	CHECK(r0, 0xbbbb0000)
	TRY(1f)
	str r0, [r1]
	NO_EXC
1:	CHECKV(exc_fsr, 0xa0f)
	ldr r1, =0x00804000
	ldr r0, [r1]                /* PL1 may */
	cps #0x10
	TRY(1f)
	ldr r0, [r1]
	NO_EXC
1:	CHECKV(exc_fsr, 0x20f)
	TRY_STAY(2f)
	svc #0
2:	cps #0x13

	/* --- XN and PXN (level 2 blocks): prefetch aborts. */
	ldr r0, =0x00e00000 + xn_target
	TRY(1f)
	blx r0
	NO_EXC
1:	CHECK_EXC(EXC_PABT)
	CHECKV(exc_fsr, 0x20e)
	CHECKV(exc_far, 0x00e00000 + xn_target)
	ldr r0, =0x01000000 + xn_target
	TRY(1f)
	blx r0
	NO_EXC
1:	CHECK_EXC(EXC_PABT)
	CHECKV(exc_fsr, 0x20e)

	/* --- 64-bit PAR: address + NS + LPAE bit + ATTR from MAIR; and a fault. */
	PAR_OF 0x40200010, 0
	CHECK(r0, PA_A | (1 << 11) | (1 << 9))
	CHECK(r1, 0xff000000)
	PAR_OF 0x80000000, 0
	CHECK(r0, 1 | (0x05 << 1) | (1 << 11))
	PAR_OF 0x00803000, 1        /* ATS1CPW of a read-only page */
	CHECK(r0, 1 | (0x0f << 1) | (1 << 11))

	/* --- TLBIMVA makes a remapped page visible. */
	ldr r4, =0x00800000
	ldr r0, [r4]
	CHECK(r0, 0xbbbb0000)
	D64 L3A + 0 * 8, PAGE(PA_A, 1), 0
	dsb
	mcr p15, 0, r4, c8, c7, 1
	dsb
	isb
	ldr r0, [r4]
	CHECK(r0, 0xaaaa0000)

	/* --- T0SZ = T1SZ = 1: TTBR1 translates the top 2 GiB; EPD1 disables it. */
	D64 TT1 + 0, BLOCK(0, 1), 0                 /* VA 0x80000000.. -> PA 0 */
	ldr r0, =TT1
	mov r1, #0
	mcrr p15, 1, r0, r1, c2     /* TTBR1 */
	ldr r0, =0x80010001
	mcr p15, 0, r0, c2, c0, 2
	TLBIALL
	ldr r1, =0x80200000
	ldr r0, [r1]
	CHECK(r0, 0xaaaa0000)
	ldr r1, =0x40200000
	ldr r0, [r1]
	CHECK(r0, 0xaaaa0000)
	ldr r0, =0x80810001         /* EPD1 */
	mcr p15, 0, r0, c2, c0, 2
	TLBIALL
	ldr r1, =0x80200000
	TRY(1f)
	ldr r0, [r1]
	NO_EXC
1:	CHECKV(exc_fsr, 0x205)

	/* --- Alignment faults use the long format too. */
	ldr r1, =0x40200002
	TRY(1f)
	ldrd r2, r3, [r1]
	NO_EXC
1:	CHECKV(exc_fsr, 0x221)

	b pass
	.ltorg

	.balign 4
xn_target:
	bx lr
