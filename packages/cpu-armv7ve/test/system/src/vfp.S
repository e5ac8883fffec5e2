/* VFP access control (CPACR cp10/cp11, FPEXC.EN, PL0), the ID and control registers, FPSCR,
 * short-vector settings, VPUSH/VPOP of all 32 D registers and alignment (ARM ARM B1.11, B4.1.40). */
#include "common.h"
	VECTORS

/* d<n> = (n, ~n) for n = 0..31. */
.macro FILL_D
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	mov r0, #\n
	mvn r1, #\n
	vmov d\n, r0, r1
	.endr
.endm

reset:
	ldr sp, =0x7f000

	/* --- Out of reset CPACR grants no access to cp10/cp11: every VFP instruction is
	 *     UNDEFINED, the FPEXC access included; LR = address + 4. */
	TRY(1f)
und1:
	vadd.f32 s0, s1, s2
	NO_EXC
1:	CHECK_EXC(EXC_UND)
	CHECKV(exc_lr, und1 + 4)
	CHECKV_PSR(exc_cpsr, 0x1db)
	TRY(1f)
und2:
	vmrs r0, fpexc
	NO_EXC
1:	CHECK_EXC(EXC_UND)
	CHECKV(exc_lr, und2 + 4)

	/* --- CPACR full access, FPEXC.EN still clear: FPEXC, FPSID and MVFR0/1 are accessible at
	 *     PL1 (that is how an OS enables the unit and probes it), everything else UNDEFINED. */
	ldr r0, =0x00f00000
	mcr p15, 0, r0, c1, c0, 2
	isb
	mrc p15, 0, r0, c1, c0, 2
	and r0, r0, #0x00f00000
	CHECK(r0, 0x00f00000)
	vmrs r0, fpexc
	CHECK(r0, 0)
	vmrs r0, fpsid
	CHECK(r0, 0x410430f0)
	vmrs r0, mvfr0
	CHECK(r0, 0x10110222)
	TRY(1f)
und3:
	vmrs r0, fpscr
	NO_EXC
1:	CHECK_EXC(EXC_UND)
	CHECKV(exc_lr, und3 + 4)
	TRY(1f)
und4:
	vldr d0, [sp]
	NO_EXC
1:	CHECK_EXC(EXC_UND)
	CHECKV(exc_lr, und4 + 4)

	/* --- FPEXC.EN: only EN is writable; FPSID ignores writes. */
	mvn r0, #0
	vmsr fpexc, r0
	vmrs r1, fpexc
	CHECK(r1, 0x40000000)
	vmsr fpsid, r0
	vmrs r1, fpsid
	CHECK(r1, 0x410430f0)

	/* --- Enabled: arithmetic in both precisions, compares into the APSR. */
	vmov.f32 s0, #1.5
	vmov.f32 s1, #2.25
	vadd.f32 s2, s0, s1
	vmov r0, s2
	CHECK(r0, 0x40700000)           /* 3.75 */
	vcvt.f64.f32 d20, s2
	vmov.f64 d21, #0.5
	vdiv.f64 d22, d20, d21
	vmov r0, r1, d22
	CHECK(r0, 0)
	CHECK(r1, 0x401e0000)           /* 7.5 */
	vcmp.f32 s0, s1
	vmrs APSR_nzcv, fpscr
	movlt r0, #1
	movge r0, #2
	CHECK(r0, 1)
	vmrs r0, fpscr
	CHECK(r0, 0x80000000)

	/* --- FPSCR: the trap enables and reserved bits read as zero, the rest as written. */
	mvn r0, #0
	vmsr fpscr, r0
	vmrs r1, fpscr
	CHECK(r1, 0xfff7009f)

	/* --- No short vectors: with LEN or STRIDE non-zero the data-processing instructions are
	 *     UNDEFINED; compares, conversions and transfers still execute. */
	ldr r0, =0x00010000
	vmsr fpscr, r0
	TRY(1f)
und5:
	vadd.f32 s2, s0, s1
	NO_EXC
1:	CHECK_EXC(EXC_UND)
	CHECKV(exc_lr, und5 + 4)
	ldr r0, =0x00300000
	vmsr fpscr, r0
	TRY(1f)
und6:
	vmov.f64 d0, #1.0
	NO_EXC
1:	CHECK_EXC(EXC_UND)
	CHECKV(exc_lr, und6 + 4)
	vcmp.f32 s0, s0
	vcvt.s32.f32 s3, s1
	vmov r1, s3
	CHECK(r1, 2)
	vmrs r1, fpscr
	CHECK(r1, 0x60300010)           /* Z C, STRIDE, IXC from the conversion */
	mov r0, #0
	vmsr fpscr, r0

	/* --- VPUSH/VPOP round-trip all 32 D registers. */
	FILL_D
	vpush {d16-d31}
	vpush {d0-d15}
	CHECK(sp, 0x7f000 - 256)
	ldr r0, [sp]
	CHECK(r0, 0)
	ldr r0, [sp, #4]
	CHECK(r0, 0xffffffff)
	ldr r0, [sp, #8 * 17]
	CHECK(r0, 17)
	ldr r0, [sp, #8 * 31 + 4]
	CHECK(r0, ~31)
	mov r2, #0
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	vmov d\n, r2, r2
	.endr
	vpop {d0-d15}
	vpop {d16-d31}
	CHECK(sp, 0x7f000)
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	vmov r0, r1, d\n
	CHECK(r0, \n)
	CHECK(r1, ~\n)
	.endr

	/* --- VLDR/VSTR need word alignment whatever SCTLR.A says (alignment fault); doubles need
	 *     no more than word alignment. */
	mrc p15, 0, r0, c1, c0, 0
	and r0, r0, #2
	CHECK(r0, 0)                    /* SCTLR.A clear */
	ldr r1, =0x200002
	TRY(1f)
al1:
	vldr s0, [r1]
	NO_EXC
1:	CHECK_EXC(EXC_DABT)
	CHECKV(exc_lr, al1 + 8)
	CHECKV(exc_fsr, 0x001)
	CHECKV(exc_far, 0x200002)
	TRY(1f)
al2:
	vstr d5, [r1, #-8]
	NO_EXC
1:	CHECK_EXC(EXC_DABT)
	CHECKV(exc_fsr, 0x801)          /* WnR */
	CHECKV(exc_far, 0x1ffffa)
	add r2, r1, #2                  /* 0x200004: word aligned */
	vstr d5, [r2]
	vldr d6, [r2]
	vmov r2, r3, d6
	CHECK(r2, 5)
	CHECK(r3, ~5)

	/* --- PL0: CPACR "privileged only" (01) makes VFP UNDEFINED in User mode, not at PL1. */
	ldr r0, =0x00500000
	mcr p15, 0, r0, c1, c0, 2
	isb
	vadd.f32 s2, s0, s1
	ldr r0, =0x6f000
	msr sp_usr, r0
	cps #0x10
	TRY(1f)
usr1:
	vadd.f32 s2, s0, s1
	NO_EXC
1:	mrs r0, cpsr
	CHECK_PSR(r0, 0x1d0)            /* resumed in User mode */
	CHECK_EXC(EXC_UND)
	CHECKV(exc_lr, usr1 + 4)
	CHECKV_PSR(exc_spsr, 0x1d0)
	TRY_STAY(2f)
	svc #0
2:	ldr r0, =0x00f00000             /* back in SVC: full access */
	mcr p15, 0, r0, c1, c0, 2
	isb
	cps #0x10
	vmov.f32 s4, #3.0
	vmov.f32 s5, #0.5
	vmul.f32 s6, s4, s5
	vmov r0, s6
	CHECK(r0, 0x3fc00000)           /* 1.5 */
	vmrs r0, fpscr                  /* FPSCR is accessible at PL0 */
	vmsr fpscr, r0
	/* ... but FPEXC, FPSID and the MVFRs are not. */
	TRY(1f)
usr2:
	vmrs r0, fpexc
	NO_EXC
1:	CHECK_EXC(EXC_UND)
	CHECKV(exc_lr, usr2 + 4)
	TRY(1f)
usr3:
	vmrs r0, mvfr0
	NO_EXC
1:	CHECK_EXC(EXC_UND)
	CHECKV(exc_lr, usr3 + 4)
	TRY(1f)
usr4:
	vmsr fpexc, r0
	NO_EXC
1:	CHECK_EXC(EXC_UND)
	CHECKV(exc_lr, usr4 + 4)
	TRY_STAY(2f)
	svc #0
2:

	/* --- Clearing FPEXC.EN disables the unit again (lazy context switching relies on it). */
	mov r0, #0
	vmsr fpexc, r0
	TRY(1f)
und7:
	vmov r0, s0
	NO_EXC
1:	CHECK_EXC(EXC_UND)
	CHECKV(exc_lr, und7 + 4)
	vmrs r0, fpexc
	CHECK(r0, 0)
	b pass
	.ltorg
