/* WFI waits for an interrupt (even a masked one) and virtual time moves to it; WFE/SEV. */
#include "common.h"
	VECTORS

reset:
	ldr sp, =0x7f000
	ldr r4, =TESTDEV

	/* --- Masked IRQ: WFI returns when the line rises 1 ms later, without taking it. */
	ldr r5, [r4, #0x14]         /* virtual time (ns, low word) */
	ldr r0, =1000000
	str r0, [r4, #0x10]         /* raise IRQ after 1 ms */
	wfi
	ldr r6, [r4, #0x14]
	sub r6, r6, r5
	ldr r0, =1000000
	cmp r6, r0
	ldrlo r0, =__LINE__
	blo fail                    /* woke too early */
	CHECKV(exc_kind, 0)         /* not taken: masked */
	mov r0, #0
	str r0, [r4, #8]            /* lower the line */

	/* --- Unmasked: WFI, then the IRQ is taken; LR points after the WFI. */
	ldr r0, =5000
	str r0, [r4, #0x10]
	TRY(1f)
	cpsie i
wfi2:
	wfi
	NO_EXC
1:	CHECK_EXC(EXC_IRQ)
	CHECKV(exc_lr, wfi2 + 8)
	cpsid i

	/* --- SEV sets the event register: the next WFE returns at once. */
	sev
	wfe
	mov r0, #1
	b pass
	.ltorg
