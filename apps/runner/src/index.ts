export { runCli } from "./main.js";
export { PLATFORMS, type PlatformProfile } from "./platforms.js";
