@ softfloat oracle: runs one VFP instruction per input record under qemu-arm and reports the
@ result register and FPSCR. Freestanding (no libc): Linux EABI syscalls read/write/exit only.
@
@ stdin:  records of 32 bytes, little-endian
@           +0  u32 op      which instruction (table below)
@           +4  u32 fpscr   written with VMSR just before the instruction
@           +8  u64 a       loaded into d1 (s2 = low word, s3 = high word)
@           +16 u64 b       loaded into d2 (s4, s5)
@           +24 u64 c       loaded into d0 (s0, s1): the destination's old value, the VFMA addend,
@                           and the operand of the in-place fixed-point conversions
@ stdout: records of 16 bytes
@           +0  u64 d0      after the instruction
@           +8  u32 op      echoed, so a framing error cannot go unnoticed
@           +12 u32 fpscr   read with VMRS right after it (NZCV of compares in bits 31:28)
@
@ op  0..12 single precision, 16..28 the same in double precision (d0 = d1 op d2):
@      +0 VADD  +1 VSUB  +2 VMUL  +3 VDIV  +4 VSQRT (of a)
@      +5 VFMA  +6 VFMS  +7 VFNMA  +8 VFNMS   (d0 = c, accumulated)
@      +9 VCMP a,b  +10 VCMPE a,b  +11 VCMP a,#0  +12 VCMPE a,#0
@ op 32..49 conversions, see the table.
@ op 64 + 32*g + x: fixed-point VCVT group g (table order) with imm4:i = x, so fbits = size - x;
@      the 16-bit groups only have x = 0..16. Any other op answers op = 0xffffffff.
@
@ Rebuild with ./build.sh (the result is committed and must stay byte-identical).

    .syntax unified
    .arch armv7-a
    .fpu vfpv4
    .arm

    .equ SYS_EXIT, 1
    .equ SYS_READ, 3
    .equ SYS_WRITE, 4
    .equ IN_SIZE, 32 * 2048
    .equ NOPS, 64 + 16 * 32

    .text
    .global _start
_start:
    movw    r9, #:lower16:inbuf
    movt    r9, #:upper16:inbuf
    movw    r10, #:lower16:outbuf
    movt    r10, #:upper16:outbuf
refill:
    mov     r4, #0                  @ bytes in inbuf
fill:
    mov     r0, #0
    add     r1, r9, r4
    rsb     r2, r4, #IN_SIZE
    mov     r7, #SYS_READ
    svc     #0
    cmp     r0, #0
    blt     fail
    beq     filled                  @ end of input
    add     r4, r4, r0
    cmp     r4, #IN_SIZE
    blt     fill
filled:
    lsrs    r5, r4, #5              @ whole records
    beq     finish
    mov     r6, r9
    mov     r8, r10
next:
    ldm     r6!, {r0, r1}
    vldm    r6!, {d1-d3}
    vmov.f64 d0, d3
    vmsr    fpscr, r1
    cmp     r0, #NOPS
    bhs     badop
    add     pc, pc, r0, lsl #3      @ pc reads as this instruction + 8: the table start
    nop
table:
    .macro  ENTRY insn:vararg
    \insn
    b       store
    .endm
    .macro  FAR label
    b       \label
    nop
    .endm
    .macro  NONE
    b       badop
    nop
    .endm

    @ 0..15: single precision
    ENTRY   vadd.f32 s0, s2, s4
    ENTRY   vsub.f32 s0, s2, s4
    ENTRY   vmul.f32 s0, s2, s4
    ENTRY   vdiv.f32 s0, s2, s4
    ENTRY   vsqrt.f32 s0, s2
    ENTRY   vfma.f32 s0, s2, s4
    ENTRY   vfms.f32 s0, s2, s4
    ENTRY   vfnma.f32 s0, s2, s4
    ENTRY   vfnms.f32 s0, s2, s4
    ENTRY   vcmp.f32 s2, s4
    ENTRY   vcmpe.f32 s2, s4
    ENTRY   vcmp.f32 s2, #0
    ENTRY   vcmpe.f32 s2, #0
    NONE
    NONE
    NONE
    @ 16..31: double precision
    ENTRY   vadd.f64 d0, d1, d2
    ENTRY   vsub.f64 d0, d1, d2
    ENTRY   vmul.f64 d0, d1, d2
    ENTRY   vdiv.f64 d0, d1, d2
    ENTRY   vsqrt.f64 d0, d1
    ENTRY   vfma.f64 d0, d1, d2
    ENTRY   vfms.f64 d0, d1, d2
    ENTRY   vfnma.f64 d0, d1, d2
    ENTRY   vfnms.f64 d0, d1, d2
    ENTRY   vcmp.f64 d1, d2
    ENTRY   vcmpe.f64 d1, d2
    ENTRY   vcmp.f64 d1, #0
    ENTRY   vcmpe.f64 d1, #0
    NONE
    NONE
    NONE
    @ 32..63: conversions
    ENTRY   vcvt.f64.f32 d0, s2         @ 32
    ENTRY   vcvt.f32.f64 s0, d1         @ 33
    ENTRY   vcvtb.f32.f16 s0, s2        @ 34
    ENTRY   vcvtt.f32.f16 s0, s2        @ 35
    ENTRY   vcvtb.f16.f32 s0, s2        @ 36
    ENTRY   vcvtt.f16.f32 s0, s2        @ 37
    ENTRY   vcvt.s32.f32 s0, s2         @ 38 round towards zero
    ENTRY   vcvtr.s32.f32 s0, s2        @ 39 FPSCR rounding
    ENTRY   vcvt.u32.f32 s0, s2         @ 40
    ENTRY   vcvtr.u32.f32 s0, s2        @ 41
    ENTRY   vcvt.f32.s32 s0, s2         @ 42
    ENTRY   vcvt.f32.u32 s0, s2         @ 43
    ENTRY   vcvt.s32.f64 s0, d1         @ 44
    ENTRY   vcvtr.s32.f64 s0, d1        @ 45
    ENTRY   vcvt.u32.f64 s0, d1         @ 46
    ENTRY   vcvtr.u32.f64 s0, d1        @ 47
    ENTRY   vcvt.f64.s32 d0, s2         @ 48
    ENTRY   vcvt.f64.u32 d0, s2         @ 49
    .rept   14
    NONE
    .endr

    @ 64..575: fixed-point, in place on s0 / d0; 32 entries per group, x = imm4:i
    .macro  FIXGROUP insn, reg, size, maxx
    .set    x, 0
    .rept   32
    .if     x <= \maxx
    ENTRY   \insn \reg, \reg, #(\size - x)
    .else
    NONE
    .endif
    .set    x, x + 1
    .endr
    .endm
    FIXGROUP vcvt.s16.f32, s0, 16, 16       @ g 0
    FIXGROUP vcvt.u16.f32, s0, 16, 16       @ g 1
    FIXGROUP vcvt.s32.f32, s0, 32, 31       @ g 2
    FIXGROUP vcvt.u32.f32, s0, 32, 31       @ g 3
    FIXGROUP vcvt.f32.s16, s0, 16, 16       @ g 4
    FIXGROUP vcvt.f32.u16, s0, 16, 16       @ g 5
    FIXGROUP vcvt.f32.s32, s0, 32, 31       @ g 6
    FIXGROUP vcvt.f32.u32, s0, 32, 31       @ g 7
    FIXGROUP vcvt.s16.f64, d0, 16, 16       @ g 8
    FIXGROUP vcvt.u16.f64, d0, 16, 16       @ g 9
    FIXGROUP vcvt.s32.f64, d0, 32, 31       @ g 10
    FIXGROUP vcvt.u32.f64, d0, 32, 31       @ g 11
    FIXGROUP vcvt.f64.s16, d0, 16, 16       @ g 12
    FIXGROUP vcvt.f64.u16, d0, 16, 16       @ g 13
    FIXGROUP vcvt.f64.s32, d0, 32, 31       @ g 14
    FIXGROUP vcvt.f64.u32, d0, 32, 31       @ g 15

badop:
    mvn     r0, #0
store:
    vmrs    r2, fpscr
    vstm    r8!, {d0}
    stm     r8!, {r0, r2}
    subs    r5, r5, #1
    bne     next

    @ write the results of this buffer
    mov     r11, r10
drain:
    mov     r0, #1
    mov     r1, r11
    sub     r2, r8, r11
    cmp     r2, #0
    beq     drained
    mov     r7, #SYS_WRITE
    svc     #0
    cmp     r0, #0
    ble     fail
    add     r11, r11, r0
    b       drain
drained:
    cmp     r4, #IN_SIZE
    beq     refill                  @ a full buffer: there may be more input
finish:
    mov     r0, #0
    mov     r7, #SYS_EXIT
    svc     #0
fail:
    mov     r0, #1
    mov     r7, #SYS_EXIT
    svc     #0

    .bss
    .align  3
inbuf:
    .space  IN_SIZE
outbuf:
    .space  IN_SIZE / 2
