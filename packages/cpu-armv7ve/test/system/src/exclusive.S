/* Exclusive access (LDREX/STREX, byte, halfword, doubleword), CLREX, SWP, alignment rules. */
#include "common.h"
	VECTORS

reset:
	ldr sp, =0x7f000
	ldr r4, =0x200000
	ldr r0, =0x11223344
	str r0, [r4]

	/* --- A successful read-modify-write. */
	ldrex r0, [r4]
	CHECK(r0, 0x11223344)
	add r0, r0, #1
	strex r1, r0, [r4]
	CHECK(r1, 0)
	ldr r0, [r4]
	CHECK(r0, 0x11223345)

	/* --- STREX without a preceding LDREX fails and does not store. */
	mov r0, #7
	strex r1, r0, [r4]
	CHECK(r1, 1)
	ldr r0, [r4]
	CHECK(r0, 0x11223345)

	/* --- CLREX clears the monitor; a second STREX after a successful one fails. */
	ldrex r0, [r4]
	clrex
	strex r1, r0, [r4]
	CHECK(r1, 1)
	ldrex r0, [r4]
	strex r1, r0, [r4]
	CHECK(r1, 0)
	strex r1, r0, [r4]
	CHECK(r1, 1)

	/* --- An exception return clears nothing we rely on, but a store by "someone else" to the
	 *     marked location (here: the same core writing a new value) makes STREX fail. */
	ldrex r0, [r4]
	ldr r2, =0x55555555
	str r2, [r4]
	strex r1, r0, [r4]
	CHECK(r1, 1)
	ldr r0, [r4]
	CHECK(r0, 0x55555555)

	/* --- Byte, halfword and doubleword forms. */
	ldrexb r0, [r4]
	CHECK(r0, 0x55)
	mov r0, #0xa5
	strexb r1, r0, [r4]
	CHECK(r1, 0)
	add r5, r4, #2
	ldrexh r0, [r5]
	CHECK(r0, 0x5555)
	ldr r0, =0xbeef
	strexh r1, r0, [r5]
	CHECK(r1, 0)
	ldr r0, [r4]
	CHECK(r0, 0xbeef55a5)
	ldr r0, =0x01020304
	str r0, [r4, #8]
	ldr r0, =0x05060708
	str r0, [r4, #12]
	add r5, r4, #8
	ldrexd r2, r3, [r5]
	CHECK(r2, 0x01020304)
	CHECK(r3, 0x05060708)
	mov r2, #1
	mov r3, #2
	strexd r1, r2, r3, [r5]
	CHECK(r1, 0)
	ldrd r2, r3, [r5]
	CHECK(r2, 1)
	CHECK(r3, 2)

	/* --- Unaligned exclusives fault (alignment), whatever SCTLR.A says. */
	add r5, r4, #2
	TRY(1f)
	ldrex r0, [r5]
	NO_EXC
1:	CHECK_EXC(EXC_DABT)
	CHECKV(exc_fsr, 0x001)
	add r5, r4, #4
	TRY(1f)
	ldrexd r2, r3, [r5]         /* doubleword needs 8-byte alignment */
	NO_EXC
1:	CHECKV(exc_fsr, 0x001)

	/* --- SWP/SWPB work when SCTLR.SW is set, and are UNDEFINED otherwise. */
	mov r0, #0x42
	TRY(1f)
	swp r1, r0, [r4]
	NO_EXC
1:	CHECK_EXC(EXC_UND)
	mrc p15, 0, r0, c1, c0, 0
	orr r0, r0, #1 << 10
	mcr p15, 0, r0, c1, c0, 0
	ldr r0, =0x12345678
	str r0, [r4]
	mov r0, #0x42
	swp r1, r0, [r4]
	CHECK(r1, 0x12345678)
	ldr r0, [r4]
	CHECK(r0, 0x42)
	mov r0, #0x99
	swpb r1, r0, [r4]
	CHECK(r1, 0x42)
	ldr r0, [r4]
	CHECK(r0, 0x99)
	b pass
	.ltorg
