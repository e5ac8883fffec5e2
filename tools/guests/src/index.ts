export { GuestFetchError } from "./apt.js";
export { busyboxPath, cacheDir, type GuestManifest, kernelDtb, loadManifest, manifestPath, repoRoot } from "./cache.js";
export { fetchGuests } from "./fetch.js";
