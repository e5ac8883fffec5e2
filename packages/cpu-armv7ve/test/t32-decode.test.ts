// The Thumb tables: structure, ambiguities, decoding of every 16-bit halfword and random 32-bit
// words, and spot checks against encodings produced by the GNU assembler.
import { describe, expect, it } from "vitest";
import { ambiguities, extractFields, randomEncoding } from "../src/decode/pattern.js";
import { TEMPLATE_FORMATS } from "../src/disasm.js";
import {
  type CompiledThumbRow,
  decodeT16,
  decodeT16Row,
  decodeT32,
  decodeT32Row,
  T16_COMPILED,
  T16_DECODER,
  T32_COMPILED,
  T32_DECODER,
  ThumbDecoder,
  t16Handlers,
  t32Handlers,
} from "../src/t32/decoder.js";
import { THUMB_TEMPLATE_FORMATS } from "../src/t32/table16.js";
import { T32_ROWS } from "../src/t32/table32.js";
import { assemble } from "./asm.js";

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

/** Random words: half fully random, half random encodings of random rows (to reach every row). */
function randomWords(count: number, seed: number): number[] {
  const rnd = lcg(seed);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) out.push(rnd() | 0);
    else out.push(randomEncoding(T32_COMPILED[rnd() % T32_COMPILED.length], rnd) | 0);
  }
  return out;
}

describe("Thumb tables", () => {
  it("compile with a handler per row and index 0 UNDEFINED", () => {
    expect(T16_COMPILED.length).toBeGreaterThan(60);
    expect(T32_COMPILED.length).toBeGreaterThan(200);
    expect(t16Handlers.length).toBe(T16_COMPILED.length + 1);
    expect(t32Handlers.length).toBe(T32_COMPILED.length + 1);
    for (const r of [...T16_COMPILED, ...T32_COMPILED]) {
      expect(typeof r.exec, `${r.name} ${r.enc}`).toBe("function");
      expect(r.asm.length, `${r.name} ${r.enc}`).toBeGreaterThan(0);
    }
  });

  it("have no unresolved ambiguities (overlaps only between rows of different priority)", () => {
    expect(ambiguities(T16_COMPILED).map(([a, b]) => `${a.name} ${a.enc} / ${b.name} ${b.enc}`)).toEqual([]);
    // Resolved: different priorities, or a row that is exactly the intersection of the two.
    const isIntersection = (a: CompiledThumbRow, b: CompiledThumbRow) =>
      T32_COMPILED.some((r) => r.mask === (a.mask | b.mask) >>> 0 && r.value === (a.value | b.value) >>> 0);
    const unresolved = (ambiguities(T32_COMPILED) as [CompiledThumbRow, CompiledThumbRow][])
      .filter(([a, b]) => (a.priority ?? 0) === (b.priority ?? 0) && !isIntersection(a, b))
      .map(([a, b]) => `${a.name} ${a.enc} ${a.pattern} / ${b.name} ${b.enc} ${b.pattern}`);
    expect(unresolved).toEqual([]);
    // The prioritised rows are exactly the literal loads and hints (Rn = 1111).
    for (const r of T32_COMPILED.filter((r) => (r.priority ?? 0) !== 0)) {
      expect(r.name, r.pattern).toMatch(/literal|unallocated memory hint/);
      expect((r.mask >>> 16) & 15).toBe(15);
      expect((r.value >>> 16) & 15).toBe(15);
    }
  });

  it("decode every row's random encodings back to that row (unless a refining row takes them)", () => {
    const rnd = lcg(1);
    for (const [rows, decode] of [
      [T16_COMPILED, decodeT16Row],
      [T32_COMPILED, decodeT32Row],
    ] as const) {
      for (const row of rows) {
        let hits = 0;
        for (let i = 0; i < 64; i++) {
          const w = randomEncoding(row, rnd) | 0;
          const got = decode(w);
          if (
            got === undefined &&
            (row as { undefinedIf?: (f: object) => boolean }).undefinedIf?.(extractFields(w, row))
          )
            continue;
          expect(got, `${row.name} ${row.enc} ${(w >>> 0).toString(16)}`).toBeDefined();
          if (got === row) hits++;
          else {
            // Another row may only win if it also matches (it refines this one or has priority).
            expect((w & got!.mask) >>> 0 === got!.value).toBe(true);
          }
        }
        expect(hits, `${row.name} ${row.enc} never decodes to itself`).toBeGreaterThan(0);
      }
    }
  });

  it("decode all 65,536 halfwords quickly, 32-bit prefixes to UNDEFINED", () => {
    const t0 = performance.now();
    const ops = new Uint16Array(65536);
    for (let hw = 0; hw < 65536; hw++) ops[hw] = decodeT16(hw);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(200); // ~10 ms in practice; generous for loaded CI machines
    for (let hw = 0xe800; hw < 0x10000; hw++) expect(ops[hw]).toBe(0);
    // Below 0xE800 only holes of the miscellaneous group (A6.2.5) are unallocated:
    // 1011 0110 00xx xxxx, 1011 0110 1xxx xxxx, 1011 0111 xxxx xxxx, 1011 1000 xxxx xxxx, 1011 1010 10xx xxxx.
    let undefinedCount = 0;
    for (let hw = 0; hw < 0xe800; hw++) if (ops[hw] === 0) undefinedCount++;
    expect(undefinedCount).toBe(64 + 128 + 256 + 256 + 64);
    expect(T16_DECODER.maxBucket).toBeLessThanOrEqual(8);
    // The T32 key (hw1 [12:4], hw2 bit 15, hw2 [7:6]) keeps buckets of the integer rows small.
    const own = new ThumbDecoder(
      T32_COMPILED.filter((r) => r.index < T32_ROWS.length),
      T32_DECODER.keyBits,
    );
    expect(own.maxBucket).toBeLessThanOrEqual(16);
  });

  it("never throw on random 32-bit words and agree with a linear scan", () => {
    const sorted = [...T32_COMPILED].sort(
      (a, b) => (b.priority ?? 0) - (a.priority ?? 0) || b.fixedBits - a.fixedBits || a.index - b.index,
    );
    for (const w of randomWords(40000, 7)) {
      const idx = decodeT32(w);
      expect(idx).toBeGreaterThanOrEqual(0);
      expect(idx).toBeLessThan(t32Handlers.length);
      if (w >>> 27 >= 0x1d) {
        const linear = sorted.find((r) => (w & r.mask) >>> 0 === r.value);
        const expected = linear?.undefinedIf?.(extractFields(w, linear)) ? undefined : linear;
        expect(decodeT32Row(w)).toBe(expected);
      } else expect(idx).toBe(0);
    }
  });

  it("use only known template formats, on fields the row has", () => {
    const known = new Set([...TEMPLATE_FORMATS, ...THUMB_TEMPLATE_FORMATS]);
    const own = [...T16_COMPILED, ...T32_COMPILED.filter((r) => r.index < T32_ROWS.length)];
    for (const row of own) {
      for (const [, name, args] of row.asm.matchAll(/\{([^}:]+)(?::([^}]*))?\}/g)) {
        expect(known.has(name), `${row.name} ${row.enc}: {${name}}`).toBe(true);
        for (const a of args === undefined ? [] : args.split(",")) {
          expect(row.fields[a], `${row.name} ${row.enc}: field ${a} of {${name}}`).toBeDefined();
        }
        if (name === "s") expect(row.fields.f, `${row.name} ${row.enc}: {s} needs the S bit as field f`).toBeDefined();
      }
    }
  });

  it("every UNPREDICTABLE predicate and field extraction runs on random encodings", () => {
    const rnd = lcg(3);
    for (const row of [...T16_COMPILED, ...T32_COMPILED]) {
      for (let i = 0; i < 16; i++) {
        const f = extractFields(randomEncoding(row, rnd), row);
        expect(typeof (row.unpredictable?.(f) ?? false)).toBe("boolean");
      }
    }
  });
});

/** The Thumb encodings in `bytes` (16-bit as hw, 32-bit as hw1 << 16 | hw2). */
function encodings(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < bytes.length; ) {
    const hw = bytes[i] | (bytes[i + 1] << 8);
    if (hw >= 0xe800) {
      const hw2 = bytes[i + 2] | (bytes[i + 3] << 8);
      out.push((hw << 16) | hw2 | 0);
      i += 4;
    } else {
      out.push(hw);
      i += 2;
    }
  }
  return out;
}

function nameOf(w: number): string | undefined {
  const row = (w & 0xffff0000) !== 0 ? decodeT32Row(w) : decodeT16Row(w);
  return row === undefined ? undefined : `${row.name} ${row.enc}`;
}

describe("Thumb decoding of assembled instructions", () => {
  const cases: [string, string][] = [
    ["lsls r0, r1, #3", "LSL (immediate) T1"],
    ["movs r0, r1", "MOV (register) T2"],
    ["lsrs r0, r1, #32", "LSR (immediate) T1"],
    ["adds r0, r1, r2", "ADD (register) T1"],
    ["subs r0, r1, #7", "SUB (immediate) T1"],
    ["movs r3, #200", "MOV (immediate) T1"],
    ["cmp r3, #200", "CMP (immediate) T1"],
    ["adds r3, #200", "ADD (immediate) T2"],
    ["rsbs r1, r2, #0", "RSB (immediate) T1"],
    ["muls r1, r2, r1", "MUL T1"],
    ["add r8, sp", "ADD (register) T2"],
    ["cmp r8, r1", "CMP (register) T2"],
    ["mov pc, lr", "MOV (register) T1"],
    ["bx lr", "BX T1"],
    ["blx r3", "BLX (register) T1"],
    ["ldr r0, [pc, #16]", "LDR (literal) T1"],
    ["ldrsh r0, [r1, r2]", "LDRSH (register) T1"],
    ["strh r0, [r1, #6]", "STRH (immediate) T1"],
    ["ldr r0, [sp, #1020]", "LDR (immediate) T2"],
    ["adr r0, . + 64", "ADR T1"],
    ["add r0, sp, #1020", "ADD (SP plus immediate) T1"],
    ["sub sp, #508", "SUB (SP minus immediate) T1"],
    ["cbnz r2, . + 100", "CBNZ T1"],
    ["uxtb r1, r2", "UXTB T1"],
    ["push {r4, lr}", "PUSH T1"],
    ["setend be", "SETEND T1"],
    ["cpsid if", "CPS T1"],
    ["revsh r1, r2", "REVSH T1"],
    ["pop {r4, pc}", "POP T1"],
    ["bkpt #3", "BKPT T1"],
    ["itte eq", "IT T1"],
    ["wfi", "WFI T1"],
    ["stmia r2!, {r0, r1}", "STM T1"],
    ["ldmia r2, {r0, r2}", "LDM T1"],
    ["bne . + 20", "B T1"],
    ["udf #7", "UDF T1"],
    ["svc #1", "SVC T1"],
    ["b . - 100", "B T2"],
    // 32-bit.
    ["stmdb r0!, {r1, r2}", "STMDB T1"],
    ["push.w {r4-r11, lr}", "PUSH T2"],
    ["pop.w {r4-r11, pc}", "POP T2"],
    ["ldmdb r0, {r1, r2}", "LDMDB T1"],
    ["srsdb sp!, #19", "SRS T1"],
    ["rfeia r0!", "RFE T2"],
    ["strex r0, r1, [r2, #8]", "STREX T1"],
    ["ldrexd r0, r1, [r2]", "LDREXD T1"],
    ["strexh r0, r1, [r2]", "STREXH T1"],
    ["ldrd r0, r1, [r2, #-8]!", "LDRD (immediate) T1"],
    ["ldrd r0, r1, [pc, #8]", "LDRD (literal) T1"],
    ["strd r0, r1, [r2], #8", "STRD (immediate) T1"],
    ["tbb [pc, r0]", "TBB T1"],
    ["tbh [r1, r0, lsl #1]", "TBH T1"],
    ["and.w r0, r1, r2, lsl #3", "AND (register) T2"],
    ["tst.w r1, r2, ror #3", "TST (register) T2"],
    ["mov.w r1, r2", "MOV (register) T3"],
    ["lsls.w r1, r2, #5", "LSL (immediate) T2"],
    ["rrx r1, r2", "RRX T1"],
    ["orn r0, r1, r2", "ORN (register) T1"],
    ["mvn.w r0, r1", "MVN (register) T2"],
    ["pkhtb r0, r1, r2, asr #4", "PKHTB T1"],
    ["add.w r0, sp, r1, lsl #2", "ADD (register) T3"],
    ["cmp.w r0, r1, lsl #2", "CMP (register) T3"],
    ["rsb r0, r1, r2", "RSB (register) T1"],
    ["bic r0, r1, #0xff00", "BIC (immediate) T1"],
    ["movs.w r0, #0x55555555", "MOV (immediate) T2"],
    ["mvn r0, #1", "MVN (immediate) T1"],
    ["teq r0, #0x80000000", "TEQ (immediate) T1"],
    ["cmn.w r0, #1", "CMN (immediate) T1"],
    ["add.w r0, sp, #4", "ADD (immediate) T3"],
    ["addw r0, r1, #4095", "ADD (immediate) T4"],
    ["subw r0, pc, #4", "ADR T2"],
    ["adr.w r0, . + 2000", "ADR T3"],
    ["movw r0, #0xbeef", "MOV (immediate) T3"],
    ["movt r0, #0xdead", "MOVT T1"],
    ["ssat r0, #8, r1, asr #3", "SSAT T1"],
    ["usat16 r0, #7, r1", "USAT16 T1"],
    ["sbfx r0, r1, #3, #9", "SBFX T1"],
    ["bfc r0, #3, #9", "BFC T1"],
    ["bfi r0, r1, #3, #9", "BFI T1"],
    ["beq.w . + 5000", "B T3"],
    ["b.w . + 5000000", "B T4"],
    ["bl . + 5000000", "BL T1"],
    ["blx . + 5000000", "BLX (immediate) T2"],
    ["msr cpsr_fc, r0", "MSR (register) T1"],
    ["msr elr_hyp, r0", "MSR (banked register) T1"],
    ["mrs r0, spsr", "MRS T1"],
    ["mrs r0, sp_usr", "MRS (banked register) T1"],
    ["cpsie.w i, #19", "CPS T2"],
    ["nop.w", "NOP T2"],
    ["sev.w", "SEV T2"],
    ["dmb ish", "DMB T1"],
    ["clrex", "CLREX T1"],
    ["bxj r0", "BXJ T1"],
    ["subs pc, lr, #4", "SUBS PC, LR (Thumb) T1"],
    ["eret", "ERET T1"],
    ["hvc #0x1234", "HVC T1"],
    ["smc #3", "SMC T1"],
    ["udf.w #0x1234", "UDF T2"],
    ["strb.w r0, [r1, #4095]", "STRB (immediate) T2"],
    ["str r0, [r1, #-4]!", "STR (immediate) T4"],
    ["ldrh r0, [r1], #-255", "LDRH (immediate) T3"],
    ["ldrsbt r0, [r1, #4]", "LDRSBT T1"],
    ["ldr.w r0, [r1, r2, lsl #3]", "LDR (register) T2"],
    ["ldr.w r0, [pc, #-8]", "LDR (literal) T2"],
    ["ldrsh.w r0, [pc, #8]", "LDRSH (literal) T1"],
    ["push.w {r5}", "PUSH T3"],
    ["pop.w {r5}", "POP T3"],
    ["pld [r0, #4]", "PLD (immediate) T1"],
    ["pldw [r0, #-4]", "PLDW (immediate) T2"],
    ["pld [pc, #-4]", "PLD (literal) T1"],
    ["pli [r0, r1, lsl #2]", "PLI (register) T1"],
    ["lsr.w r0, r1, r2", "LSR (register) T2"],
    ["sxtah r0, r1, r2, ror #8", "SXTAH T1"],
    ["uxtb16 r0, r1", "UXTB16 T1"],
    ["sxtb.w r0, r1", "SXTB T2"],
    ["uhsax r0, r1, r2", "UHSAX T1"],
    ["qsub8 r0, r1, r2", "QSUB8 T1"],
    ["qdsub r0, r1, r2", "QDSUB T1"],
    ["rbit r0, r1", "RBIT T1"],
    ["sel r0, r1, r2", "SEL T1"],
    ["clz r0, r1", "CLZ T1"],
    ["mul.w r0, r1, r2", "MUL T2"],
    ["mls r0, r1, r2, r3", "MLS T1"],
    ["smlatb r0, r1, r2, r3", "SMLA<x><y> T1"],
    ["smulbt r0, r1, r2", "SMUL<x><y> T1"],
    ["smuadx r0, r1, r2", "SMUAD T1"],
    ["smlawt r0, r1, r2, r3", "SMLAW<y> T1"],
    ["smusd r0, r1, r2", "SMUSD T1"],
    ["smmulr r0, r1, r2", "SMMUL T1"],
    ["smmls r0, r1, r2, r3", "SMMLS T1"],
    ["usad8 r0, r1, r2", "USAD8 T1"],
    ["smull r0, r1, r2, r3", "SMULL T1"],
    ["udiv r0, r1, r2", "UDIV T1"],
    ["smlaltb r0, r1, r2, r3", "SMLAL<x><y> T1"],
    ["smlsldx r0, r1, r2, r3", "SMLSLD T1"],
    ["umaal r0, r1, r2, r3", "UMAAL T1"],
    ["mrc p15, 0, r0, c1, c0, 0", "MRC T1"],
    ["mcrr p15, 0, r0, r1, c2", "MCRR T1"],
    ["ldc p5, c1, [r0]", "coprocessor T1"],
    ["cdp2 p5, 1, c1, c2, c3, 4", "coprocessor T1"],
    ["mrc p5, 0, r0, c1, c2, 3", "coprocessor T1"],
    ["mcr2 p15, 0, r0, c1, c2, 3", "coprocessor T1"],
  ];
  // One assembly for all cases: each instruction starts a 4-byte slot (16-bit ones are padded).
  // IT opens a block the next instructions would fall into: it is assembled on its own.
  const alone = (src: string) => src.startsWith("it");
  let slots: Uint8Array | undefined;
  it.each(cases.map(([src, expected], i) => [src, expected, i] as const))("%s → %s", (src, expected, i) => {
    slots ??= assemble(`${cases.map(([s]) => `.balign 4\n${alone(s) ? "nop" : s}`).join("\n")}\n.balign 4`, {
      thumb: true,
    });
    const bytes = alone(src) ? assemble(`${src}\nnop\nnop\nnop`, { thumb: true }) : slots.subarray(4 * i, 4 * i + 4);
    expect(nameOf(encodings(bytes)[0])).toBe(expected);
  });

  it("leaves unallocated 32-bit encodings UNDEFINED", () => {
    // LDM T2 needs hw1 bit 6 = 0; 11101000 x1xx with op3 = 0001 (LDREX table) is unallocated.
    const words = [
      0xe8d0_0f20, // LDREX/TBB table, op3 = 0010
      0xfa60_f080, // extend with op 110
      0xfb00_00c0, // multiply with hw2 [7:6] = 11
      0xf8f0_0000, // load, size 11
      0xf910_0400, // LDRSB space, op2 = 010000
      0xf3b0_8f00, // misc control, op 0000 (ThumbEE ENTERX/LEAVEX)
      0xf7e0_a000, // op1 = 010 with op 1111110
      0xf80f_0000, // STRB (register) with Rn = 1111
      0xfae0_f070, // parallel add/subtract with prefix bits 11
    ];
    for (const w of words) {
      expect(decodeT32(w | 0), (w >>> 0).toString(16)).toBe(0);
    }
  });
});
