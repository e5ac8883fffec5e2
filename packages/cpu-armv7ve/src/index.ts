// @xena/cpu-armv7ve: not implemented yet (see README.md). Intentionally exports nothing.
export {};
