// @xena/arch-timer: not implemented yet (see README.md). Intentionally exports nothing.
export {};
