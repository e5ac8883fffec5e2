/* Short-descriptor translation (ARM ARM B3.5): sections, supersections, small and large pages,
 * domains, access permissions, XN, the access flag, fault status codes and addresses, TLB
 * maintenance, ATS1C* and the TTBR0/TTBR1 split. */
#include "common.h"
	VECTORS

#define TT0 0x100000        /* level-1 table for TTBR0 (16 KiB aligned) */
#define TT1 0x104000        /* level-1 table for TTBR1 */
#define L2A 0x108000        /* a level-2 table (1 KiB) */
#define PA_A 0x200000       /* test pages with known contents */
#define PA_B 0x300000
#define PA_C 0x310000

/* Section: AP[2:0], domain, XN. */
#define SECT(pa, ap, dom, xn) (((pa) & 0xfff00000) | (((ap) & 3) << 10) | (((ap) >> 2) << 15) | ((dom) << 5) | ((xn) << 4) | 2)
#define PAGETABLE(l2, dom) (((l2) & 0xfffffc00) | ((dom) << 5) | 1)
#define SMALL(pa, ap, xn) (((pa) & 0xfffff000) | (((ap) & 3) << 4) | (((ap) >> 2) << 9) | (xn) | 2)
#define LARGE(pa, ap) (((pa) & 0xffff0000) | (((ap) & 3) << 4) | (((ap) >> 2) << 9) | 1)

/* Table edits and TLB maintenance use only the scaffolding's scratch registers r11/r12. */
.macro L1 table, va, desc
	ldr r12, =\table + ((\va) >> 20) * 4
	ldr r11, =\desc
	str r11, [r12]
.endm

.macro TLBIALL
	mov r12, #0
	mcr p15, 0, r12, c8, c7, 0
	dsb
	isb
.endm

reset:
	ldr sp, =0x7f000
	/* Known contents at the test pages (MMU still off). */
	ldr r0, =PA_A
	ldr r1, =0xaaaa0000
	str r1, [r0]
	ldr r0, =PA_B
	ldr r1, =0xbbbb0000
	str r1, [r0]
	ldr r0, =PA_C
	ldr r1, =0xcccc0000
	str r1, [r0, #0x100]

	/* Identity map the 8 MiB of RAM (RW for all, executable) and the test device (XN). */
	ldr r0, =TT0
	mov r2, #0
1:	ldr r1, =SECT(0, 3, 0, 0)
	orr r1, r1, r2, lsl #20
	str r1, [r0, r2, lsl #2]
	add r2, r2, #1
	cmp r2, #8
	blo 1b
	L1 TT0, TESTDEV, SECT(TESTDEV, 3, 0, 1)

	ldr r0, =0x55555555         /* every domain: client */
	mcr p15, 0, r0, c3, c0, 0
	mov r0, #0
	mcr p15, 0, r0, c2, c0, 2   /* TTBCR: N = 0, short descriptors */
	ldr r0, =TT0
	mcr p15, 0, r0, c2, c0, 0
	TLBIALL
	mrc p15, 0, r0, c1, c0, 0
	orr r0, r0, #1
	mcr p15, 0, r0, c1, c0, 0   /* MMU on */
	isb

	/* --- Section. */
	L1 TT0, 0x40000000, SECT(PA_A, 3, 0, 0)
	ldr r1, =0x40000000
	ldr r0, [r1]
	CHECK(r0, 0xaaaa0000)
	ldr r2, =0x12345678
	str r2, [r1, #4]
	ldr r3, =PA_A
	ldr r0, [r3, #4]
	CHECK(r0, 0x12345678)

	/* --- Small and large pages through a level-2 table. */
	L1 TT0, 0x40100000, PAGETABLE(L2A, 0)
	ldr r0, =L2A
	ldr r1, =SMALL(PA_B, 3, 0)
	str r1, [r0]                /* VA 0x40100000 */
	ldr r1, =LARGE(PA_C, 3)
	mov r2, #16
	add r3, r0, #0x40           /* entries 0x10..0x1f: VA 0x40110000 (64 KiB) */
2:	str r1, [r3], #4
	subs r2, r2, #1
	bne 2b
	TLBIALL
	ldr r1, =0x40100000
	ldr r0, [r1]
	CHECK(r0, 0xbbbb0000)
	ldr r1, =0x40110100
	ldr r0, [r1]
	CHECK(r0, 0xcccc0000)

	/* --- Supersection (16 MiB, replicated 16 times): VA 0x42000000 -> PA 0. */
	ldr r0, =TT0 + (0x42000000 >> 20) * 4
	ldr r1, =0x00040002 | (3 << 10)
	mov r2, #16
3:	str r1, [r0], #4
	subs r2, r2, #1
	bne 3b
	TLBIALL
	ldr r1, =0x42000000
	ldr r0, [r1]
	ldr r2, =0
	ldr r2, [r2]
	cmp r0, r2
	ldrne r0, =__LINE__
	bne fail
	mov r0, #0x42000000
	mcr p15, 0, r0, c7, c8, 0   /* ATS1CPR */
	isb
	mrc p15, 0, r0, c7, c4, 0
	CHECK(r0, 0x00000202)       /* supersection flag, NS */

	/* --- Level-1 translation fault. */
	ldr r1, =0x50000000
	TRY(1f)
tf1:
	ldr r0, [r1, #8]
	NO_EXC
1:	CHECK_EXC(EXC_DABT)
	CHECKV(exc_fsr, 0x005)
	CHECKV(exc_far, 0x50000008)
	CHECKV(exc_lr, tf1 + 8)

	/* --- Level-2 translation fault (domain 3 comes from the level-1 descriptor). */
	L1 TT0, 0x40100000, PAGETABLE(L2A, 3)
	TLBIALL
	ldr r1, =0x40101000
	TRY(1f)
	str r0, [r1]
	NO_EXC
1:	CHECK_EXC(EXC_DABT)
	CHECKV(exc_fsr, 0x837)      /* WnR, domain 3, page translation fault */
	CHECKV(exc_far, 0x40101000)

	/* --- Domain faults: section and page, domain marked "no access". */
	L1 TT0, 0x44000000, SECT(PA_A, 3, 1, 0)
	ldr r0, =0x55555551         /* domain 1: no access */
	mcr p15, 0, r0, c3, c0, 0
	TLBIALL
	ldr r1, =0x44000000
	TRY(1f)
	ldr r0, [r1]
	NO_EXC
1:	CHECK_EXC(EXC_DABT)
	CHECKV(exc_fsr, 0x019)
	ldr r0, =0x5555555d         /* domain 1: manager, permissions ignored */
	mcr p15, 0, r0, c3, c0, 0
	L1 TT0, 0x44000000, SECT(PA_A, 0, 1, 0)
	TLBIALL
	ldr r0, [r1]
	CHECK(r0, 0xaaaa0000)
	ldr r0, =0x55555555
	mcr p15, 0, r0, c3, c0, 0
	L1 TT0, 0x40100000, PAGETABLE(L2A, 2)
	ldr r0, =0x55555545         /* domain 2: no access */
	mcr p15, 0, r0, c3, c0, 0
	TLBIALL
	ldr r1, =0x40100000
	TRY(1f)
	ldr r0, [r1]
	NO_EXC
1:	CHECKV(exc_fsr, 0x02b)
	ldr r0, =0x55555555
	mcr p15, 0, r0, c3, c0, 0
	L1 TT0, 0x40100000, PAGETABLE(L2A, 0)
	TLBIALL

	/* --- Permission faults: PL1 read-only section; PL1-only section from User mode. */
	L1 TT0, 0x45000000, SECT(PA_A, 5, 0, 0)
	L1 TT0, 0x45100000, SECT(PA_A, 1, 0, 0)
	TLBIALL
	ldr r1, =0x45000000
	ldr r0, [r1]
	CHECK(r0, 0xaaaa0000)
	TRY(1f)
	str r0, [r1]
	NO_EXC
1:	CHECKV(exc_fsr, 0x80d)
	ldr r1, =0x45100000
	ldr r0, [r1]                /* PL1 may read AP=001 */
	CHECK(r0, 0xaaaa0000)
	cps #0x10
	TRY(1f)
	ldr r0, [r1]
	NO_EXC
1:	CHECK_EXC(EXC_DABT)
	CHECKV(exc_fsr, 0x00d)
	TRY_STAY(2f)
	svc #0
2:	cps #0x13
	/* A User-mode LDRT from PL1 uses User permissions too. */
	TRY(1f)
	ldrt r0, [r1]
	NO_EXC
1:	CHECKV(exc_fsr, 0x00d)

	/* --- Execute-never: prefetch abort, permission fault. */
	L1 TT0, 0x46000000, SECT(0, 3, 0, 1)
	TLBIALL
	ldr r0, =0x46000000 + xn_target
	TRY(1f)
	blx r0
	NO_EXC
1:	CHECK_EXC(EXC_PABT)
	CHECKV(exc_fsr, 0x00d)
	CHECKV(exc_far, 0x46000000 + xn_target)

	/* --- Access flag (SCTLR.AFE = 1): AP[0] = 0 faults. */
	L1 TT0, 0x48000000, SECT(PA_A, 2, 0, 0)
	ldr r0, =L2A
	ldr r1, =SMALL(PA_B, 2, 0)
	str r1, [r0]
	mrc p15, 0, r0, c1, c0, 0
	orr r0, r0, #1 << 29
	mcr p15, 0, r0, c1, c0, 0
	TLBIALL
	ldr r1, =0x48000000
	TRY(1f)
	ldr r0, [r1]
	NO_EXC
1:	CHECKV(exc_fsr, 0x003)
	ldr r1, =0x40100000
	TRY(1f)
	ldr r0, [r1]
	NO_EXC
1:	CHECKV(exc_fsr, 0x006)
	mrc p15, 0, r0, c1, c0, 0
	bic r0, r0, #1 << 29
	mcr p15, 0, r0, c1, c0, 0
	ldr r0, =L2A
	ldr r1, =SMALL(PA_B, 3, 0)
	str r1, [r0]
	TLBIALL

	/* --- TLB maintenance: a remapped page is seen after TLBIMVA (and again after TLBIALL). */
	L1 TT0, 0x47000000, SECT(PA_A, 3, 0, 0)
	TLBIALL
	ldr r4, =0x47000000
	ldr r0, [r4]
	CHECK(r0, 0xaaaa0000)
	L1 TT0, 0x47000000, SECT(PA_B, 3, 0, 0)
	dsb
	mcr p15, 0, r4, c8, c7, 1   /* TLBIMVA */
	dsb
	isb
	ldr r0, [r4]
	CHECK(r0, 0xbbbb0000)
	L1 TT0, 0x47000000, SECT(PA_A, 3, 0, 0)
	mov r0, #0
	mcr p15, 0, r0, c8, c3, 0   /* TLBIALLIS */
	dsb
	isb
	ldr r0, [r4]
	CHECK(r0, 0xaaaa0000)

	/* --- ATS1C*: PAR holds the physical address or the fault. */
	ldr r0, =0x40000010
	mcr p15, 0, r0, c7, c8, 0   /* ATS1CPR */
	isb
	mrc p15, 0, r0, c7, c4, 0
	CHECK(r0, PA_A | 0x200)
	ldr r0, =0x50000000
	mcr p15, 0, r0, c7, c8, 0
	isb
	mrc p15, 0, r0, c7, c4, 0
	CHECK(r0, (0x05 << 1) | 1)
	ldr r0, =0x45000000
	mcr p15, 0, r0, c7, c8, 1   /* ATS1CPW on a read-only section: permission fault */
	isb
	mrc p15, 0, r0, c7, c4, 0
	CHECK(r0, (0x0d << 1) | 1)
	ldr r0, =0x45100000
	mcr p15, 0, r0, c7, c8, 2   /* ATS1CUR on a PL1-only section */
	isb
	mrc p15, 0, r0, c7, c4, 0
	CHECK(r0, (0x0d << 1) | 1)

	/* --- TTBCR.N = 1: TTBR0 below 2 GiB, TTBR1 above. */
	L1 TT1, 0x90000000, SECT(PA_B, 3, 0, 0)
	L1 TT0, 0x90000000, SECT(PA_A, 3, 0, 0)   /* must not be used */
	ldr r0, =TT1
	mcr p15, 0, r0, c2, c0, 1
	mov r0, #1
	mcr p15, 0, r0, c2, c0, 2
	TLBIALL
	ldr r1, =0x90000000
	ldr r0, [r1]
	CHECK(r0, 0xbbbb0000)
	ldr r1, =0x40000000
	ldr r0, [r1]
	CHECK(r0, 0xaaaa0000)
	mov r0, #1 << 5 | 1         /* PD1: no walks through TTBR1 */
	mcr p15, 0, r0, c2, c0, 2
	TLBIALL
	ldr r1, =0x90000000
	TRY(1f)
	ldr r0, [r1]
	NO_EXC
1:	CHECKV(exc_fsr, 0x005)
	mov r0, #0
	mcr p15, 0, r0, c2, c0, 2
	TLBIALL

	/* --- Alignment: SCTLR.A faults unaligned LDR; LDRD and LDM always need word alignment. */
	ldr r1, =0x40000001
	ldr r0, [r1]                /* unaligned, allowed */
	mrc p15, 0, r0, c1, c0, 0
	orr r0, r0, #2
	mcr p15, 0, r0, c1, c0, 0
	TRY(1f)
	ldr r0, [r1]
	NO_EXC
1:	CHECKV(exc_fsr, 0x001)
	CHECKV(exc_far, 0x40000001)
	mrc p15, 0, r0, c1, c0, 0
	bic r0, r0, #2
	mcr p15, 0, r0, c1, c0, 0
	ldr r1, =0x40000002
	TRY(1f)
	ldrd r2, r3, [r1]
	NO_EXC
1:	CHECKV(exc_fsr, 0x001)
	TRY(1f)
	ldm r1, {r2, r3}
	NO_EXC
1:	CHECKV(exc_fsr, 0x001)

	b pass
	.ltorg

	.balign 4
xn_target:
	bx lr
