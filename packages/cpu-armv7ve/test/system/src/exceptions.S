/* Exception entry and return, modes and banked registers (ARM ARM B1.8-B1.9). */
#include "common.h"
	VECTORS

reset:
	ldr sp, =0x7f000            /* SVC stack */
	mrs r0, cpsr
	CHECK_PSR(r0, 0x1d3)            /* reset: SVC, A I F masked, ARM */

	/* --- SVC from SVC mode: LR = next instruction, SPSR = old CPSR, I set on entry. */
	TRY(1f)
	cpsie i
svc1:
	svc #0x123
	NO_EXC
1:	CHECK_EXC(EXC_SVC)
	CHECKV(exc_lr, svc1 + 4)
	CHECKV_PSR(exc_spsr, 0x153)
	CHECKV_PSR(exc_cpsr, 0x1d3)
	mrs r0, cpsr
	CHECK_PSR(r0, 0x153)            /* movs pc, lr restored the interrupted CPSR */
	cpsid i

	/* --- SVC from User mode, returning to User mode; then back to SVC with TRY_STAY. */
	ldr r0, =0x6f000
	msr sp_usr, r0
	cps #0x10
	mrs r0, cpsr
	CHECK_PSR(r0, 0x1d0)
	TRY(2f)
svc2:
	svc #1
	NO_EXC
2:	CHECK_EXC(EXC_SVC)
	CHECKV_PSR(exc_spsr, 0x1d0)
	mrs r0, cpsr
	CHECK_PSR(r0, 0x1d0)
	TRY_STAY(3f)
	svc #2
	NO_EXC
3:	mrs r0, cpsr
	CHECK_PSR(r0, 0x1d3)

	/* --- UDF: UND mode, LR = address + 4, A unchanged. */
	TRY(1f)
udf1:
	udf #7
	NO_EXC
1:	CHECK_EXC(EXC_UND)
	CHECKV(exc_lr, udf1 + 4)
	CHECKV_PSR(exc_cpsr, 0x1db)

	/* --- An undefined Thumb instruction: LR = address + 2, SPSR.T set. */
	TRY_STAY(1f)
	adr r0, udf_thumb + 1
	bx r0
	.thumb
udf_thumb:
	udf #3
	.arm
	.balign 4
1:	cps #0x13
	CHECK_EXC(EXC_UND)
	CHECKV(exc_lr, udf_thumb + 2)
	CHECKV_PSR(exc_spsr, 0x1f3)

	/* --- BKPT: prefetch abort, IFSR = debug event, IFAR = the BKPT. */
	TRY(1f)
bkpt1:
	bkpt #5
	NO_EXC
1:	CHECK_EXC(EXC_PABT)
	CHECKV(exc_lr, bkpt1 + 4)
	CHECKV(exc_fsr, 0x002)
	CHECKV(exc_far, bkpt1)
	CHECKV_PSR(exc_cpsr, 0x1d7)

	/* --- Data abort on an unassigned address: external abort, LR = address + 8. */
	ldr r1, =0x20000000
	TRY(1f)
ld1:
	ldr r0, [r1]
	NO_EXC
1:	CHECK_EXC(EXC_DABT)
	CHECKV(exc_lr, ld1 + 8)
	CHECKV(exc_fsr, 0x008)
	CHECKV(exc_far, 0x20000000)
	CHECKV_PSR(exc_cpsr, 0x1d7)
	TRY(1f)
	str r0, [r1, #4]!
	NO_EXC
1:	CHECK_EXC(EXC_DABT)
	CHECKV(exc_fsr, 0x808)      /* WnR */
	CHECKV(exc_far, 0x20000004)
	CHECK(r1, 0x20000000)       /* no base write-back on an aborted access */

	/* --- Prefetch abort on a branch to an unassigned address: LR = address + 4. */
	TRY(1f)
	ldr r0, =0x20000000
	bx r0
	NO_EXC
1:	CHECK_EXC(EXC_PABT)
	CHECKV(exc_fsr, 0x008)
	CHECKV(exc_far, 0x20000000)
	CHECKV(exc_lr, 0x20000004)

	/* --- IRQ: masked while I is set, taken when unmasked; LR = next instruction + 4. */
	ldr r1, =TESTDEV
	mov r0, #1
	TRY(1f)
	str r0, [r1, #8]            /* raise IRQ (masked) */
	nop
	nop
irq_unmask:
	cpsie i
	NO_EXC
1:	CHECK_EXC(EXC_IRQ)
	CHECKV(exc_lr, irq_unmask + 8)
	CHECKV_PSR(exc_cpsr, 0x1d2)     /* IRQ mode, I and A set */
	CHECKV_PSR(exc_spsr, 0x153)
	mrs r0, cpsr
	CHECK_PSR(r0, 0x153)
	cpsid i

	/* --- FIQ: F masking, entry state, banked r8-r12. */
	mov r8, #8
	mov r9, #9
	mov r0, #1
	TRY(1f)
	str r0, [r1, #12]
	cpsie f
fiq1:
	NO_EXC
1:	CHECK_EXC(EXC_FIQ)
	CHECKV(exc_lr, fiq1 + 4)
	CHECKV_PSR(exc_cpsr, 0x1d1)
	CHECK(r8, 8)
	CHECK(r9, 9)
	cpsid f

	/* --- Banked SP/LR per mode; System shares User's; FIQ banks r8-r12. */
	mov r0, #0x100
	mov r13, r0
	mov r14, #0x101
	cps #0x12                   /* IRQ */
	mov r13, #0x200
	mov r14, #0x201
	cps #0x17                   /* ABT */
	mov r13, #0x300
	cps #0x1b                   /* UND */
	mov r13, #0x400
	cps #0x11                   /* FIQ */
	mov r8, #0x508
	mov r12, #0x50c
	mov r13, #0x500
	cps #0x1f                   /* SYS */
	mov r13, #0x600
	mov r14, #0x601
	CHECK(r8, 8)
	cps #0x13
	CHECK(r13, 0x100)
	CHECK(r14, 0x101)
	mrs r0, sp_irq
	CHECK(r0, 0x200)
	mrs r0, lr_irq
	CHECK(r0, 0x201)
	mrs r0, sp_abt
	CHECK(r0, 0x300)
	mrs r0, sp_und
	CHECK(r0, 0x400)
	mrs r0, sp_usr
	CHECK(r0, 0x600)
	mrs r0, lr_usr
	CHECK(r0, 0x601)
	mrs r0, r8_fiq
	CHECK(r0, 0x508)
	mrs r0, r12_fiq
	CHECK(r0, 0x50c)
	mrs r0, sp_fiq
	CHECK(r0, 0x500)
	ldr r0, =0x1234
	msr r9_fiq, r0
	cps #0x11
	CHECK(r9, 0x1234)
	cps #0x13
	CHECK(r9, 9)
	ldr sp, =0x7f000

	/* --- SRS/RFE and LDM exception return. */
	ldr r0, =0x80000153         /* N set, SVC, A I, no F */
	msr spsr_cxsf, r0
	adr lr, 1f
	srsdb sp!, #0x13
	CHECK(sp, 0x7f000 - 8)
	ldr r0, [sp]
	adr r12, 1f
	cmp r0, r12
	ldrne r0, =__LINE__
	bne fail
	rfeia sp!
	NO_EXC
1:	mrs r0, cpsr
	CHECK(r0, 0x80000153)
	CHECK(sp, 0x7f000)
	msr cpsr_f, #0              /* clear N */
	ldr r0, =0x20000013         /* C set, SVC, no masks */
	msr spsr_cxsf, r0
	adr r0, 1f
	push {r0}
	ldmfd sp!, {pc}^
	NO_EXC
1:	mrs r0, cpsr
	CHECK(r0, 0x20000013)
	cpsid aif

	/* --- SUBS PC, LR, #4 style return from IRQ handled above; MOVS PC, LR from SVC with Thumb target. */
	ldr r0, =0x1f3              /* Thumb, SVC, masked */
	msr spsr_cxsf, r0
	adr lr, thumb_target + 1
	movs pc, lr
	.thumb
	.thumb_func
thumb_target:
	mrs r0, cpsr                /* MRS reads T (and IT) as zero */
	ldr r12, =0x1d3
	cmp r0, r12
	bne.w fail_t
	adr r0, 1f
	bx r0
fail_t:
	ldr r0, =__LINE__
	ldr r1, =fail               /* interworking branch: fail is ARM code */
	bx r1
	.ltorg
	.arm
	.balign 4
1:
	/* --- VBAR moves the vectors. */
	ldr r0, =alt_vectors
	mcr p15, 0, r0, c12, c0, 0
	mov r3, #0
	svc #0
	CHECK(r3, 0x5a)
	mov r0, #0
	mcr p15, 0, r0, c12, c0, 0
	b pass
	.ltorg

	.balign 32
alt_vectors:
	b .
	b .
	b alt_svc
	b .
	b .
	b .
	b .
	b .
alt_svc:
	mov r3, #0x5a
	movs pc, lr
	.ltorg
