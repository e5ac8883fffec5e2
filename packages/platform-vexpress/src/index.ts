// @xena/platform-vexpress: not implemented yet (see README.md). Intentionally exports nothing.
export {};
