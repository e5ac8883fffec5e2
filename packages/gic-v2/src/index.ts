// @xena/gic-v2: not implemented yet (see README.md). Intentionally exports nothing.
export {};
