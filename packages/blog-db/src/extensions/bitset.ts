import type { Extension } from "@quire/db";

type SqlValue = number | bigint | string | Buffer | null;

/**
 * Bitsets as little-endian BLOBs (bit i lives in byte i >> 3, mask 1 << (i & 7)), so a post can
 * carry any number of tags: the "bitmap" strategy of "A Tour of Tagging Schemas" beyond 64 tags.
 * NULL and the empty BLOB are the empty set; results are trimmed of trailing zero bytes (and the
 * empty set is NULL), so two equal sets are equal BLOBs.
 */
const EMPTY = Buffer.alloc(0);

function asBits(value: SqlValue): Buffer {
  return Buffer.isBuffer(value) ? value : EMPTY;
}

function asIndex(value: SqlValue, fn: string): number | null {
  if (value === null) return null;
  const n = typeof value === "bigint" ? Number(value) : Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 1_000_000)
    throw new Error(`${fn}: bit must be an integer from 0 to 1000000`);
  return n;
}

function trim(bits: Buffer): Buffer | null {
  let end = bits.length;
  while (end > 0 && bits[end - 1] === 0) end--;
  return end === 0 ? null : end === bits.length ? bits : bits.subarray(0, end);
}

/** A bitset with the given bits set (JS side; the same bytes `bitset_agg` builds in SQL). */
export function bitsetOf(indexes: Iterable<number>): Buffer | null {
  const list = [...indexes];
  if (list.length === 0) return null;
  const out = Buffer.alloc((Math.max(...list) >> 3) + 1);
  for (const i of list) out[i >> 3]! |= 1 << (i & 7);
  return trim(out);
}

/** The bits set in a bitset BLOB (for tests and debugging). */
export function bitsetIndexes(bits: Buffer | null | undefined): number[] {
  const out: number[] = [];
  if (!bits) return out;
  for (let byte = 0; byte < bits.length; byte++) {
    for (let b = 0; b < 8; b++) if (bits[byte]! & (1 << b)) out.push(byte * 8 + b);
  }
  return out;
}

function withBit(bits: Buffer, i: number, on: boolean): Buffer | null {
  const byte = i >> 3;
  if (!on && byte >= bits.length) return trim(bits);
  const out = Buffer.alloc(Math.max(bits.length, byte + 1));
  bits.copy(out);
  if (on) out[byte]! |= 1 << (i & 7);
  else out[byte]! &= ~(1 << (i & 7));
  return trim(out);
}

/** (bits & mask) == mask */
function containsAll(bits: Buffer, mask: Buffer): boolean {
  for (let i = 0; i < mask.length; i++) {
    const m = mask[i]!;
    if (m !== 0 && ((i < bits.length ? bits[i]! : 0) & m) !== m) return false;
  }
  return true;
}

/** (bits & mask) != 0 */
function intersects(bits: Buffer, mask: Buffer): boolean {
  const n = Math.min(bits.length, mask.length);
  for (let i = 0; i < n; i++) if ((bits[i]! & mask[i]!) !== 0) return true;
  return false;
}

export const bitsetExtensions: Extension[] = [
  {
    kind: "function",
    name: "bitset_set",
    deterministic: true,
    fn: (bits, i) => {
      const n = asIndex(i, "bitset_set");
      return n === null ? trim(asBits(bits)) : withBit(asBits(bits), n, true);
    },
  },
  {
    kind: "function",
    name: "bitset_clear",
    deterministic: true,
    fn: (bits, i) => {
      const n = asIndex(i, "bitset_clear");
      return n === null ? trim(asBits(bits)) : withBit(asBits(bits), n, false);
    },
  },
  {
    kind: "function",
    name: "bitset_has",
    deterministic: true,
    fn: (bits, i) => {
      const n = asIndex(i, "bitset_has");
      if (n === null) return null;
      const b = asBits(bits);
      return n >> 3 < b.length && b[n >> 3]! & (1 << (n & 7)) ? 1 : 0;
    },
  },
  /** bitset_all(bits, mask): every bit of mask is set in bits (an empty mask matches everything). */
  {
    kind: "function",
    name: "bitset_all",
    deterministic: true,
    fn: (bits, mask) => (containsAll(asBits(bits), asBits(mask)) ? 1 : 0),
  },
  /** bitset_any(bits, mask): at least one bit of mask is set in bits. */
  {
    kind: "function",
    name: "bitset_any",
    deterministic: true,
    fn: (bits, mask) => (intersects(asBits(bits), asBits(mask)) ? 1 : 0),
  },
  /** bitset_none(bits, mask): no bit of mask is set in bits. */
  {
    kind: "function",
    name: "bitset_none",
    deterministic: true,
    fn: (bits, mask) => (intersects(asBits(bits), asBits(mask)) ? 0 : 1),
  },
  {
    kind: "function",
    name: "bitset_count",
    deterministic: true,
    fn: (bits) => {
      let n = 0;
      for (const byte of asBits(bits)) for (let v = byte; v; v &= v - 1) n++;
      return n;
    },
  },
  /** bitset_agg(i): the set of the bit indexes of a group (NULLs skipped). */
  {
    kind: "aggregate",
    name: "bitset_agg",
    options: {
      start: () => [] as number[],
      step: (acc: unknown, i: SqlValue) => {
        const n = asIndex(i, "bitset_agg");
        if (n !== null) (acc as number[]).push(n);
        return acc;
      },
      result: (acc: unknown) => bitsetOf(acc as number[]),
    },
  },
];
