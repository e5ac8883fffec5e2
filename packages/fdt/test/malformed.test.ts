import { describe, expect, it } from "vitest";
import { FdtError, FdtWriter, parseDtb } from "../src/index.js";

function valid(): Uint8Array {
  const w = new FdtWriter();
  const r = w.beginNode("");
  w.propertyString("compatible", "test");
  const n = w.beginNode("node@1");
  w.propertyU32s("reg", [1, 2]);
  w.endNode(n);
  w.endNode(r);
  return w.finish();
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

function expectCode(blob: Uint8Array, code: string, message?: RegExp): void {
  try {
    parseDtb(blob);
  } catch (e) {
    expect(e).toBeInstanceOf(FdtError);
    expect((e as FdtError).code).toBe(code);
    if (message) expect((e as FdtError).message).toMatch(message);
    return;
  }
  throw new Error(`expected FdtError ${code}`);
}

describe("malformed DTBs", () => {
  it("bad magic", () => {
    const b = valid();
    b[0] = 0;
    expectCode(b, "bad-magic", /bad magic 0xdfeed, expected 0xd00dfeed/);
    expectCode(new Uint8Array(0), "truncated");
  });

  it("truncated blob and header", () => {
    const b = valid();
    expectCode(b.slice(0, b.length - 1), "truncated", /header says \d+ bytes/);
    expectCode(b.slice(0, 20), "truncated");
  });

  it("unsupported version", () => {
    const b = valid();
    view(b).setUint32(20, 1);
    expectCode(b, "bad-version");
  });

  it("block offsets outside the blob", () => {
    for (const field of [8, 12, 16]) {
      const b = valid();
      view(b).setUint32(field, 0xfffffff0);
      expectCode(b, "bad-offset");
    }
    const b = valid();
    view(b).setUint32(36, 0x100000); // struct size
    expectCode(b, "bad-offset");
  });

  it("unterminated strings: a property name running off the strings block, a node name off the struct block", () => {
    const b = valid();
    const h = view(b);
    // Drop the final NUL of the strings block by shrinking it by one byte.
    h.setUint32(32, h.getUint32(32) - 1);
    expectCode(b, "unterminated-string", /property name/);

    // A struct block that ends in the middle of a node name.
    const w = new FdtWriter();
    const r = w.beginNode("");
    const n = w.beginNode("averyveryverylongname");
    w.endNode(n);
    w.endNode(r);
    const c = w.finish();
    view(c).setUint32(36, 4 + 4 + 4 + 8); // root BEGIN + name pad + child BEGIN + 8 name bytes
    expectCode(c, "unterminated-string", /node name/);
  });

  it("property name offsets and lengths out of range", () => {
    const b = valid();
    const structOff = view(b).getUint32(8);
    // root: BEGIN_NODE(4) + "\0" padded(4), then PROP, len, nameoff
    view(b).setUint32(structOff + 16, 0x7fff);
    expectCode(b, "bad-offset", /name offset/);
    const c = valid();
    view(c).setUint32(structOff + 12, 0x7fffffff);
    expectCode(c, "truncated", /property value/);
  });

  it("unknown tokens and broken nesting", () => {
    const b = valid();
    const structOff = view(b).getUint32(8);
    view(b).setUint32(structOff, 7);
    expectCode(b, "bad-token", /unknown token 0x7/);
    const c = valid();
    const size = view(c).getUint32(36);
    // Replace the last END_NODE (before END) with NOP: the root never closes.
    view(c).setUint32(structOff + size - 8, 4);
    expectCode(c, "bad-structure", /still open/);
    const d = valid();
    view(d).setUint32(structOff, 2); // END_NODE first
    expectCode(d, "bad-structure");
  });

  it("no memory-reservation terminator", () => {
    const b = valid();
    view(b).setUint32(16, view(b).getUint32(4) - 8);
    expectCode(b, "truncated", /no terminating entry/);
  });

  it("random corruption only ever yields FdtError", () => {
    const base = valid();
    let seed = 0x9e3779b9;
    const rand = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return seed >>> 0;
    };
    let errors = 0;
    for (let i = 0; i < 20000; i++) {
      const b = base.slice(0, rand() % 8 === 0 ? rand() % base.length : base.length);
      for (let k = 0; k <= rand() % 4; k++) if (b.length > 0) b[rand() % b.length] = rand() & 0xff;
      try {
        parseDtb(b);
      } catch (e) {
        if (!(e instanceof FdtError)) throw e;
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(1000);
  });
});
