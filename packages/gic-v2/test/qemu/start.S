@ Entry for probe.c. QEMU starts CPU 0 in Hyp mode (virtualization=on) or Secure SVC (secure=on),
@ IRQs and FIQs masked; with secure=on the other CPUs start here too and are parked.
.syntax unified
.arm
.section .note.GNU-stack, "", %progbits
.text
.global _start
_start:
	mrc p15, 0, r0, c0, c0, 5	@ MPIDR
	ands r0, r0, #0xff
	bne park
	ldr sp, =0x40100000
	bl main
park:	wfi
	b park

@ Secure SVC -> Monitor -> SCR.NS = 1 -> Non-secure SVC (SP_svc is not banked by security state).
.global to_nonsecure
to_nonsecure:
	cps #0x16
	mrc p15, 0, r0, c1, c1, 0
	orr r0, r0, #1
	mcr p15, 0, r0, c1, c1, 0
	isb
	cps #0x13
	bx lr
