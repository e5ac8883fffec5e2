// @xena/xen-core: not implemented yet (see README.md). Intentionally exports nothing.
export {};
