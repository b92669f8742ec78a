import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeParams, encodeParams, ParamsCodecError } from '../../src/model/params-codec.js';

describe('params codec', () => {
  it('GIVEN nested params with typed arrays THEN they round-trip bit-exactly with their kinds', () => {
    const embeddings = new Float32Array([0.1, -2.5, Math.fround(1 / 3), Number.NaN]);
    const params = {
      dim: 2,
      alpha: 0.25,
      memberIds: ['11', '12'],
      tables: { member: embeddings, index: new Int32Array([-1, 5, 7]), bytes: new Uint8Array([1, 2, 3]) },
      flags: [true, false, null],
      temperature: Number.POSITIVE_INFINITY,
      bias: -0,
      list: [new Float64Array([Math.PI])],
    };
    const decoded = decodeParams(encodeParams(params)) as typeof params;
    expect(decoded.tables.member).toBeInstanceOf(Float32Array);
    expect(Buffer.from(decoded.tables.member.buffer)).toEqual(Buffer.from(embeddings.buffer));
    expect(decoded.tables.index).toEqual(new Int32Array([-1, 5, 7]));
    expect(decoded.tables.bytes).toEqual(new Uint8Array([1, 2, 3]));
    expect(decoded.list[0]).toEqual(new Float64Array([Math.PI]));
    expect(Object.is(decoded.bias, -0)).toBe(true);
    expect(decoded).toMatchObject({ dim: 2, alpha: 0.25, memberIds: ['11', '12'], flags: [true, false, null], temperature: Infinity });
  });

  it('GIVEN a large embedding table THEN the blob is its binary size plus a small header, not JSON text', () => {
    const table = new Float32Array(64 * 1000).map((_, i) => Math.sin(i));
    const blob = encodeParams({ table });
    expect(blob.length).toBeLessThan(table.byteLength + 128);
    expect(JSON.stringify(Array.from(table)).length).toBeGreaterThan(blob.length * 3);
  });

  it('GIVEN a typed array that is a view into a larger buffer THEN only the view is stored', () => {
    const backing = new Float32Array([9, 9, 1, 2, 9]);
    const decoded = decodeParams(encodeParams({ v: backing.subarray(2, 4) })) as { v: Float32Array };
    expect(decoded.v).toEqual(new Float32Array([1, 2]));
  });

  it('GIVEN a blob read back at an odd offset (as from SQLite) THEN it still decodes', () => {
    const blob = encodeParams({ v: new Float64Array([1.5, 2.5]) });
    const shifted = Buffer.alloc(blob.length + 3);
    blob.copy(shifted, 3);
    expect((decodeParams(shifted.subarray(3)) as { v: Float64Array }).v).toEqual(new Float64Array([1.5, 2.5]));
  });

  it.each([
    ['a function', { f: () => 1 }],
    ['a Map', { m: new Map() }],
    ['a reserved key', { $typed: 'x' }],
    ['a bigint', { n: 1n }],
  ])('GIVEN %s THEN encoding refuses it', (_name, params) => {
    expect(() => encodeParams(params)).toThrow(ParamsCodecError);
  });

  it('GIVEN bytes that are not a params blob THEN decoding says so', () => {
    expect(() => decodeParams(Buffer.from('[1,2,3]'))).toThrow(/not an attune params blob/);
    const blob = encodeParams({ v: new Float32Array(8) });
    expect(() => decodeParams(blob.subarray(0, blob.length - 4))).toThrow(/truncated/);
  });

  it('GIVEN any JSON-like value with float32 arrays THEN decode(encode(x)) equals x', () => {
    const leaf = fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true }), fc.float32Array());
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node')), fc.dictionary(fc.string().filter((k) => !k.startsWith('$') && k !== '__proto__'), tie('node'))),
    })).node;
    fc.assert(
      fc.property(value, (x) => {
        expect(decodeParams(encodeParams(x))).toEqual(x);
      }),
      { numRuns: 200 },
    );
  });
});
