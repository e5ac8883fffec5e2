// The platform profiles a user can pick with -M. A profile is listed here once its package can
// build a machine; until then it says which issue brings it.
export interface PlatformProfile {
  readonly name: string;
  readonly description: string;
  /** Undefined when the profile can run; otherwise why not yet. */
  readonly unavailable?: string;
}

export const PLATFORMS: readonly PlatformProfile[] = [
  {
    name: "virt",
    description: "minimal 32-bit virt machine (QEMU-compatible map, generated DT, virtio-mmio)",
  },
  {
    name: "vexpress",
    description: "Versatile Express V2P-CA15 + V2M-P1, real vexpress-v2p-ca15-tc1.dtb",
    unavailable: "not implemented yet (planned after platform-virt)",
  },
];
