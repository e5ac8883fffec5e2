// The ARMv7-A core: register file and banking, CPSR, exceptions (to PL1 modes and to Hyp mode),
// the memory system (soft TLB with a RAM fast path, stage-1 and stage-2 walks, aborts) and the
// interpreter loops for ARM and Thumb state. Instruction semantics live in a32/ and t32/ as plain
// functions `(cpu, word) => void`.

import { type AddressSpace, BusStatus, type IrqLine, type RamRegion } from "@xena/machine";
import { a32Handlers, decodeA32 } from "./a32/decoder.js";
import { GUEST_EXCEPTION } from "./errors.js";
import {
  condField,
  EC,
  HCR,
  HypTrap,
  type HypTrapKind,
  HypVector,
  hsrValue,
  type NativeHypervisor,
  SCR,
} from "./hyp.js";
import { CORTEX_A15, type CpuIdentity } from "./ids.js";
import { loadStoreSyndrome } from "./iss.js";
import { CodeCache, DEFAULT_JIT_THRESHOLD } from "./jit/cache.js";
import {
  Access,
  Fault,
  faultStatus,
  Perm,
  type Stage2Regime,
  Stage2Result,
  type TranslationRegime,
  type WalkMemory,
  WalkResult,
  walk,
  walkStage2,
} from "./mmu.js";
import { BANK_COUNT, BANK_OF_MODE, Mode, PSR, Vector } from "./psr.js";
import { decodeT16, decodeT32, t16Handlers, t32Handlers } from "./t32/decoder.js";
import {
  HYP_CONTEXT,
  NO_VMID,
  SIGNATURE_WORDS,
  Stage2Cache,
  TLB_MASK,
  type Tlb,
  type TlbOwner,
  TlbRegistry,
  TlbSet,
} from "./tlb.js";
import { VCPU_SYSREGS, type VcpuState, type VcpuSysreg } from "./vcpu.js";

/** Handles SMC/HVC calls when no guest code owns Monitor/Hyp mode (PSCI firmware, a native hypervisor). */
export interface NativeFirmware {
  /** Called for SMC #imm (ARM SMC encodes a 4-bit imm). Returns false to make the SMC UNDEFINED. */
  smc?(cpu: ArmCpu, imm: number): boolean;
  /**
   * Called for HVC #imm from PL1 when the core's Hyp mode is not in use (SCR.HCE = 0 and no native
   * hypervisor): firmware standing in for PL2, as QEMU serves PSCI over HVC. False: UNDEFINED.
   */
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
  /** Why the last refused access was refused: UNDEFINED, or a trap to Hyp mode (CNTHCTL). */
  readonly refusal?: "undefined" | "hyp-trap";
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
  /**
   * Guest code may use Hyp mode: SCR.HCE = 1 and reset enters Non-secure Hyp mode with A, I, F
   * masked (as firmware hands an A15 to a hypervisor, and as QEMU's -M virt,virtualization=on
   * starts its CPUs). Default false: reset enters SVC mode and HVC is UNDEFINED.
   */
  readonly virtualization?: boolean;
  /** A hypervisor in TypeScript that owns Hyp mode: every exception to Hyp mode calls it instead. */
  readonly hypervisor?: NativeHypervisor;
}

const DECODE_BITS = 14;
/** TLB sets a core keeps (contexts: VMID × ASID, and the Hyp regime) before reusing the oldest. */
const MAX_TLB_SETS = 12;

export type A32Handler = (cpu: ArmCpu, word: number) => void;

export class ArmCpu implements TranslationRegime, WalkMemory, Stage2Regime, TlbOwner {
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

  // ---- Virtualization Extensions: Hyp mode's registers (ARM ARM B4.1) --------------------------
  /** SCR as the Non-secure world sees its effects (NS always set: no Secure state is modelled). */
  scr = SCR.NS;
  hcr = 0;
  /** HDCR: HPMN resets to the number of event counters. */
  hdcr = 6;
  hcptr = HCPTR_RES1;
  hstr = 0;
  hacr = 0;
  hactlr = 0;
  hsctlr = HSCTLR_RESET;
  htcr = 0x80000000;
  httbrLo = 0;
  httbrHi = 0;
  hmair0 = 0;
  hmair1 = 0;
  hamair0 = 0;
  hamair1 = 0;
  hsr = 0;
  hdfar = 0;
  hifar = 0;
  hpfar = 0;
  hadfsr = 0;
  haifsr = 0;
  hvbar = 0;
  htpidr = 0;
  vtcr = 0x80000000;
  vttbrLo = 0;
  vttbrHi = 0;
  /** What MIDR and MPIDR read as in Non-secure PL1/PL0. */
  vpidr = 0;
  vmpidr = 0;
  /** Virtual interrupt inputs (a GIC's virtual CPU interface); HCR.VI/VF pend them too. */
  virqLevel = false;
  vfiqLevel = false;
  /** The TypeScript hypervisor owning Hyp mode, if any. */
  readonly hypervisor: NativeHypervisor | undefined;
  /** The record handed to the native hypervisor (reused). */
  readonly hypTrap = new HypTrap();

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
  /** Called for SEV: the machine wakes the other cores. */
  onSev: (() => void) | undefined;
  /** Reports the first use of each unimplemented feature (a system register, a coprocessor). */
  onUnimplemented: ((what: string) => void) | undefined;

  readonly irq: IrqLine;
  readonly fiq: IrqLine;
  readonly virq: IrqLine;
  readonly vfiq: IrqLine;

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
  /** Every TLB set of the cores on this bus (maintenance by VMID reaches them all). */
  private readonly registry: TlbRegistry;
  /** This core's TLB sets, and the current one. */
  private readonly tlbSets: TlbSet[] = [];
  private tlbSet: TlbSet;
  private useStamp = 0;
  /** TLB of the current privilege level, and the PL0 one of the current set (LDRT/STRT). */
  private tlb: Tlb;
  private userTlb: Tlb;
  private readonly signature = new Float64Array(SIGNATURE_WORDS);
  /** Instruction fetch page cache: virtual page and its offset in main RAM. */
  private fetchPage = -1;
  private fetchBase = 0;
  private readonly walkResult = new WalkResult();
  private readonly s2Result = new Stage2Result();
  walkOk = true;
  /** Stage-1 walks under stage 2: descriptor addresses are IPAs; holds the last walk's stage-2 fault. */
  readonly stage1Memory: Stage1Memory;
  /** The Hyp regime's stage-1 registers, shaped as a TranslationRegime. */
  private readonly hypRegime: HypRegime;
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

  /** Guest code may use Hyp mode (CpuOptions.virtualization). */
  readonly virtualization: boolean;

  constructor(options: CpuOptions) {
    this.bus = options.bus;
    this.identity = options.identity ?? CORTEX_A15;
    this.firmware = options.firmware;
    this.timer = options.timer;
    this.hypervisor = options.hypervisor;
    this.virtualization = options.virtualization === true;
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
    this.registry = TlbRegistry.of(this.bus);
    this.tlbSet = this.newTlbSet();
    this.tlbSet.owner = this;
    this.tlb = this.tlbSet.priv;
    this.userTlb = this.tlbSet.user;
    this.stage1Memory = new Stage1Memory(this);
    this.hypRegime = new HypRegime(this);
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
    this.virq = {
      set(level: boolean) {
        cpu.virqLevel = level;
        if (level) cpu.interruptChanged();
      },
    };
    this.vfiq = {
      set(level: boolean) {
        cpu.vfiqLevel = level;
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

  /**
   * Cold reset: SVC mode (Non-secure Hyp mode with `virtualization`), interrupts masked, MMUs
   * off, stage 2 off, PC at `pc` (the reset vector, 0, by default).
   */
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
    this.scr = this.virtualization ? SCR.NS | SCR.HCE : SCR.NS;
    this.hcr = 0;
    this.hdcr = 6;
    this.hcptr = HCPTR_RES1;
    this.hstr = 0;
    this.hsctlr = HSCTLR_RESET;
    this.htcr = 0x80000000;
    this.vtcr = 0x80000000;
    this.vttbrLo = 0;
    this.vttbrHi = 0;
    this.vpidr = this.identity.midr;
    this.vmpidr = this.mpidr;
    this.elrHyp = 0;
    this.flushTlb();
    this.selectTranslation();
    if (this.virtualization) this.setMode(Mode.HYP);
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
        // An illegal or unreachable mode is UNPREDICTABLE; we ignore the change (as QEMU does).
        // Hyp mode is entered only by an exception and left only by an exception return.
        if (
          m !== this.mode &&
          BANK_OF_MODE[m] >= 0 &&
          m !== Mode.MON &&
          (m !== Mode.HYP || this.mode === Mode.HYP) &&
          (exceptionReturn || this.mode !== Mode.HYP)
        ) {
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
    if (old === Mode.HYP || mode === Mode.HYP) this.selectTranslation();
    else if ((old === Mode.USR) !== (mode === Mode.USR)) {
      this.tlb = mode === Mode.USR ? this.tlbSet.user : this.tlbSet.priv;
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

  /**
   * Takes an exception to Hyp mode (ARM ARM B1.8.? "Entering Hyp mode"): HSR = `hsr` for a
   * synchronous exception, ELR_hyp = `returnAddress`, vector HVBAR + `offset`. With a native
   * hypervisor the exception instead calls it with the guest's state intact; a synchronous one
   * then ends the instruction (throws), so the interpreter does not touch the state it left.
   */
  enterHyp(offset: number, returnAddress: number, hsr: number, kind: HypTrapKind = "sync"): void {
    const cpsr = this.cpsr;
    if (kind === "sync") this.hsr = hsr;
    const hv = this.hypervisor;
    if (hv !== undefined && this.mode !== Mode.HYP) {
      const t = this.hypTrap;
      t.kind = kind;
      t.hsr = kind === "sync" ? hsr : 0;
      t.returnAddress = returnAddress >>> 0;
      t.spsr = cpsr;
      const ec = hsr >>> 26;
      t.faultAddress = ec === EC.PABT_LOWER ? this.hifar : ec === EC.DABT_LOWER ? this.hdfar : 0;
      t.ipa = ec === EC.PABT_LOWER || ec === EC.DABT_LOWER ? this.faultIpa : 0;
      this.pc = returnAddress >>> 0;
      this.exitReq = 1;
      this.halted = false;
      this.clearExclusive();
      hv.trap(this, t);
      if (kind === "sync") throw GUEST_EXCEPTION;
      return;
    }
    this.setMode(Mode.HYP);
    this.spsr[BANK_OF_MODE[Mode.HYP]] = cpsr;
    this.elrHyp = returnAddress >>> 0;
    let masks = this.masks;
    if ((this.scr & SCR.EA) === 0) masks |= PSR.A;
    if ((this.scr & SCR.IRQ) === 0) masks |= PSR.I;
    if ((this.scr & SCR.FIQ) === 0) masks |= PSR.F;
    this.masks = masks;
    this.itstate = 0;
    this.setThumb((this.hsctlr & (1 << 30)) !== 0);
    this.setBigEndian((this.hsctlr & (1 << 25)) !== 0);
    this.pc = ((this.hvbar & ~0x1f) + offset) >>> 0;
    this.exitReq = 1;
    this.halted = false;
  }

  // ---- native hypervisor interface ---------------------------------------------------------------

  /** Copies the guest's whole visible state out of the core (a world switch's save half). */
  saveVcpu(s: VcpuState): void {
    s.r.set(this.r);
    s.bankSp.set(this.bankSp);
    s.bankLr.set(this.bankLr);
    s.spsr.set(this.spsr);
    s.usrHigh.set(this.usrHigh);
    s.fiqHigh.set(this.fiqHigh);
    s.cpsr = this.cpsr;
    s.pc = this.pc;
    s.vreg.set(this.vreg);
    const regs = this as unknown as Record<VcpuSysreg, number>;
    for (let i = 0; i < VCPU_SYSREGS.length; i++) s.sys[i] = regs[VCPU_SYSREGS[i]] >>> 0;
  }

  /**
   * Loads a guest's state into the core (a world switch's restore half): it resumes at `s.pc`.
   * The translations cached for its VMID and ASID are kept (they were made under the same
   * registers, or are flushed when not), so switching between VMs flushes nothing.
   */
  loadVcpu(s: VcpuState): void {
    this.r.set(s.r);
    this.bankSp.set(s.bankSp);
    this.bankLr.set(s.bankLr);
    this.spsr.set(s.spsr);
    this.usrHigh.set(s.usrHigh);
    this.fiqHigh.set(s.fiqHigh);
    const c = s.cpsr;
    this.setNZCV(c);
    this.q = (c >>> 27) & 1;
    this.ge = (c >>> 16) & 15;
    this.itstate = ((c >>> 25) & 3) | (((c >>> 10) & 0x3f) << 2);
    this.masks = c & (PSR.A | PSR.I | PSR.F);
    this.thumb = (c & PSR.T) !== 0;
    const mode = c & PSR.MODE_MASK;
    this.mode = BANK_OF_MODE[mode] >= 0 && mode !== Mode.MON && mode !== Mode.HYP ? mode : Mode.SVC;
    this.setBigEndian((c & PSR.E) !== 0);
    this.pc = s.pc >>> 0;
    this.vreg.set(s.vreg);
    const regs = this as unknown as Record<VcpuSysreg, number>;
    for (let i = 0; i < VCPU_SYSREGS.length; i++) regs[VCPU_SYSREGS[i]] = s.sys[i];
    this.clearExclusive();
    this.exitReq = 1;
    this.halted = false;
    this.selectTranslation();
  }

  /**
   * Steps the guest past the instruction a trap stopped at (after the hypervisor emulated it):
   * the PC by its length and, inside an IT block, ITSTATE, as the instruction itself would.
   */
  skipInstruction(trap: HypTrap): void {
    this.pc = (trap.returnAddress + (trap.il ? 4 : 2)) >>> 0;
    const it = this.itstate;
    if (this.thumb && it !== 0) this.itstate = (it & 7) === 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
  }

  /** The IPA of the last stage-2 abort (HPFAR keeps only bits 39:12). */
  faultIpa = 0;

  /** HSR.IL of the instruction being executed: false for a 16-bit Thumb instruction. */
  get instructionIs32(): boolean {
    return !this.thumb || (this.pc - this.curPc) >>> 0 === 4;
  }

  /** Traps the instruction at curPc to Hyp mode with exception class `ec` and syndrome `iss`. */
  hypTrapInstruction(ec: number, iss: number): void {
    this.enterHyp(HypVector.TRAP, this.curPc, hsrValue(ec, this.instructionIs32, iss));
  }

  /** Exceptions from Non-secure PL0 go to Hyp mode (HCR.TGE). */
  private get routedByTge(): boolean {
    return this.mode === Mode.USR && (this.hcr & HCR.TGE) !== 0;
  }

  /** UNDEFINED instruction at curPc. Returns normally (the loop fetches the vector next). */
  undefinedInstruction(): void {
    if (this.mode === Mode.HYP) {
      this.enterHyp(HypVector.UNDEF, this.curPc, hsrValue(EC.UNKNOWN, true, 0));
      return;
    }
    if (this.routedByTge) {
      this.enterHyp(HypVector.TRAP, this.curPc, hsrValue(EC.UNKNOWN, true, 0));
      return;
    }
    this.takeException(Mode.UND, Vector.UNDEF, this.curPc + (this.thumb ? 2 : 4));
  }

  /**
   * Called on SVC before the exception is taken; returning true means the call was handled
   * natively (a Linux user-mode front end implementing system calls) and execution continues
   * after the SVC.
   */
  onSupervisorCall: ((cpu: ArmCpu) => boolean) | undefined;

  /** SVC #imm at curPc. */
  supervisorCall(imm = 0): void {
    if (this.onSupervisorCall?.(this)) return;
    const next = this.curPc + (this.thumb ? 2 : 4);
    if (this.mode === Mode.HYP || this.routedByTge) {
      const offset = this.mode === Mode.HYP ? HypVector.CALL : HypVector.TRAP;
      this.enterHyp(offset, next, hsrValue(EC.SVC, !this.thumb, imm & 0xffff));
      return;
    }
    this.takeException(Mode.SVC, Vector.SVC, next);
  }

  /** Data abort for `va` from stage 1 (or an alignment/external abort), and throws to stop the instruction. */
  dataAbort(va: number, kind: Fault, level: number, domain: number, write: boolean, lpae: boolean): never {
    if (this.mode === Mode.HYP || this.routedByTge) {
      this.hdfar = va >>> 0;
      const iss = (write ? 1 << 6 : 0) | longFsc(kind, level);
      const hyp = this.mode === Mode.HYP;
      this.enterHyp(
        hyp ? HypVector.DABT : HypVector.TRAP,
        this.curPc,
        hsrValue(hyp ? EC.DABT_HYP : EC.DABT_LOWER, true, iss),
      );
      throw GUEST_EXCEPTION;
    }
    this.dfsr = faultStatus(kind, level, domain, lpae) | (write ? 1 << 11 : 0);
    this.dfar = va >>> 0;
    this.takeException(Mode.ABT, Vector.DABT, this.curPc + 8);
    throw GUEST_EXCEPTION;
  }

  /** Prefetch abort for the instruction at `va` and throws. */
  prefetchAbort(va: number, kind: Fault, level: number, domain: number, lpae: boolean): never {
    if (this.mode === Mode.HYP || this.routedByTge) {
      this.hifar = va >>> 0;
      const hyp = this.mode === Mode.HYP;
      this.enterHyp(
        hyp ? HypVector.PABT : HypVector.TRAP,
        this.curPc,
        hsrValue(hyp ? EC.PABT_HYP : EC.PABT_LOWER, true, longFsc(kind, level)),
      );
      throw GUEST_EXCEPTION;
    }
    this.ifsr = faultStatus(kind, level, domain, lpae);
    this.ifar = va >>> 0;
    this.takeException(Mode.ABT, Vector.PABT, this.curPc + 4);
    throw GUEST_EXCEPTION;
  }

  /**
   * A stage-2 fault on the access to `va` (IPA `ipa`), or on the stage-1 table walk for it
   * (`s1ptw`): a Prefetch or Data Abort to Hyp mode with HPFAR and, for a single load/store of a
   * general-purpose register, the syndrome a hypervisor needs to emulate the access.
   */
  stage2Abort(va: number, ipa: number, kind: Fault, level: number, access: Access, s1ptw: boolean): never {
    this.faultIpa = ipa;
    this.hpfar = (Math.floor(ipa / 4096) * 16) >>> 0;
    const fsc = longFsc(kind, level) | (s1ptw ? 1 << 7 : 0);
    if (access === Access.EXEC) {
      this.hifar = va >>> 0;
      this.enterHyp(HypVector.TRAP, this.curPc, hsrValue(EC.PABT_LOWER, true, fsc));
      throw GUEST_EXCEPTION;
    }
    this.hdfar = va >>> 0;
    let iss = fsc | (access === Access.WRITE ? 1 << 6 : 0);
    let il = true;
    if (!s1ptw) {
      const syndrome = loadStoreSyndrome(this);
      if (syndrome !== 0) {
        iss |= syndrome;
        il = this.instructionIs32;
      }
    }
    this.enterHyp(HypVector.TRAP, this.curPc, hsrValue(EC.DABT_LOWER, il, iss));
    throw GUEST_EXCEPTION;
  }

  private interruptChanged(): void {
    this.exitReq = 1;
    this.halted = false;
  }

  /**
   * Whether an interrupt would wake the core from WFI: a physical IRQ/FIQ (masked or not), or in
   * a guest mode a virtual one that HCR routes (HCR.IMO/FMO/AMO with VI/VF/VA or the VIRQ/VFIQ inputs).
   */
  interruptPending(): boolean {
    if (this.irqLevel || this.fiqLevel) return true;
    if (this.mode === Mode.HYP) return false;
    const hcr = this.hcr;
    return (
      ((hcr & HCR.IMO) !== 0 && (this.virqLevel || (hcr & HCR.VI) !== 0)) ||
      ((hcr & HCR.FMO) !== 0 && (this.vfiqLevel || (hcr & HCR.VF) !== 0)) ||
      ((hcr & HCR.AMO) !== 0 && (hcr & HCR.VA) !== 0)
    );
  }

  /**
   * Takes a pending interrupt between instructions (ARM ARM B1.8.6, B1.14.?): a physical one
   * routed to Hyp mode by HCR.FMO/IMO (which the guest's CPSR cannot mask), else an unmasked
   * physical one to the current level, else in a guest a virtual FIQ, IRQ or abort.
   */
  private checkInterrupts(): boolean {
    const hyp = this.mode === Mode.HYP;
    const hcr = this.hcr;
    const masks = this.masks;
    if (this.fiqLevel) {
      if (hyp ? (masks & PSR.F) === 0 : (hcr & (HCR.FMO | HCR.TGE)) !== 0) {
        this.curPc = this.pc;
        this.enterHyp(HypVector.FIQ, this.pc, 0, "fiq");
        return true;
      }
      if (!hyp && (masks & PSR.F) === 0) {
        this.curPc = this.pc;
        this.takeException(Mode.FIQ, Vector.FIQ, this.pc + 4);
        return true;
      }
    }
    if (this.irqLevel) {
      if (hyp ? (masks & PSR.I) === 0 : (hcr & (HCR.IMO | HCR.TGE)) !== 0) {
        this.curPc = this.pc;
        this.enterHyp(HypVector.IRQ, this.pc, 0, "irq");
        return true;
      }
      if (!hyp && (masks & PSR.I) === 0) {
        this.curPc = this.pc;
        this.takeException(Mode.IRQ, Vector.IRQ, this.pc + 4);
        return true;
      }
    }
    if (hyp || (hcr & (HCR.FMO | HCR.IMO | HCR.AMO)) === 0) return false;
    if ((hcr & HCR.FMO) !== 0 && (this.vfiqLevel || (hcr & HCR.VF) !== 0) && (masks & PSR.F) === 0) {
      this.curPc = this.pc;
      this.takeException(Mode.FIQ, Vector.FIQ, this.pc + 4);
      return true;
    }
    if ((hcr & HCR.IMO) !== 0 && (this.virqLevel || (hcr & HCR.VI) !== 0) && (masks & PSR.I) === 0) {
      this.curPc = this.pc;
      this.takeException(Mode.IRQ, Vector.IRQ, this.pc + 4);
      return true;
    }
    if ((hcr & HCR.AMO) !== 0 && (hcr & HCR.VA) !== 0 && (masks & PSR.A) === 0) {
      // A virtual asynchronous abort: the guest sees an asynchronous external abort; taking it clears VA.
      this.hcr = hcr & ~HCR.VA;
      this.curPc = this.pc;
      this.dfsr = (this.ttbcr & (1 << 31)) !== 0 ? 0x211 : 0x406;
      this.takeException(Mode.ABT, Vector.DABT, this.pc + 8);
      return true;
    }
    return false;
  }

  // ---- SMC / HVC / WFI ----------------------------------------------------------------------------

  /** WFI: suspends unless an interrupt is pending; HCR.TWI traps one that would suspend. */
  waitForInterrupt(w = 0xe0000000): void {
    if (this.interruptPending()) return;
    if (this.mode !== Mode.HYP && (this.hcr & HCR.TWI) !== 0) {
      this.hypTrapInstruction(EC.WFI_WFE, condField(this, w));
      return;
    }
    this.halted = true;
    this.exitReq = 1;
  }

  /** WFE: consumes a pending event, else suspends (HCR.TWE traps it then). */
  waitForEvent(w = 0xe0000000): void {
    if (this.eventRegister) {
      this.eventRegister = false;
      return;
    }
    if (this.interruptPending()) return;
    if (this.mode !== Mode.HYP && (this.hcr & HCR.TWE) !== 0) {
      this.hypTrapInstruction(EC.WFI_WFE, condField(this, w) | 1);
      return;
    }
    this.halted = true;
    this.exitReq = 1;
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
        if (this.interruptPending()) this.halted = false;
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

  /** Drops every translation this core caches, in every context. */
  flushTlb(): void {
    for (const s of this.tlbSets) {
      s.priv.flush();
      s.user.flush();
      s.stage2.flush();
    }
    this.translationsDropped();
  }

  /** Drops one virtual page from every context of this core. */
  flushTlbPage(va: number): void {
    const vpage = va >>> 12;
    for (const s of this.tlbSets) {
      s.priv.flushPage(vpage);
      s.user.flushPage(vpage);
    }
    this.translationsDropped();
  }

  /** The current TLB set was flushed (by this core or another): cached fetch translations go too. */
  translationsDropped(): void {
    this.fetchPage = -1;
    this.tlbGeneration++;
  }

  /** Takes the write fast path away from a main-RAM page (it now holds compiled code). */
  revokeFastWrites(ramPage: number): void {
    for (const s of this.tlbSets) {
      s.priv.revokeFastWrites(ramPage);
      s.user.revokeFastWrites(ramPage);
    }
  }

  /** VTTBR.VMID: the tag of the PL1&0 regime's translations (also while stage 2 is off). */
  get vmid(): number {
    return (this.vttbrHi >>> 16) & 0xff;
  }

  /** The current ASID: CONTEXTIDR[7:0], or with LPAE the ASID field of TTBR0 or TTBR1 (TTBCR.A1). */
  get asid(): number {
    if ((this.ttbcr & (1 << 31)) === 0) return this.contextidr & 0xff;
    return (((this.ttbcr & (1 << 22)) !== 0 ? this.ttbr1Hi : this.ttbr0Hi) >>> 16) & 0xff;
  }

  /** TLBIALL for the PL1&0 regime of the current VMID, on every core (over-invalidating is allowed). */
  invalidateGuestTlb(): void {
    this.registry.flushVmid(this.vmid);
  }

  /** TLBIMVA / TLBIMVAA: one page of the current VMID, every ASID. */
  invalidateGuestPage(va: number): void {
    this.registry.flushVmidPage(this.vmid, va);
  }

  /** TLBIASID: the entries of one ASID of the current VMID. */
  invalidateGuestAsid(asid: number): void {
    this.registry.flushAsid(this.vmid, asid & 0xff);
  }

  /** Every PL1&0 translation of a VM, on every core (a native hypervisor changed its stage 2). */
  invalidateVmid(vmid: number): void {
    this.registry.flushVmid(vmid & 0xff);
  }

  /** TLBIALLNSNH: every PL1&0 translation, all VMIDs. */
  invalidateAllGuests(): void {
    this.registry.flushAllGuests();
  }

  /** TLBIALLH / TLBIMVAH: the Hyp regime's translations. */
  invalidateHypTlb(va?: number): void {
    if (va === undefined) this.registry.flushHyp();
    else this.registry.flushHypPage(va);
  }

  /** Call after writing a register translation depends on (SCTLR, TTBRs, TTBCR, DACR, HCR, VTTBR...). */
  regimeChanged(): void {
    this.selectTranslation();
  }

  /**
   * Makes the TLB set of the current context current: the Hyp regime's in Hyp mode, else the
   * PL1&0 regime's for (VMID, ASID). A set whose entries were made under other translation
   * registers is flushed first, so tables changed without TLB maintenance are still seen.
   */
  selectTranslation(): void {
    const hyp = this.mode === Mode.HYP;
    const vmid = hyp ? HYP_CONTEXT : this.vmid;
    const asid = hyp ? -1 : this.asid;
    let set = this.tlbSet;
    if (set.vmid !== vmid || set.asid !== asid) {
      set.owner = undefined;
      set = this.findTlbSet(vmid, asid);
      set.owner = this;
      this.tlbSet = set;
    }
    set.lastUse = ++this.useStamp;
    const sig = this.signature;
    if (hyp) {
      sig.fill(0);
      sig[0] = this.hsctlr & (SCTLR_M | SCTLR_WXN);
      sig[1] = this.htcr;
      sig[2] = this.httbrLo;
      sig[3] = this.httbrHi & 0xff;
    } else {
      sig[0] = this.ttbr0Lo;
      sig[1] = this.ttbr0Hi & 0xff;
      sig[2] = this.ttbr1Lo;
      sig[3] = this.ttbr1Hi & 0xff;
      sig[4] = this.ttbcr;
      sig[5] = this.sctlr & SCTLR_TRANSLATION;
      sig[6] = this.dacr;
      sig[7] = this.hcr & (HCR.VM | HCR.DC | HCR.TGE | HCR.PTW);
      sig[8] = this.vttbrLo;
      sig[9] = this.vttbrHi & 0xff;
      sig[10] = this.vtcr;
      sig[11] = 0;
    }
    const old = set.signature;
    for (let i = 0; i < SIGNATURE_WORDS; i++) {
      if (old[i] !== sig[i]) {
        set.priv.flush();
        set.user.flush();
        set.stage2.flush();
        old.set(sig);
        break;
      }
    }
    this.tlb = this.mode === Mode.USR ? set.user : set.priv;
    this.userTlb = set.user;
    this.translationsDropped();
  }

  /** The set for (vmid, asid): an existing one, an unused one, a new one, or the least recently used (flushed). */
  private findTlbSet(vmid: number, asid: number): TlbSet {
    let reuse: TlbSet | undefined;
    for (const s of this.tlbSets) {
      if (s.vmid === vmid && s.asid === asid) return s;
      if (reuse === undefined || s.vmid === NO_VMID || (reuse.vmid !== NO_VMID && s.lastUse < reuse.lastUse)) reuse = s;
    }
    const s =
      reuse !== undefined && (reuse.vmid === NO_VMID || this.tlbSets.length >= MAX_TLB_SETS) ? reuse : this.newTlbSet();
    s.priv.flush();
    s.user.flush();
    s.stage2.flush();
    s.vmid = vmid;
    s.asid = asid;
    s.signature.fill(-1);
    return s;
  }

  private newTlbSet(): TlbSet {
    const s = new TlbSet();
    this.tlbSets.push(s);
    this.registry.sets.push(s);
    return s;
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
   * Stage 1 of the PL1&0 regime for `va` into `out` (with stage 2 on, its table walk reads go
   * through stage 2). Returns the stage-2 fault on a table walk, if any (then `out` is not valid):
   * `stage1Memory` holds its kind, level and IPA.
   */
  walkStage1(va: number, out: WalkResult): boolean {
    if ((this.hcr & HCR.VM) === 0) {
      walk(this, this, va, out);
      return false;
    }
    const mem = this.stage1Memory;
    mem.begin();
    walk(this, mem, va, out);
    return mem.fault !== Fault.NONE;
  }

  /** Stage 1 of the Hyp regime (HSCTLR, HTCR, HTTBR) for `va` into `out`. */
  walkHyp(va: number, out: WalkResult): void {
    walk(this.hypRegime, this, va, out);
  }

  /**
   * Stage 2 for `ipa` into `out` (the caller checks `out.fault` and permissions); in a guest mode
   * through the current context's stage-2 cache.
   */
  walkStage2(ipa: number, out: Stage2Result): void {
    if (this.mode === Mode.HYP) {
      walkStage2(this, this, ipa, out);
      return;
    }
    const cache = this.tlbSet.stage2;
    const page = Math.floor(ipa / 4096);
    const i = page & Stage2Cache.MASK;
    let p: number;
    if (cache.tag[i] === page) {
      p = cache.perms[i];
      out.pa = cache.ppage[i] * 4096 + (ipa % 4096);
    } else {
      const block = Math.floor(page / 512);
      const j = block & Stage2Cache.BLOCK_MASK;
      if (cache.blockTag[j] === block) {
        p = cache.blockPerms[j];
        out.pa = cache.blockPpage[j] * 4096 + (ipa % 0x200000);
      } else {
        walkStage2(this, this, ipa, out);
        if (out.fault !== Fault.NONE) return;
        p = out.perms | (out.device ? Stage2Cache.DEVICE : 0);
        if (out.size >= 0x200000) {
          cache.blockTag[j] = block;
          cache.blockPpage[j] = Math.floor((out.pa - (ipa % 0x200000)) / 4096);
          cache.blockPerms[j] = p;
        } else {
          cache.tag[i] = page;
          cache.ppage[i] = Math.floor(out.pa / 4096);
          cache.perms[i] = p;
        }
      }
    }
    out.fault = Fault.NONE;
    out.perms = p & 0x3f;
    out.device = (p & Stage2Cache.DEVICE) !== 0;
  }

  /** Whether stage 1 of the PL1&0 regime translates (SCTLR.M, and neither HCR.DC nor HCR.TGE). */
  get stage1Enabled(): boolean {
    return (this.sctlr & SCTLR_M) !== 0 && (this.hcr & (HCR.DC | HCR.TGE)) === 0;
  }

  /**
   * Translates `va` for an access; raises the abort (and throws) on a fault. `user` forces a PL0
   * access (LDRT/STRT). Returns the physical address. Fills the TLB with the translation of both
   * stages (and the permissions both give).
   */
  translate(va: number, access: Access, user: boolean): number {
    va >>>= 0;
    const tlb = user ? this.userTlb : this.tlb;
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
    let pa: number;
    let perms: number;
    if (this.mode === Mode.HYP) {
      walk(this.hypRegime, this, va, res);
      if (res.fault !== Fault.NONE) this.translationFault(va, access, res.fault, res.level, 0, true);
      if ((res.perms & need) === 0) this.translationFault(va, access, Fault.PERMISSION, res.level, 0, true);
      pa = res.pa;
      perms = res.perms;
    } else {
      let ipa = va;
      perms = 0x3f;
      if (this.stage1Enabled) {
        if (this.walkStage1(va, res)) {
          const m = this.stage1Memory;
          this.stage2Abort(va, m.ipa, m.fault, m.level, access, true);
        }
        if (res.fault !== Fault.NONE) this.translationFault(va, access, res.fault, res.level, res.domain, res.lpae);
        if ((res.perms & need) === 0) {
          this.translationFault(va, access, Fault.PERMISSION, res.level, res.domain, res.lpae);
        }
        ipa = res.pa;
        perms = res.perms;
      }
      if ((this.hcr & HCR.VM) !== 0) {
        const s2 = this.s2Result;
        this.walkStage2(ipa, s2);
        if (s2.fault !== Fault.NONE) this.stage2Abort(va, ipa, s2.fault, s2.level, access, false);
        if ((s2.perms & need) === 0) this.stage2Abort(va, ipa, Fault.PERMISSION, s2.level, access, false);
        pa = s2.pa;
        perms &= s2.perms;
      } else pa = ipa;
    }
    const ppage = Math.floor(pa / 4096);
    tlb.tag[i] = vpage;
    tlb.ppage[i] = ppage;
    tlb.perm[i] = perms;
    tlb.fastR[i] = -1;
    tlb.fastW[i] = -1;
    tlb.fastX[i] = -1;
    const pageBase = ppage * 4096;
    if (pageBase >= this.mainBase && pageBase + 4096 <= this.mainEnd && !this.bigEndian) {
      tlb.hostOff[i] = pageBase - this.mainBase;
      const ro = pl0 ? Perm.PL0_R : Perm.PL1_R;
      const wo = pl0 ? Perm.PL0_W : Perm.PL1_W;
      const xo = pl0 ? Perm.PL0_X : Perm.PL1_X;
      if (perms & ro) tlb.fastR[i] = vpage;
      if (perms & wo && (this.jit === undefined || this.jit.pageHasCode[(pageBase - this.mainBase) >>> 12] === 0)) {
        tlb.fastW[i] = vpage;
      }
      if (perms & xo) tlb.fastX[i] = vpage;
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

  /** Reads instruction bytes at `va` without side effects (no abort, no TLB fill); undefined if unmapped. */
  peekInstruction(va: number, size: 2 | 4): number | undefined {
    const pa = this.peekTranslate(va >>> 0);
    if (pa === undefined) return undefined;
    if (pa >= this.mainBase && pa + size <= this.mainEnd) {
      const off = pa - this.mainBase;
      return size === 4 ? this.ram32[off >>> 2] : this.ram16[off >>> 1];
    }
    const v = this.bus.read(pa, size);
    return this.bus.status === BusStatus.Ok ? v | 0 : undefined;
  }

  private readonly peekResult = new WalkResult();
  private readonly peekS2 = new Stage2Result();

  private peekTranslate(va: number): number | undefined {
    const vpage = va >>> 12;
    const i = vpage & TLB_MASK;
    if (this.tlb.tag[i] === vpage) return this.tlb.ppage[i] * 4096 + (va & 0xfff);
    const res = this.peekResult;
    if (this.mode === Mode.HYP) {
      walk(this.hypRegime, this, va, res);
      return res.fault === Fault.NONE ? res.pa : undefined;
    }
    let ipa = va;
    if (this.stage1Enabled) {
      if (this.walkStage1(va, res) || res.fault !== Fault.NONE) return undefined;
      ipa = res.pa;
    }
    if ((this.hcr & HCR.VM) === 0) return ipa;
    walkStage2(this, this, ipa, this.peekS2);
    return this.peekS2.fault === Fault.NONE ? this.peekS2.pa : undefined;
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

const SCTLR_M = 1 << 0;
const SCTLR_WXN = 1 << 19;
/** SCTLR bits a stage-1 translation depends on: M, WXN, UWXN, TRE, AFE. */
const SCTLR_TRANSLATION = SCTLR_M | SCTLR_WXN | (1 << 20) | (1 << 28) | (1 << 29);
/** HCPTR bits that read as one (TCP0-9, bits 12-13: coprocessors the A15 does not have). */
const HCPTR_RES1 = 0x000033ff;
/** HSCTLR at reset (A15 TRM): MMU, caches and alignment checks off, ARM and little-endian exception entry. */
const HSCTLR_RESET = 0x30c50818;

/** The long-descriptor fault status code HSR reports for a fault. */
function longFsc(kind: Fault, level: number): number {
  return faultStatus(kind, level, 0, true) & 0x3f;
}

/** Memory for stage-1 walks under stage 2: each descriptor address is an IPA stage 2 translates first. */
export class Stage1Memory implements WalkMemory {
  walkOk = true;
  /** The stage-2 fault that stopped the walk (sticky until `begin`), its level and the descriptor's IPA. */
  fault: Fault = Fault.NONE;
  level = 0;
  ipa = 0;
  private readonly result = new Stage2Result();

  constructor(private readonly cpu: ArmCpu) {}

  begin(): void {
    this.fault = Fault.NONE;
    this.walkOk = true;
  }

  readPhys32(ipa: number): number {
    if (this.fault !== Fault.NONE) return 0;
    const cpu = this.cpu;
    const r = this.result;
    cpu.walkStage2(ipa, r);
    let kind: Fault = r.fault;
    // Table walks read: they need stage-2 read permission, and HCR.PTW forbids Device memory.
    if (kind === Fault.NONE && ((r.perms & Perm.PL1_R) === 0 || (r.device && (cpu.hcr & HCR.PTW) !== 0))) {
      kind = Fault.PERMISSION;
    }
    if (kind !== Fault.NONE) {
      this.fault = kind;
      this.level = r.level;
      this.ipa = ipa;
      this.walkOk = false;
      return 0;
    }
    const v = cpu.readPhys32(r.pa);
    this.walkOk = cpu.walkOk;
    return v;
  }
}

/** The Hyp regime's stage-1 registers (HSCTLR, HTCR, HTTBR) as a TranslationRegime for `walk`. */
class HypRegime implements TranslationRegime {
  readonly hyp = true;
  readonly dacr = 0;
  readonly ttbr1Lo = 0;
  readonly ttbr1Hi = 0;
  constructor(private readonly cpu: ArmCpu) {}
  get sctlr(): number {
    return this.cpu.hsctlr;
  }
  /** Always the long-descriptor format, T0SZ from HTCR. */
  get ttbcr(): number {
    return 0x80000000 | (this.cpu.htcr & 7);
  }
  get ttbr0Lo(): number {
    return this.cpu.httbrLo;
  }
  get ttbr0Hi(): number {
    return this.cpu.httbrHi;
  }
}
