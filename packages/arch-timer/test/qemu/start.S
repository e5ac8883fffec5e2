@ Entry and exception handlers for the timer probe. QEMU (virtualization=on) starts CPU 0 in Hyp
@ mode. Handlers record what happened in `exc` and resume after the faulting instruction.
.syntax unified
.arm
.section .note.GNU-stack, "", %progbits
.text
.global _start
_start:
	ldr sp, =0x40100000		@ SP_hyp
	ldr r0, =hyp_vectors
	mcr p15, 4, r0, c12, c0, 0	@ HVBAR
	ldr r0, =vectors
	mcr p15, 0, r0, c12, c0, 0	@ VBAR (Non-secure PL1)
	ldr r0, =0x400e0000
	msr SP_und, r0
	bl main
1:	wfi
	b 1b

@ Hyp mode -> Non-secure SVC, IRQs/FIQs masked, returning to the caller on the same stack.
.global to_svc
to_svc:
	msr SP_svc, sp
	ldr sp, =0x40080000		@ SP_hyp: a stack of its own for the Hyp trap handler
	mov r0, #0x1d3
	msr SPSR_cxsf, r0		@ (the banked SPSR_hyp form is UNPREDICTABLE in Hyp mode)
	msr ELR_hyp, lr
	eret

@ SVC -> User mode, on the same stack.
.global to_usr
to_usr:
	mov r1, sp
	mov r2, lr			@ SP and LR are banked: carry both over
	cps #0x10
	mov sp, r1
	bx r2

@ call(value, which): SVC #0 with r0 = value, r1 = which (works from User and SVC mode; in SVC
@ mode the exception overwrites LR_svc, hence the push).
.global call
call:
	push {lr}
	svc #0
	pop {pc}

.balign 32
hyp_vectors:
	b .			@ reset
	b hyp_undef		@ undefined, in Hyp mode
	b .			@ HVC from Hyp
	b .			@ prefetch abort
	b .			@ data abort
	b hyp_trap		@ Hyp trap
	b .
	b .
hyp_undef:
	push {r2, r3}
	mov r2, #1
	b 1f
hyp_trap:
	push {r2, r3}
	mrc p15, 4, r2, c5, c2, 0	@ HSR
	lsr r2, r2, #26			@ EC
	cmp r2, #0x12			@ HVC: CNTHCTL = r0, return after the HVC
	mcreq p15, 4, r0, c14, c1, 0
	beq 2f
	orr r2, r2, #0x100
1:	ldr r3, =exc
	str r2, [r3]
	mrs r3, ELR_hyp			@ a trapped or undefined instruction: skip it
	add r3, r3, #4
	msr ELR_hyp, r3
2:	pop {r2, r3}
	eret

.balign 32
vectors:
	b .			@ reset
	b undef			@ undefined instruction
	b svc_call		@ SVC
	b .
	b .
	b .
	b .
	b .
undef:
	push {r0, r1}
	ldr r0, =exc
	mov r1, #1
	str r1, [r0]
	pop {r0, r1}
	movs pc, lr		@ LR_und = the undefined instruction + 4
svc_call:
	cmp r1, #0
	bne 1f
	mcr p15, 0, r0, c14, c1, 0	@ CNTKCTL
	movs pc, lr
1:	hvc #0				@ CNTHCTL, through the Hyp trap handler
	movs pc, lr
