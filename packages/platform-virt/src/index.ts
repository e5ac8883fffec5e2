// @xena/platform-virt: not implemented yet (see README.md). Intentionally exports nothing.
export {};
