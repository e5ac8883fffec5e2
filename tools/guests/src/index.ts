export { GuestFetchError } from "./apt.js";
export { busyboxPath, cacheDir, type GuestManifest, kernelDtb, loadManifest, manifestPath, repoRoot } from "./cache.js";
export { type CpioEntry, writeCpio } from "./cpio.js";
export { fetchGuests } from "./fetch.js";
export { buildInitramfs, type InitramfsOptions, initScript, moduleDepends, resolveModules } from "./initramfs.js";
