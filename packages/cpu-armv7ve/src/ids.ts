// Identification registers of a Cortex-A15 r2p1 (the values QEMU 7.2's cortex-a15 model and the
// A15 TRM give), so guests take their A15 paths. Advanced SIMD (NEON) is not implemented yet, and
// the registers say so: MVFR1's SIMD fields and ID_ISAR5/HWCAP-relevant fields are zero.

export interface CpuIdentity {
  readonly midr: number;
  readonly revidr: number;
  readonly ctr: number;
  readonly idPfr0: number;
  readonly idPfr1: number;
  readonly idDfr0: number;
  readonly idAfr0: number;
  readonly idMmfr: readonly [number, number, number, number];
  readonly idIsar: readonly [number, number, number, number, number, number];
  readonly clidr: number;
  /** CCSIDR per CSSELR value (level/type). */
  readonly ccsidr: Readonly<Record<number, number>>;
  readonly aidr: number;
  readonly fpsid: number;
  readonly mvfr0: number;
  readonly mvfr1: number;
}

export const CORTEX_A15: CpuIdentity = {
  midr: 0x412fc0f1,
  revidr: 0,
  ctr: 0x8444c004,
  idPfr0: 0x00001131,
  // Security and Virtualization fields (bits [7:4], [15:12]) describe the extensions this core
  // models; the generic timer field [19:16] = 1.
  idPfr1: 0x00011011,
  idDfr0: 0x02010555,
  idAfr0: 0,
  idMmfr: [0x10201105, 0x20000000, 0x01240000, 0x02102211],
  idIsar: [0x02101110, 0x13112111, 0x21232041, 0x11112131, 0x10011142, 0],
  clidr: 0x0a200023,
  ccsidr: { 0: 0x701fe00a, 1: 0x201fe00a, 2: 0x711fe07a },
  aidr: 0,
  fpsid: 0x410430f0,
  // VFPv4-D32: 32 double registers, single + double, divide, sqrt, short vectors not supported.
  mvfr0: 0x10110222,
  // FZ, DN, VFP half-precision conversions, fused multiply-add (VFPv4; Linux derives HWCAP_VFPv4
  // from bits 31:28); the Advanced SIMD fields are zero (NEON absent).
  mvfr1: 0x11000011,
};
