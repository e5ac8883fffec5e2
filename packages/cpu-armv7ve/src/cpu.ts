// The ARMv7-A core: register file and banking, CPSR, exceptions, the memory system (soft TLB
// with a RAM fast path, MMU walks, aborts) and the interpreter loops for ARM and Thumb state.
// Instruction semantics live in a32/ and t32/ as plain functions `(cpu, word) => void`.

import { type AddressSpace, BusStatus, type IrqLine, type RamRegion } from "@xena/machine";
import { a32Handlers, decodeA32 } from "./a32/decoder.js";
import { GUEST_EXCEPTION } from "./errors.js";
import { CORTEX_A15, type CpuIdentity } from "./ids.js";
import { CodeCache, DEFAULT_JIT_THRESHOLD } from "./jit/cache.js";
import { Access, Fault, faultStatus, Perm, type TranslationRegime, type WalkMemory, WalkResult, walk } from "./mmu.js";
import { BANK_COUNT, BANK_OF_MODE, Mode, PSR, Vector } from "./psr.js";
import { decodeT16, decodeT32, t16Handlers, t32Handlers } from "./t32/decoder.js";

/** Handles SMC/HVC calls when no guest code owns Monitor/Hyp mode (PSCI firmware, a native hypervisor). */
export interface NativeFirmware {
  /** Called for SMC #imm (ARM SMC encodes a 4-bit imm). Returns false to make the SMC UNDEFINED. */
  smc?(cpu: ArmCpu, imm: number): boolean;
  /** Called for HVC #imm from PL1 when nothing is installed at HVBAR. Returns false for UNDEFINED. */
  hvc?(cpu: ArmCpu, imm: number): boolean;
}

/**
 * The generic timer as the core sees it: CP15 c14 accesses are forwarded here (the arch-timer
 * package implements it). `pl` is the privilege level of the access (0, 1 or 2); a false/undefined
 * return makes the access UNDEFINED. 64-bit registers are read into `out` as [lo, hi].
 */
export interface GenericTimerPort {
  read32(reg: TimerReg32, pl: number): number | undefined;
  write32(reg: TimerReg32, value: number, pl: number): boolean;
  read64(reg: TimerReg64, pl: number, out: Uint32Array): boolean;
  write64(reg: TimerReg64, lo: number, hi: number, pl: number): boolean;
}
export type TimerReg32 =
  | "CNTFRQ"
  | "CNTKCTL"
  | "CNTP_TVAL"
  | "CNTP_CTL"
  | "CNTV_TVAL"
  | "CNTV_CTL"
  | "CNTHCTL"
  | "CNTHP_TVAL"
  | "CNTHP_CTL";
export type TimerReg64 = "CNTPCT" | "CNTVCT" | "CNTP_CVAL" | "CNTV_CVAL" | "CNTVOFF" | "CNTHP_CVAL";

export interface CpuOptions {
  /** The machine's physical address space. */
  readonly bus: AddressSpace;
  /** Index of this core in its cluster (MPIDR.Aff0). */
  readonly index?: number;
  /** Cluster number (MPIDR.Aff1). */
  readonly cluster?: number;
  /** Number of cores in the cluster (L2CTLR). */
  readonly clusterSize?: number;
  readonly identity?: CpuIdentity;
  /** SMC/HVC handler standing in for firmware. */
  readonly firmware?: NativeFirmware;
  /** Generic timer registers. */
  readonly timer?: GenericTimerPort;
  /** Value of CBAR (PERIPHBASE of the private peripheral region), if the platform has one. */
  readonly cbar?: number;
  /** Compile hot A32 blocks to JavaScript (default true). */
  readonly jit?: boolean;
  /** Entries into a block start before it is compiled (default 24; 1 compiles at first sight). */
  readonly jitThreshold?: number;
}

const TLB_BITS = 12;
const TLB_SIZE = 1 << TLB_BITS;
const TLB_MASK = TLB_SIZE - 1;
const DECODE_BITS = 14;

/** One soft TLB: translations of 4 KiB virtual pages for one privilege level. */
class Tlb {
  /** Virtual page number of a valid entry, -1 if empty. */
  readonly tag = new Int32Array(TLB_SIZE).fill(-1);
  /** Physical page number. */
  readonly ppage = new Float64Array(TLB_SIZE);
  /** Perm bits. */
  readonly perm = new Uint8Array(TLB_SIZE);
  /** Fast paths: the virtual page if the page is main RAM and readable / writable / executable here. */
  readonly fastR = new Int32Array(TLB_SIZE).fill(-1);
  readonly fastW = new Int32Array(TLB_SIZE).fill(-1);
  readonly fastX = new Int32Array(TLB_SIZE).fill(-1);
  /** Byte offset of the page in main RAM. */
  readonly hostOff = new Uint32Array(TLB_SIZE);

  flush(): void {
    this.tag.fill(-1);
    this.fastR.fill(-1);
    this.fastW.fill(-1);
    this.fastX.fill(-1);
  }

  flushPage(vpage: number): void {
    const i = vpage & TLB_MASK;
    if (this.tag[i] === vpage) {
      this.tag[i] = -1;
      this.fastR[i] = -1;
      this.fastW[i] = -1;
      this.fastX[i] = -1;
    }
  }
}

export type A32Handler = (cpu: ArmCpu, word: number) => void;

export class ArmCpu implements TranslationRegime, WalkMemory {
  // ---- integer state -------------------------------------------------------------------------
  /** r0-r15 of the current mode. While an instruction executes, r[15] reads as its address + 8 (ARM) or + 4 (Thumb). */
  readonly r = new Int32Array(16);
  /** Address of the next instruction. */
  pc = 0;
  /** Address of the instruction being executed. */
  curPc = 0;
  /** Flags, QEMU-style: N is bit 31 of nf, Z is (zf === 0), C is cf (0/1), V is bit 31 of vf. */
  nf = 0;
  zf = 1;
  cf = 0;
  vf = 0;
  q = 0;
  /** GE[3:0]. */
  ge = 0;
  mode: number = Mode.SVC;
  thumb = false;
  /** ITSTATE[7:0]. */
  itstate = 0;
  /** CPSR.E: big-endian data accesses (change it with setBigEndian: the RAM fast path is little-endian only). */
  bigEndian = false;
  /** CPSR A, I, F mask bits (as their CPSR bit values). */
  masks = PSR.A | PSR.I | PSR.F;
  /** Banked SP and LR per bank (see BANK_OF_MODE), SPSRs. */
  readonly bankSp = new Int32Array(BANK_COUNT);
  readonly bankLr = new Int32Array(BANK_COUNT);
  readonly spsr = new Int32Array(BANK_COUNT);
  /** r8-r12 of the modes other than FIQ / of FIQ, whichever is not live. */
  readonly usrHigh = new Int32Array(5);
  readonly fiqHigh = new Int32Array(5);
  elrHyp = 0;
  /** Scratch outputs of shared helpers (no allocation): shifter carry-out, 64-bit results. */
  shc = 0;
  hi = 0;
  lo = 0;

  // ---- CP15 state (non-secure view) ------------------------------------------------------------
  readonly identity: CpuIdentity;
  readonly mpidr: number;
  sctlr = 0x00c50078;
  actlr = 0;
  cpacr = 0;
  ttbr0Lo = 0;
  ttbr0Hi = 0;
  ttbr1Lo = 0;
  ttbr1Hi = 0;
  ttbcr = 0;
  dacr = 0;
  dfsr = 0;
  ifsr = 0;
  adfsr = 0;
  aifsr = 0;
  dfar = 0;
  ifar = 0;
  parLo = 0;
  parHi = 0;
  prrr = 0x00098aa4;
  nmrr = 0x44e048e0;
  amair0 = 0;
  amair1 = 0;
  vbar = 0;
  contextidr = 0;
  tpidrurw = 0;
  tpidruro = 0;
  tpidrprw = 0;
  csselr = 0;
  l2ctlr = 0;
  l2ectlr = 0;
  cbar = 0;
  /** ThumbEE configuration and handler base (CP14). */
  teecr = 0;
  teehbr = 0;
  // PMU (cycle counter counts retired instructions: deterministic).
  pmcr = 0x410f3000;
  pmcntenset = 0;
  pmovsr = 0;
  pmselr = 0;
  pmuserenr = 0;
  pmintenset = 0;
  pmccntrBase = 0;
  readonly pmevtyper = new Int32Array(6);
  readonly pmevcntr = new Int32Array(6);

  // ---- VFP state (used by vfp/) -----------------------------------------------------------------
  readonly vfpBuffer = new ArrayBuffer(256);
  /** D0-D31 as raw words: D[n] is words 2n (low) and 2n+1 (high); S[n] is word n. */
  readonly vreg = new Uint32Array(this.vfpBuffer);
  fpscr = 0;
  fpexc = 0;

  // ---- exclusive monitor -----------------------------------------------------------------------
  /** Physical address marked by the last LDREX*, -1 when open. */
  exclusiveAddr = -1;
  exclusiveSize = 0;
  /** Value(s) loaded by that LDREX (STREX succeeds only if memory still holds them, as QEMU does). */
  exclusiveLo = 0;
  exclusiveHi = 0;

  // ---- interrupts and run state ----------------------------------------------------------------
  irqLevel = false;
  fiqLevel = false;
  /** In WFI (or WFE with no event), or powered off. */
  halted = false;
  /** Powered off (PSCI CPU_OFF, or a secondary not yet started): only `powerOn` starts it again. */
  poweredOff = false;
  /** Event register for WFE/SEV. */
  eventRegister = false;
  /** Set to make the inner loop return (state change, interrupt, WFI). */
  exitReq = 0;
  /** Instructions retired since reset. */
  instructions = 0;
  /** Called for inner-shareable TLB maintenance (va, or -1 for all): the machine applies it to the other cores. */
  onTlbBroadcast: ((va: number) => void) | undefined;
  /** Called for SEV: the machine wakes the other cores. */
  onSev: (() => void) | undefined;
  /** Reports the first use of each unimplemented feature (a system register, a coprocessor). */
  onUnimplemented: ((what: string) => void) | undefined;

  readonly irq: IrqLine;
  readonly fiq: IrqLine;

  // ---- memory system ----------------------------------------------------------------------------
  readonly bus: AddressSpace;
  readonly firmware: NativeFirmware | undefined;
  readonly timer: GenericTimerPort | undefined;
  /** The RAM region reached through the fast path. */
  readonly mainRam: RamRegion | undefined;
  private readonly ram32: Int32Array;
  private readonly ram16: Uint16Array;
  private readonly ram8: Uint8Array;
  private readonly mainBase: number;
  private readonly mainEnd: number;
  private readonly tlbs: Tlb[] = [new Tlb(), new Tlb()];
  /** TLB of the current privilege level. */
  private tlb: Tlb;
  /** Instruction fetch page cache: virtual page and its offset in main RAM. */
  private fetchPage = -1;
  private fetchBase = 0;
  private readonly walkResult = new WalkResult();
  walkOk = true;
  /** Bumps whenever translations may change (for users caching translations, e.g. a JIT). */
  tlbGeneration = 0;
  /** Compiled blocks of the main RAM (shared with the other cores), when the JIT is on. */
  readonly jit: CodeCache | undefined;
  private readonly jitThreshold: number;
  /** Instructions retired by earlier iterations of a looping block (see jit/cache.ts). */
  jitDone = 0;

  // ---- decode caches ----------------------------------------------------------------------------
  private readonly dcTagA = new Int32Array(1 << DECODE_BITS);
  private readonly dcOpA = new Uint16Array(1 << DECODE_BITS);
  private readonly dcTagT = new Int32Array(1 << DECODE_BITS);
  private readonly dcOpT = new Uint16Array(1 << DECODE_BITS);
  private readonly t16Ops: Uint16Array;

  constructor(options: CpuOptions) {
    this.bus = options.bus;
    this.identity = options.identity ?? CORTEX_A15;
    this.firmware = options.firmware;
    this.timer = options.timer;
    const index = options.index ?? 0;
    const cluster = options.cluster ?? 0;
    // MPIDR: bit 31 set (v7 format), U = 0 (part of a multiprocessor), Aff1 = cluster, Aff0 = core.
    this.mpidr = (0x80000000 | ((cluster & 0xff) << 8) | (index & 0xff)) >>> 0;
    this.l2ctlr = (((options.clusterSize ?? 1) - 1) & 3) << 24;
    this.cbar = options.cbar ?? 0;
    const rams = this.bus.ramRegions();
    this.mainRam = [...rams].filter((r) => r.writable).sort((a, b) => b.size - a.size)[0];
    this.ram32 = this.mainRam?.i32 ?? new Int32Array(0);
    this.ram16 = this.mainRam?.u16 ?? new Uint16Array(0);
    this.ram8 = this.mainRam?.u8 ?? new Uint8Array(0);
    this.mainBase = this.mainRam?.base ?? 0;
    this.mainEnd = this.mainRam?.end ?? 0;
    this.tlb = this.tlbs[0];
    this.dcTagA.fill(-1);
    this.dcTagT.fill(-1);
    this.t16Ops = t16Table();
    const cpu = this;
    this.irq = {
      set(level: boolean) {
        cpu.irqLevel = level;
        if (level) cpu.interruptChanged();
      },
    };
    this.fiq = {
      set(level: boolean) {
        cpu.fiqLevel = level;
        if (level) cpu.interruptChanged();
      },
    };
    // Decoded instructions are cached by their encoding, not their address: writes need not drop
    // them. Compiled blocks are per address: the shared code cache watches RAM writes.
    this.jitThreshold = options.jitThreshold ?? DEFAULT_JIT_THRESHOLD;
    this.jit =
      options.jit !== false && this.mainRam !== undefined
        ? CodeCache.of(this.mainRam, (observer) => this.bus.observeRamWrites(observer))
        : undefined;
    this.jit?.register(this);
    this.reset();
  }

  /** Cold reset: SVC mode, interrupts masked, MMU off, PC at the reset vector (0). */
  reset(pc = 0): void {
    this.r.fill(0);
    this.bankSp.fill(0);
    this.bankLr.fill(0);
    this.spsr.fill(0);
    this.usrHigh.fill(0);
    this.fiqHigh.fill(0);
    this.mode = Mode.SVC;
    this.thumb = false;
    this.itstate = 0;
    this.bigEndian = false;
    this.masks = PSR.A | PSR.I | PSR.F;
    this.nf = 0;
    this.zf = 1;
    this.cf = 0;
    this.vf = 0;
    this.q = 0;
    this.ge = 0;
    this.sctlr = 0x00c50078;
    this.ttbcr = 0;
    this.cpacr = 0;
    this.fpexc = 0;
    this.fpscr = 0;
    this.vreg.fill(0);
    this.halted = false;
    this.exclusiveAddr = -1;
    this.pc = pc >>> 0;
    this.flushTlb();
  }

  /** Powers the core off: it stops until `powerOn` (PSCI CPU_OFF; secondaries waiting to be started). */
  powerOff(): void {
    this.poweredOff = true;
    this.halted = true;
    this.exitReq = 1;
  }

  /**
   * Starts a powered-off core as PSCI CPU_ON specifies: a reset core entering `entry` (Thumb if
   * bit 0 is set) in `mode` with interrupts masked and the MMU off, r0 = `contextId`.
   */
  powerOn(entry: number, contextId: number, mode: number = Mode.SVC): void {
    this.reset(entry & ~1);
    this.thumb = (entry & 1) !== 0;
    if (mode !== Mode.SVC) this.setMode(mode);
    this.r[0] = contextId;
    this.poweredOff = false;
    this.halted = false;
  }

  // ---- CPSR ---------------------------------------------------------------------------------------

  get cpsr(): number {
    return (
      ((this.nf & PSR.N) |
        (this.zf === 0 ? PSR.Z : 0) |
        (this.cf << 29) |
        ((this.vf >>> 3) & PSR.V) |
        (this.q << 27) |
        ((this.itstate & 3) << 25) |
        (this.ge << 16) |
        ((this.itstate >>> 2) << 10) |
        (this.bigEndian ? PSR.E : 0) |
        this.masks |
        (this.thumb ? PSR.T : 0) |
        this.mode) >>>
      0
    );
  }

  /** Sets N, Z, C, V from bits 31:28 of `value`. */
  setNZCV(value: number): void {
    this.nf = value & PSR.N;
    this.zf = value & PSR.Z ? 0 : 1;
    this.cf = (value >>> 29) & 1;
    this.vf = (value << 3) & PSR.N;
  }

  /**
   * Writes CPSR fields selected by `mask` (a byte mask as in MSR: bit 0 = control, 1 = extension,
   * 2 = status, 3 = flags) with the rules of CPSRWriteByInstr; `exceptionReturn` also allows the
   * execution state bits (T, IT, J) as an exception return does.
   */
  writeCpsr(value: number, mask: number, exceptionReturn: boolean): void {
    const privileged = this.mode !== Mode.USR;
    if (mask & 8) {
      this.setNZCV(value);
      this.q = (value >>> 27) & 1;
      if (exceptionReturn) this.itstate = (this.itstate & 0xfc) | ((value >>> 25) & 3);
    }
    if (mask & 4) this.ge = (value >>> 16) & 15;
    if (mask & 2) {
      if (exceptionReturn) this.itstate = (this.itstate & 3) | (((value >>> 10) & 0x3f) << 2);
      this.setBigEndian((value & PSR.E) !== 0);
      if (privileged) this.masks = (this.masks & ~PSR.A) | (value & PSR.A);
    }
    if (mask & 1) {
      if (privileged) {
        const before = this.masks;
        this.masks = (this.masks & PSR.A) | (value & (PSR.I | PSR.F));
        if ((before & ~this.masks) !== 0) this.exitReq = 1;
        const m = value & PSR.MODE_MASK;
        // An illegal or unreachable mode is UNPREDICTABLE; we ignore the change. Entering Hyp needs an exception return from Hyp.
        if (m !== this.mode && BANK_OF_MODE[m] >= 0 && m !== Mode.MON && (m !== Mode.HYP || this.mode === Mode.HYP)) {
          this.setMode(m);
        }
      }
      if (exceptionReturn) this.setThumb((value & PSR.T) !== 0);
    }
    if ((this.masks & PSR.A) === 0) this.exitReq = 1;
  }

  setBigEndian(be: boolean): void {
    if (be === this.bigEndian) return;
    this.bigEndian = be;
    // Fast-path entries assume little-endian data; drop them (translate() refills only when LE).
    this.flushTlb();
  }

  setThumb(t: boolean): void {
    if (t !== this.thumb) {
      this.thumb = t;
      this.exitReq = 1;
    }
  }

  /** Switches to `mode`, banking SP/LR/r8-r12 as needed. */
  setMode(mode: number): void {
    const old = this.mode;
    if (old === mode) return;
    const r = this.r;
    const ob = BANK_OF_MODE[old];
    const nb = BANK_OF_MODE[mode];
    this.bankSp[ob] = r[13];
    this.bankLr[old === Mode.HYP ? 0 : ob] = r[14];
    if (old === Mode.FIQ) {
      for (let i = 0; i < 5; i++) {
        this.fiqHigh[i] = r[8 + i];
        r[8 + i] = this.usrHigh[i];
      }
    } else if (mode === Mode.FIQ) {
      for (let i = 0; i < 5; i++) {
        this.usrHigh[i] = r[8 + i];
        r[8 + i] = this.fiqHigh[i];
      }
    }
    r[13] = this.bankSp[nb];
    r[14] = this.bankLr[mode === Mode.HYP ? 0 : nb];
    this.mode = mode;
    const userBefore = old === Mode.USR;
    const userAfter = mode === Mode.USR;
    if (userBefore !== userAfter) {
      this.tlb = this.tlbs[userAfter ? 1 : 0];
      this.fetchPage = -1;
    }
    this.exitReq = 1;
  }

  /** Privilege level of the current mode: 0 (User), 1, or 2 (Hyp). */
  get pl(): number {
    return this.mode === Mode.USR ? 0 : this.mode === Mode.HYP ? 2 : 1;
  }

  /** SPSR of the current mode, or undefined in User/System mode (where it does not exist). */
  get currentSpsr(): number | undefined {
    const b = BANK_OF_MODE[this.mode];
    return b <= 0 ? undefined : this.spsr[b] >>> 0;
  }

  set currentSpsr(value: number | undefined) {
    const b = BANK_OF_MODE[this.mode];
    if (b > 0 && value !== undefined) this.spsr[b] = value;
  }

  /** A register of a given mode (as MRS banked / debuggers see it). */
  bankedRegister(mode: number, n: number): number {
    if (mode === this.mode || (n < 8 && n !== 15) || (n < 13 && mode !== Mode.FIQ && this.mode !== Mode.FIQ)) {
      return this.r[n];
    }
    const b = BANK_OF_MODE[mode];
    if (n === 13) return BANK_OF_MODE[this.mode] === b ? this.r[13] : this.bankSp[b];
    if (n === 14) {
      const lb = mode === Mode.HYP ? 0 : b;
      const cur = this.mode === Mode.HYP ? 0 : BANK_OF_MODE[this.mode];
      return cur === lb ? this.r[14] : this.bankLr[lb];
    }
    // r8-r12 across the FIQ boundary.
    return mode === Mode.FIQ ? this.fiqHigh[n - 8] : this.usrHigh[n - 8];
  }

  setBankedRegister(mode: number, n: number, value: number): void {
    if (mode === this.mode || (n < 8 && n !== 15) || (n < 13 && mode !== Mode.FIQ && this.mode !== Mode.FIQ)) {
      this.r[n] = value;
      return;
    }
    const b = BANK_OF_MODE[mode];
    if (n === 13) {
      if (BANK_OF_MODE[this.mode] === b) this.r[13] = value;
      else this.bankSp[b] = value;
      return;
    }
    if (n === 14) {
      const lb = mode === Mode.HYP ? 0 : b;
      const cur = this.mode === Mode.HYP ? 0 : BANK_OF_MODE[this.mode];
      if (cur === lb) this.r[14] = value;
      else this.bankLr[lb] = value;
      return;
    }
    if (mode === Mode.FIQ) this.fiqHigh[n - 8] = value;
    else this.usrHigh[n - 8] = value;
  }

  // ---- condition codes ---------------------------------------------------------------------------

  condPassed(cond: number): boolean {
    switch (cond) {
      case 0:
        return this.zf === 0;
      case 1:
        return this.zf !== 0;
      case 2:
        return this.cf !== 0;
      case 3:
        return this.cf === 0;
      case 4:
        return this.nf < 0;
      case 5:
        return this.nf >= 0;
      case 6:
        return this.vf < 0;
      case 7:
        return this.vf >= 0;
      case 8:
        return this.cf !== 0 && this.zf !== 0;
      case 9:
        return this.cf === 0 || this.zf === 0;
      case 10:
        return (this.nf ^ this.vf) >= 0;
      case 11:
        return (this.nf ^ this.vf) < 0;
      case 12:
        return this.zf !== 0 && (this.nf ^ this.vf) >= 0;
      case 13:
        return this.zf === 0 || (this.nf ^ this.vf) < 0;
      default:
        return true;
    }
  }

  // ---- branches -----------------------------------------------------------------------------------

  /** BranchWritePC: a branch that stays in the current instruction set. */
  branchTo(address: number): void {
    this.pc = (this.thumb ? address & ~1 : address & ~3) >>> 0;
  }

  /** BXWritePC: an interworking branch (bit 0 selects Thumb). */
  bxTo(address: number): void {
    if (address & 1) {
      this.setThumb(true);
      this.pc = (address & ~1) >>> 0;
    } else {
      this.setThumb(false);
      // address[1] set in ARM state is UNPREDICTABLE; we align down.
      this.pc = (address & ~3) >>> 0;
    }
  }

  /** Exception return (SUBS PC, LR / LDM ^ / RFE): CPSR from `spsr`, then branch. */
  exceptionReturn(address: number, spsr: number): void {
    this.writeCpsr(spsr, 0xf, true);
    this.branchTo(address);
    this.exitReq = 1;
  }

  // ---- exceptions ---------------------------------------------------------------------------------

  get vectorBase(): number {
    return (this.sctlr & (1 << 13)) !== 0 ? 0xffff0000 : this.vbar & ~0x1f;
  }

  /** Takes an exception to a PL1 mode (ARM ARM B1.9). */
  takeException(mode: number, vector: number, lr: number): void {
    const cpsr = this.cpsr;
    this.setMode(mode);
    this.spsr[BANK_OF_MODE[mode]] = cpsr;
    this.r[14] = lr;
    let masks = this.masks | PSR.I;
    if (vector === Vector.FIQ || vector === Vector.RESET) masks |= PSR.F;
    if (vector !== Vector.UNDEF && vector !== Vector.SVC) masks |= PSR.A;
    this.masks = masks;
    this.itstate = 0;
    this.setThumb((this.sctlr & (1 << 30)) !== 0);
    this.setBigEndian((this.sctlr & (1 << 25)) !== 0);
    this.pc = (this.vectorBase + vector) >>> 0;
    this.exitReq = 1;
    this.halted = false;
  }

  /** UNDEFINED instruction at curPc. Returns normally (the loop fetches the vector next). */
  undefinedInstruction(): void {
    this.takeException(Mode.UND, Vector.UNDEF, this.curPc + (this.thumb ? 2 : 4));
  }

  /**
   * Called on SVC before the exception is taken; returning true means the call was handled
   * natively (a Linux user-mode front end implementing system calls) and execution continues
   * after the SVC.
   */
  onSupervisorCall: ((cpu: ArmCpu) => boolean) | undefined;

  /** SVC at curPc. */
  supervisorCall(): void {
    if (this.onSupervisorCall?.(this)) return;
    this.takeException(Mode.SVC, Vector.SVC, this.curPc + (this.thumb ? 2 : 4));
  }

  /** Data abort for `va` and throws to stop the instruction. */
  dataAbort(va: number, kind: Fault, level: number, domain: number, write: boolean, lpae: boolean): never {
    this.dfsr = faultStatus(kind, level, domain, lpae) | (write ? 1 << 11 : 0);
    this.dfar = va >>> 0;
    this.takeException(Mode.ABT, Vector.DABT, this.curPc + 8);
    throw GUEST_EXCEPTION;
  }

  /** Prefetch abort for the instruction at `va` and throws. */
  prefetchAbort(va: number, kind: Fault, level: number, domain: number, lpae: boolean): never {
    this.ifsr = faultStatus(kind, level, domain, lpae);
    this.ifar = va >>> 0;
    this.takeException(Mode.ABT, Vector.PABT, this.curPc + 4);
    throw GUEST_EXCEPTION;
  }

  private interruptChanged(): void {
    this.exitReq = 1;
    this.halted = false;
  }

  /** Takes a pending unmasked FIQ/IRQ between instructions. Returns true if one was taken. */
  private checkInterrupts(): boolean {
    if (this.fiqLevel && (this.masks & PSR.F) === 0) {
      this.curPc = this.pc;
      this.takeException(Mode.FIQ, Vector.FIQ, this.pc + 4);
      return true;
    }
    if (this.irqLevel && (this.masks & PSR.I) === 0) {
      this.curPc = this.pc;
      this.takeException(Mode.IRQ, Vector.IRQ, this.pc + 4);
      return true;
    }
    return false;
  }

  // ---- SMC / HVC / WFI ----------------------------------------------------------------------------

  waitForInterrupt(): void {
    if (!this.irqLevel && !this.fiqLevel) {
      this.halted = true;
      this.exitReq = 1;
    }
  }

  waitForEvent(): void {
    if (this.eventRegister) {
      this.eventRegister = false;
      return;
    }
    if (!this.irqLevel && !this.fiqLevel) {
      this.halted = true;
      this.exitReq = 1;
    }
  }

  sendEvent(): void {
    this.eventRegister = true;
    this.onSev?.();
  }

  /** Wakes a core from WFE (another core's SEV). */
  signalEvent(): void {
    this.eventRegister = true;
    if (this.halted) {
      this.halted = false;
      this.eventRegister = false;
    }
  }

  // ---- run loop -----------------------------------------------------------------------------------

  /**
   * Runs up to `budget` instructions; returns how many retired. Returns early on WFI (then
   * `halted` is true) and when execution state changes, so the caller just calls again.
   */
  run(budget: number): number {
    if (this.poweredOff) return 0;
    let done = 0;
    while (done < budget) {
      if (this.halted) {
        if (this.irqLevel || this.fiqLevel) this.halted = false;
        else break;
      }
      this.exitReq = 0;
      if (this.checkInterrupts()) this.exitReq = 0;
      done += this.thumb ? this.runThumb(budget - done) : this.runArm(budget - done);
    }
    this.instructions += done;
    return done;
  }

  /** ARM state: compiled blocks where hot, the interpreter elsewhere. */
  private runArm(budget: number): number {
    const jit = this.jit;
    if (jit === undefined) return this.interpretArm(budget, false);
    let done = 0;
    while (done < budget && this.exitReq === 0) {
      const pc = this.pc;
      if (pc >>> 12 !== this.fetchPage) {
        // Not a main-RAM page we can fetch from directly (yet): the interpreter translates it.
        done += this.interpretArm(budget - done, true);
        continue;
      }
      const off = this.fetchBase + (pc & 0xffc);
      let block = jit.lookup(off, pc);
      if (block === undefined) {
        if (!jit.isHot(off, this.jitThreshold)) {
          done += this.interpretArm(budget - done, true);
          continue;
        }
        block = jit.compileArm(pc, off);
      }
      this.jitDone = 0;
      try {
        done += block(this, budget - done);
      } catch (e) {
        if (e !== GUEST_EXCEPTION) throw e;
        done += this.jitDone + ((this.curPc - pc) >>> 2) + 1;
      }
    }
    return done;
  }

  /** The A32 interpreter; with `stopAtBranch` it returns after the first taken branch (a block end). */
  private interpretArm(budget: number, stopAtBranch: boolean): number {
    const r = this.r;
    const handlers = a32Handlers;
    const tags = this.dcTagA;
    const ops = this.dcOpA;
    let done = 0;
    try {
      while (done < budget && this.exitReq === 0) {
        const pc = this.pc;
        this.curPc = pc;
        // Counted before the fetch: a prefetch abort is a step too, so an exception loop still
        // consumes the budget (and time moves on).
        done++;
        let w: number;
        if (pc >>> 12 === this.fetchPage) w = this.ram32[(this.fetchBase + (pc & 0xffc)) >>> 2];
        else w = this.fetchSlow32(pc);
        r[15] = pc + 8;
        this.pc = (pc + 4) >>> 0;
        const cond = w >>> 28;
        if (cond < 14 && !this.condPassed(cond)) continue;
        const h = Math.imul(w, 0x9e3779b1) >>> (32 - DECODE_BITS);
        let op: number;
        if (tags[h] === w) op = ops[h];
        else {
          op = decodeA32(w);
          tags[h] = w;
          ops[h] = op;
        }
        handlers[op](this, w);
        if (stopAtBranch && this.pc !== (pc + 4) >>> 0) break;
      }
    } catch (e) {
      // A guest exception was taken inside the instruction (which counts as executed).
      if (e !== GUEST_EXCEPTION) throw e;
    }
    return done;
  }

  private runThumb(budget: number): number {
    const r = this.r;
    const t16 = t16Handlers;
    const t16Ops = this.t16Ops;
    let done = 0;
    try {
      while (done < budget && this.exitReq === 0) {
        const pc = this.pc;
        this.curPc = pc;
        done++;
        let hw: number;
        if (pc >>> 12 === this.fetchPage) hw = this.ram16[(this.fetchBase + (pc & 0xffe)) >>> 1];
        else hw = this.fetchSlow16(pc);
        r[15] = pc + 4;
        const it = this.itstate;
        if (hw >= 0xe800) {
          // 32-bit encoding: the second halfword may be on the next page.
          const pc2 = (pc + 2) >>> 0;
          const hw2 =
            pc2 >>> 12 === this.fetchPage ? this.ram16[(this.fetchBase + (pc2 & 0xffe)) >>> 1] : this.fetchSlow16(pc2);
          this.pc = (pc + 4) >>> 0;
          const w = (hw << 16) | hw2 | 0;
          if (it === 0 || this.condPassed(it >>> 4)) {
            const h = Math.imul(w, 0x9e3779b1) >>> (32 - DECODE_BITS);
            let op: number;
            if (this.dcTagT[h] === w) op = this.dcOpT[h];
            else {
              op = decodeT32(w);
              this.dcTagT[h] = w;
              this.dcOpT[h] = op;
            }
            t32Handlers[op](this, w);
          }
        } else {
          this.pc = (pc + 2) >>> 0;
          if (it === 0 || this.condPassed(it >>> 4)) t16[t16Ops[hw]](this, hw);
        }
        // Advance ITSTATE after an instruction inside an IT block (not after the IT itself).
        if (it !== 0 && this.itstate === it) this.itstate = (it & 7) === 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
      }
    } catch (e) {
      if (e !== GUEST_EXCEPTION) throw e;
    }
    return done;
  }

  // ---- soft TLB and translation ---------------------------------------------------------------------

  /** Drops every cached translation (TLB maintenance, and any change to the translation regime). */
  flushTlb(): void {
    this.tlbs[0].flush();
    this.tlbs[1].flush();
    this.fetchPage = -1;
    this.tlbGeneration++;
  }

  /** Takes the write fast path away from a main-RAM page (it now holds compiled code). */
  revokeFastWrites(ramPage: number): void {
    for (const t of this.tlbs) {
      for (let i = 0; i < TLB_SIZE; i++) if (t.fastW[i] !== -1 && t.hostOff[i] >>> 12 === ramPage) t.fastW[i] = -1;
    }
  }

  /** Drops cached translations of one virtual page (TLBIMVA and friends). */
  flushTlbPage(va: number): void {
    const vpage = va >>> 12;
    this.tlbs[0].flushPage(vpage);
    this.tlbs[1].flushPage(vpage);
    this.fetchPage = -1;
    this.tlbGeneration++;
  }

  readPhys32(pa: number): number {
    if (pa >= this.mainBase && pa + 4 <= this.mainEnd) {
      this.walkOk = true;
      return this.ram32[(pa - this.mainBase) >>> 2];
    }
    const v = this.bus.read(pa, 4);
    this.walkOk = this.bus.status === BusStatus.Ok;
    return v;
  }

  /**
   * Translates `va` for an access; raises the abort (and throws) on a fault. `user` forces a PL0
   * access (LDRT/STRT). Returns the physical address. Fills the TLB.
   */
  translate(va: number, access: Access, user: boolean): number {
    va >>>= 0;
    const tlb = user ? this.tlbs[1] : this.tlb;
    const vpage = va >>> 12;
    const i = vpage & TLB_MASK;
    const pl0 = user || this.mode === Mode.USR;
    const need =
      access === Access.READ
        ? pl0
          ? Perm.PL0_R
          : Perm.PL1_R
        : access === Access.WRITE
          ? pl0
            ? Perm.PL0_W
            : Perm.PL1_W
          : pl0
            ? Perm.PL0_X
            : Perm.PL1_X;
    if (tlb.tag[i] === vpage && (tlb.perm[i] & need) !== 0) return tlb.ppage[i] * 4096 + (va & 0xfff);
    const res = this.walkResult;
    walk(this, this, va, res);
    if (res.fault !== Fault.NONE) this.translationFault(va, access, res.fault, res.level, res.domain, res.lpae);
    if ((res.perms & need) === 0) this.translationFault(va, access, Fault.PERMISSION, res.level, res.domain, res.lpae);
    const pa = res.pa;
    const ppage = Math.floor(pa / 4096);
    tlb.tag[i] = vpage;
    tlb.ppage[i] = ppage;
    tlb.perm[i] = res.perms;
    tlb.fastR[i] = -1;
    tlb.fastW[i] = -1;
    tlb.fastX[i] = -1;
    const pageBase = ppage * 4096;
    if (pageBase >= this.mainBase && pageBase + 4096 <= this.mainEnd && !this.bigEndian) {
      tlb.hostOff[i] = pageBase - this.mainBase;
      const ro = pl0 ? Perm.PL0_R : Perm.PL1_R;
      const wo = pl0 ? Perm.PL0_W : Perm.PL1_W;
      const xo = pl0 ? Perm.PL0_X : Perm.PL1_X;
      if (res.perms & ro) tlb.fastR[i] = vpage;
      if (res.perms & wo && (this.jit === undefined || this.jit.pageHasCode[(pageBase - this.mainBase) >>> 12] === 0)) {
        tlb.fastW[i] = vpage;
      }
      if (res.perms & xo) tlb.fastX[i] = vpage;
    }
    return pa;
  }

  private translationFault(
    va: number,
    access: Access,
    kind: Fault,
    level: number,
    domain: number,
    lpae: boolean,
  ): never {
    if (access === Access.EXEC) this.prefetchAbort(va, kind, level, domain, lpae);
    this.dataAbort(va, kind, level, domain, access === Access.WRITE, lpae);
  }

  alignmentFault(va: number, write: boolean): never {
    this.dataAbort(va, Fault.ALIGNMENT, 0, 0, write, (this.ttbcr & (1 << 31)) !== 0);
  }

  /** External abort for a bus error on a data access. */
  private busError(va: number, write: boolean): never {
    this.dataAbort(va, Fault.EXTERNAL, 0, 0, write, (this.ttbcr & (1 << 31)) !== 0);
  }

  // ---- instruction fetch ------------------------------------------------------------------------

  // The fetch slow paths leave curPc alone: a prefetch abort is for the instruction at curPc even
  // when the faulting halfword is the second one of a 32-bit Thumb instruction.
  private fetchSlow32(pc: number): number {
    const pa = this.fetchTranslate(pc);
    if (this.fetchPage === pc >>> 12) return this.ram32[(this.fetchBase + (pc & 0xffc)) >>> 2];
    const v = this.bus.read(pa, 4);
    if (this.bus.status !== BusStatus.Ok) this.prefetchAbort(pc, Fault.EXTERNAL, 0, 0, (this.ttbcr & (1 << 31)) !== 0);
    return v | 0;
  }

  private fetchSlow16(pc: number): number {
    if (this.fetchPage === pc >>> 12) return this.ram16[(this.fetchBase + (pc & 0xffe)) >>> 1];
    const pa = this.fetchTranslate(pc);
    if (this.fetchPage === pc >>> 12) return this.ram16[(this.fetchBase + (pc & 0xffe)) >>> 1];
    const v = this.bus.read(pa, 2);
    if (this.bus.status !== BusStatus.Ok) this.prefetchAbort(pc, Fault.EXTERNAL, 0, 0, (this.ttbcr & (1 << 31)) !== 0);
    return v;
  }

  /** Translates an instruction fetch and, for main RAM, caches the page for the fetch fast path. */
  private fetchTranslate(pc: number): number {
    const pa = this.translate(pc, Access.EXEC, false);
    const i = (pc >>> 12) & TLB_MASK;
    if (this.tlb.fastX[i] === pc >>> 12) {
      this.fetchPage = pc >>> 12;
      this.fetchBase = this.tlb.hostOff[i];
    }
    return pa;
  }

  // ---- data accesses ----------------------------------------------------------------------------
  // Fast path: a TLB hit on a main-RAM page with the right permission, aligned access. Everything
  // else (misses, MMIO, unaligned, big-endian, page crossings, faults) takes the slow path.

  read32(va: number): number {
    const p = va >>> 12;
    const i = p & TLB_MASK;
    const t = this.tlb;
    if (t.fastR[i] === p && (va & 3) === 0) return this.ram32[(t.hostOff[i] + (va & 0xfff)) >>> 2];
    return this.readSlow(va, 4, false);
  }

  read16(va: number): number {
    const p = va >>> 12;
    const i = p & TLB_MASK;
    const t = this.tlb;
    if (t.fastR[i] === p && (va & 1) === 0) return this.ram16[(t.hostOff[i] + (va & 0xfff)) >>> 1];
    return this.readSlow(va, 2, false);
  }

  read8(va: number): number {
    const p = va >>> 12;
    const i = p & TLB_MASK;
    const t = this.tlb;
    if (t.fastR[i] === p) return this.ram8[t.hostOff[i] + (va & 0xfff)];
    return this.readSlow(va, 1, false);
  }

  write32(va: number, value: number): void {
    const p = va >>> 12;
    const i = p & TLB_MASK;
    const t = this.tlb;
    if (t.fastW[i] === p && (va & 3) === 0) {
      this.ram32[(t.hostOff[i] + (va & 0xfff)) >>> 2] = value;
      return;
    }
    this.writeSlow(va, 4, value, false);
  }

  write16(va: number, value: number): void {
    const p = va >>> 12;
    const i = p & TLB_MASK;
    const t = this.tlb;
    if (t.fastW[i] === p && (va & 1) === 0) {
      this.ram16[(t.hostOff[i] + (va & 0xfff)) >>> 1] = value;
      return;
    }
    this.writeSlow(va, 2, value, false);
  }

  write8(va: number, value: number): void {
    const p = va >>> 12;
    const i = p & TLB_MASK;
    const t = this.tlb;
    if (t.fastW[i] === p) {
      this.ram8[t.hostOff[i] + (va & 0xfff)] = value;
      return;
    }
    this.writeSlow(va, 1, value, false);
  }

  /** Word access that must be aligned whatever SCTLR.A says (LDM/STM, LDRD/STRD, exclusives, SWP, VLDR). */
  read32Aligned(va: number): number {
    if ((va & 3) !== 0) this.alignmentFault(va, false);
    return this.read32(va);
  }

  write32Aligned(va: number, value: number): void {
    if ((va & 3) !== 0) this.alignmentFault(va, true);
    this.write32(va, value);
  }

  /** PL0 accesses from PL1 (LDRT/STRT and friends). */
  readUser(va: number, size: 1 | 2 | 4): number {
    return this.readSlow(va, size, true);
  }

  writeUser(va: number, size: 1 | 2 | 4, value: number): void {
    this.writeSlow(va, size, value, true);
  }

  /** Halfword access that must be aligned (LDREXH/STREXH). */
  read16Aligned(va: number): number {
    if ((va & 1) !== 0) this.alignmentFault(va, false);
    return this.read16(va);
  }

  private readSlow(va: number, size: 1 | 2 | 4, user: boolean): number {
    va >>>= 0;
    if ((va & (size - 1)) !== 0) {
      if ((this.sctlr & 2) !== 0) this.alignmentFault(va, false);
      // Unaligned: byte by byte (may cross a page; each byte is translated and checked).
      let v = 0;
      for (let k = 0; k < size; k++) {
        const b = this.readSlow((va + k) >>> 0, 1, user);
        v |= b << (this.bigEndian ? 8 * (size - 1 - k) : 8 * k);
      }
      return size === 4 ? v | 0 : v;
    }
    const pa = this.translate(va, Access.READ, user);
    let v: number;
    if (pa >= this.mainBase && pa + size <= this.mainEnd) {
      const off = pa - this.mainBase;
      v = size === 4 ? this.ram32[off >>> 2] : size === 2 ? this.ram16[off >>> 1] : this.ram8[off];
    } else {
      v = this.bus.read(pa, size);
      if (this.bus.status !== BusStatus.Ok) this.busError(va, false);
    }
    if (this.bigEndian && size > 1) v = size === 4 ? bswap32(v) : ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
    return size === 4 ? v | 0 : v;
  }

  private writeSlow(va: number, size: 1 | 2 | 4, value: number, user: boolean): void {
    va >>>= 0;
    if ((va & (size - 1)) !== 0) {
      if ((this.sctlr & 2) !== 0) this.alignmentFault(va, true);
      // Check every byte is writable before writing any, so a fault leaves memory unchanged.
      for (let k = 0; k < size; k++) this.translate((va + k) >>> 0, Access.WRITE, user);
      for (let k = 0; k < size; k++) {
        const shift = this.bigEndian ? 8 * (size - 1 - k) : 8 * k;
        this.writeSlow((va + k) >>> 0, 1, (value >>> shift) & 0xff, user);
      }
      return;
    }
    const pa = this.translate(va, Access.WRITE, user);
    let v = value;
    if (this.bigEndian && size > 1) v = size === 4 ? bswap32(v) : ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
    if (pa >= this.mainBase && pa + size <= this.mainEnd) {
      const off = pa - this.mainBase;
      if (this.jit !== undefined && this.jit.pageHasCode[off >>> 12] !== 0) this.jit.invalidatePage(off >>> 12);
      if (size === 4) this.ram32[off >>> 2] = v;
      else if (size === 2) this.ram16[off >>> 1] = v;
      else this.ram8[off] = v;
      return;
    }
    this.bus.write(pa, size, v);
    if (this.bus.status !== BusStatus.Ok) this.busError(va, true);
  }

  // ---- exclusive monitor ------------------------------------------------------------------------

  /** Marks the physical address of `va` for a following STREX of `size` bytes. */
  markExclusive(va: number, size: number, lo: number, hi: number): void {
    this.exclusiveAddr = this.translate(va, Access.READ, false);
    this.exclusiveSize = size;
    this.exclusiveLo = lo;
    this.exclusiveHi = hi;
  }

  /**
   * Whether a STREX to `va` may store: the monitor holds this address and size. (Memory still
   * holding the loaded value is checked by the caller, as QEMU's compare-and-swap does.)
   */
  exclusiveMatches(va: number, size: number): boolean {
    if (this.exclusiveAddr < 0) return false;
    const pa = this.translate(va, Access.WRITE, false);
    return pa === this.exclusiveAddr && size === this.exclusiveSize;
  }

  clearExclusive(): void {
    this.exclusiveAddr = -1;
  }

  /** Reports use of something this core does not implement (once per name). */
  private readonly reported = new Set<string>();
  unimplemented(what: string): void {
    if (this.reported.has(what)) return;
    this.reported.add(what);
    this.onUnimplemented?.(what);
  }
}

let t16Ops: Uint16Array | undefined;

/** Handler index of every 16-bit Thumb encoding, computed once and shared by all cores. */
function t16Table(): Uint16Array {
  if (t16Ops === undefined) {
    t16Ops = new Uint16Array(65536);
    for (let hw = 0; hw < 65536; hw++) t16Ops[hw] = decodeT16(hw);
  }
  return t16Ops;
}

export function bswap32(v: number): number {
  return ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
}
