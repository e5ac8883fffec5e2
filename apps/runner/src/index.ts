export { runCli } from "./main.js";
export { PLATFORMS, type PlatformProfile } from "./platforms.js";
export { type GuestIo, runUser, USER_HELP } from "./user.js";
