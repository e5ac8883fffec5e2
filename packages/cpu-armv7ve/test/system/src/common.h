/* Shared scaffolding of the bare-metal system tests (preprocessed by gcc, assembled by gas).
 * The program starts at 0 in SVC mode with the MMU off. The test device (test/machine.ts) at
 * 0x10000000 ends the run (offset 0: exit code), logs values (4), drives IRQ (8) and FIQ (0xc),
 * and raises IRQ after N ns (0x10). A failed CHECK exits with code 1 after logging __LINE__.
 *
 * Exceptions are caught by the vector handlers below: each records what happened in exc_* and
 * resumes at the label given to TRY, in the mode of the interrupted code (or, with TRY_STAY, in
 * the exception's mode).
 */
	.syntax unified
#define TESTDEV 0x10000000
#define EXC_UND 1
#define EXC_SVC 2
#define EXC_PABT 3
#define EXC_DABT 4
#define EXC_IRQ 6
#define EXC_FIQ 7

/* r11 and r12 are the scaffolding's scratch registers. */
#define CHECK(reg, val) ldr r12, =(val); cmp reg, r12; ldrne r0, =__LINE__; bne fail
#define CHECKV(var, val) ldr r12, =var; ldr r12, [r12]; ldr r11, =(val); cmp r12, r11; ldrne r0, =__LINE__; bne fail
/* Program status values are compared without the condition flags (the CHECKs themselves set them). */
#define CHECK_PSR(reg, val) bic r12, reg, #0xf8000000; ldr r11, =(val); cmp r12, r11; ldrne r0, =__LINE__; bne fail
#define CHECKV_PSR(var, val) ldr r12, =var; ldr r12, [r12]; bic r12, r12, #0xf8000000; ldr r11, =(val); cmp r12, r11; ldrne r0, =__LINE__; bne fail
#define CHECK_EXC(kind) CHECKV(exc_kind, kind)
#define TRY(label) ldr r12, =label; ldr r11, =resume_addr; str r12, [r11]; mov r12, #0; ldr r11, =exc_kind; str r12, [r11]; ldr r11, =resume_stay; str r12, [r11]
#define TRY_STAY(label) TRY(label); mov r12, #1; ldr r11, =resume_stay; str r12, [r11]
#define NO_EXC ldr r0, =__LINE__; b fail
#define LOG(reg) ldr r12, =TESTDEV; str reg, [r12, #4]

.macro RECORD kind
	ldr r12, =exc_kind
	str lr, [r12, #4]          /* exc_lr */
	mrs lr, spsr
	str lr, [r12, #8]          /* exc_spsr */
	mrs lr, cpsr
	str lr, [r12, #12]         /* exc_cpsr (mode and masks on entry) */
	mov lr, #\kind
	str lr, [r12]
	.if \kind == EXC_DABT
	mrc p15, 0, lr, c5, c0, 0  /* DFSR */
	str lr, [r12, #16]
	mrc p15, 0, lr, c6, c0, 0  /* DFAR */
	str lr, [r12, #20]
	.endif
	.if \kind == EXC_PABT
	mrc p15, 0, lr, c5, c0, 1  /* IFSR */
	str lr, [r12, #16]
	mrc p15, 0, lr, c6, c0, 2  /* IFAR */
	str lr, [r12, #20]
	.endif
	.if \kind == EXC_IRQ
	ldr lr, =TESTDEV
	mov r12, #0
	str r12, [lr, #8]          /* lower the IRQ line */
	.endif
	.if \kind == EXC_FIQ
	ldr lr, =TESTDEV
	mov r12, #0
	str r12, [lr, #12]
	.endif
	ldr r12, =resume_stay
	ldr r12, [r12]
	cmp r12, #0
	ldr lr, =resume_addr
	ldr lr, [lr]
	bxne lr                    /* stay in the exception's mode */
	movs pc, lr                /* back to the interrupted mode */
.endm

.macro VECTORS
	.text
	.arm
	.global _start
_start:
	b reset
	b und_handler
	b svc_handler
	b pabt_handler
	b dabt_handler
	b .
	b irq_handler
	b fiq_handler
und_handler: RECORD EXC_UND
svc_handler: RECORD EXC_SVC
pabt_handler: RECORD EXC_PABT
dabt_handler: RECORD EXC_DABT
irq_handler: RECORD EXC_IRQ
fiq_handler: RECORD EXC_FIQ
	.ltorg
fail:
	ldr r12, =TESTDEV
	str r0, [r12, #4]
	mov r0, #1
	str r0, [r12]
	b .
pass:
	ldr r12, =TESTDEV
	mov r0, #0
	str r0, [r12]
	b .
	.ltorg
	.data
	.balign 4
exc_kind: .word 0
exc_lr: .word 0
exc_spsr: .word 0
exc_cpsr: .word 0
exc_fsr: .word 0
exc_far: .word 0
exc_scratch: .word 0
resume_addr: .word 0
resume_stay: .word 0
	.text
.endm
