// @xena/pv-netblk: not implemented yet (see README.md). Intentionally exports nothing.
export {};
