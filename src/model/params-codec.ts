/**
 * A compact, self-describing binary encoding for a RankingMethod's learned parameters, stored in the registry.
 *
 * Parameters are plain values whose bulk is typed arrays (embeddings, weights). JSON would turn a 64-dim embedding
 * table into text about 3× its size and lose float32 bit-exactness on the way back, so the encoding is:
 *
 *   "ATPM" | version u8 | 3 zero bytes | header length u32 LE | header (UTF-8 JSON) | zero padding to 8 |
 *   typed-array bodies, each starting on an 8-byte boundary, little-endian
 *
 * The header is the parameter value with every typed array replaced by `{"$typed": kind, "offset", "length"}`
 * (offset in bytes from the start of the body section) and NaN, ±Infinity and -0 by `{"$number": "NaN" | …}`.
 */
import { endianness } from 'node:os';

const MAGIC = 'ATPM';
const VERSION = 1;
const PREFIX_BYTES = 12;
const ALIGN = 8;
const TYPED_KEY = '$typed';
const NUMBER_KEY = '$number';

const TYPED_ARRAYS = {
  Float32Array,
  Float64Array,
  Int8Array,
  Int16Array,
  Int32Array,
  Uint8Array,
  Uint8ClampedArray,
  Uint16Array,
  Uint32Array,
} as const;
type TypedKind = keyof typeof TYPED_ARRAYS;
type AnyTypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedKind]>;

export class ParamsCodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParamsCodecError';
  }
}

function assertLittleEndian(): void {
  // Typed arrays use the platform's byte order; every platform Node ships for is little-endian, so refuse rather
  // than write bytes another machine would misread.
  if (endianness() !== 'LE') throw new ParamsCodecError('params encoding requires a little-endian platform');
}

function typedKind(value: object): TypedKind | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  const name = value.constructor.name;
  if (name in TYPED_ARRAYS) return name as TypedKind;
  throw new ParamsCodecError(`unsupported typed array ${name} in params`);
}

const align = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

/** Encodes plain parameters (objects, arrays, strings, numbers, booleans, null, typed arrays). */
export function encodeParams(params: unknown): Buffer {
  assertLittleEndian();
  const bodies: { offset: number; bytes: Uint8Array }[] = [];
  let bodyLength = 0;
  const toHeader = (value: unknown, path: string): unknown => {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') {
      // JSON has no NaN, ±Infinity or -0; they are spelled out so a decoded value is the encoded one.
      return Number.isFinite(value) && !Object.is(value, -0) ? value : { [NUMBER_KEY]: Object.is(value, -0) ? '-0' : String(value) };
    }
    if (typeof value !== 'object') throw new ParamsCodecError(`params${path} is a ${typeof value}; only plain values can be stored`);
    const kind = typedKind(value);
    if (kind) {
      const array = value as AnyTypedArray;
      const offset = bodyLength;
      bodies.push({ offset, bytes: new Uint8Array(array.buffer, array.byteOffset, array.byteLength) });
      bodyLength = align(offset + array.byteLength);
      return { [TYPED_KEY]: kind, offset, length: array.length };
    }
    if (Array.isArray(value)) return value.map((item, i) => toHeader(item, `${path}[${i}]`));
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) {
      throw new ParamsCodecError(`params${path} is a ${(value as object).constructor.name}; only plain objects can be stored`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (key === TYPED_KEY || key === NUMBER_KEY) throw new ParamsCodecError(`params${path} uses the reserved key ${key}`);
      if (item === undefined) continue;
      out[key] = toHeader(item, `${path}.${key}`);
    }
    return out;
  };
  const header = Buffer.from(JSON.stringify(toHeader(params, '')), 'utf8');
  const bodyStart = align(PREFIX_BYTES + header.length);
  const out = Buffer.alloc(bodyStart + bodyLength);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt8(VERSION, 4);
  out.writeUInt32LE(header.length, 8);
  header.copy(out, PREFIX_BYTES);
  for (const { offset, bytes } of bodies) out.set(bytes, bodyStart + offset);
  return out;
}

/** Decodes what `encodeParams` wrote; typed arrays come back as fresh, aligned copies of the same kind. */
export function decodeParams(encoded: Uint8Array): unknown {
  assertLittleEndian();
  const buffer = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  if (buffer.length < PREFIX_BYTES || buffer.toString('latin1', 0, 4) !== MAGIC) {
    throw new ParamsCodecError('not an attune params blob');
  }
  const version = buffer.readUInt8(4);
  if (version !== VERSION) throw new ParamsCodecError(`params blob version ${version} is not supported (expected ${VERSION})`);
  const headerLength = buffer.readUInt32LE(8);
  if (PREFIX_BYTES + headerLength > buffer.length) throw new ParamsCodecError('params blob is truncated');
  const header: unknown = JSON.parse(buffer.toString('utf8', PREFIX_BYTES, PREFIX_BYTES + headerLength));
  const bodyStart = align(PREFIX_BYTES + headerLength);
  const fromHeader = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(fromHeader);
    const record = value as Record<string, unknown>;
    const kind = record[TYPED_KEY];
    if (typeof kind === 'string') {
      if (!(kind in TYPED_ARRAYS)) throw new ParamsCodecError(`unknown typed array ${kind} in params blob`);
      const Ctor = TYPED_ARRAYS[kind as TypedKind];
      const { offset, length } = record as { offset: number; length: number };
      const array = new Ctor(length);
      const start = bodyStart + offset;
      if (start + array.byteLength > buffer.length) throw new ParamsCodecError('params blob is truncated');
      new Uint8Array(array.buffer).set(buffer.subarray(start, start + array.byteLength));
      return array;
    }
    const number = record[NUMBER_KEY];
    if (typeof number === 'string') return Number(number);
    return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, fromHeader(item)]));
  };
  return fromHeader(header);
}
