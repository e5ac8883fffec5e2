/* Bare-metal start for the benchmark workloads: QEMU's virt map (RAM at 0x40000000), entered in
 * SVC mode with the MMU off (as qemu-system-arm -M virt -kernel starts an ELF, and as the bench
 * machine starts it); main() returns a checksum of its work: the
 * checksum is printed on the virt PL011 and the program ends with PSCI SYSTEM_OFF over HVC, which
 * QEMU and the bench machine both implement. */
	.syntax unified
	.section .note.GNU-stack, "", %progbits
	.arm
	.section .text.start, "ax"
	.global _start
_start:
	ldr sp, =__stack_top
	/* Enable VFP for code the compiler may vectorize into VFP registers. */
	mov r0, #0x00f00000
	mcr p15, 0, r0, c1, c0, 2
	isb
	mov r0, #0x40000000
	vmsr fpexc, r0
	/* Clear .bss. */
	ldr r0, =__bss_start
	ldr r1, =__bss_end
	mov r2, #0
1:	cmp r0, r1
	strlo r2, [r0], #4
	blo 1b
	bl main
	/* Print the checksum as 8 hex digits on the PL011 at 0x09000000, so runs can be compared. */
	ldr r2, =0x09000000
	mov r3, #28
2:	lsr r1, r0, r3
	and r1, r1, #15
	cmp r1, #10
	addlo r1, r1, #'0'
	addhs r1, r1, #('a' - 10)
	str r1, [r2]
	subs r3, r3, #4
	bpl 2b
	mov r1, #10
	str r1, [r2]
	ldr r0, =0x84000008     /* PSCI SYSTEM_OFF */
	hvc #0
	b .
	.ltorg
