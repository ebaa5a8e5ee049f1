import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeIdFromFileName, encodeIdForFileName } from '../../src/store/file-names.js';

const SAFE_NAME = /^(?:[a-z0-9._~-]|\^[a-z]|%[0-9A-F]{2})+$/;

describe('encodeIdForFileName', () => {
  it('keeps plain ids readable', () => {
    expect(encodeIdForFileName('order-1_b.2')).toBe('order-1_b.2');
    expect(encodeIdForFileName('Order')).toBe('^order');
  });

  it.each([
    ['../x', '%2E.%2Fx'],
    ['/etc/passwd', '%2Fetc%2Fpasswd'],
    ['a\0b', 'a%00b'],
    ['.', '%2E'],
    ['~', '%7E'],
  ])('turns %j into a plain file name', (id, name) => {
    expect(encodeIdForFileName(id)).toBe(name);
    expect(decodeIdFromFileName(name)).toBe(id);
  });

  it('round-trips any well-formed id of ordinary length to a safe name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }), (id) => {
        const name = encodeIdForFileName(id);
        expect(name).toMatch(SAFE_NAME);
        expect(name.startsWith('.')).toBe(false);
        expect(decodeIdFromFileName(name)).toBe(id);
      }),
    );
  });

  it('never maps two ids to names that differ only in case', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ minLength: 1, maxLength: 12 }), (a, b) => {
        fc.pre(a !== b);
        expect(encodeIdForFileName(a).toLowerCase()).not.toBe(encodeIdForFileName(b).toLowerCase());
      }),
    );
  });

  it('hashes very long ids into short, distinct, one-way names', () => {
    const a = 'x'.repeat(5000);
    const b = `${'x'.repeat(4999)}y`;

    const [na, nb] = [encodeIdForFileName(a), encodeIdForFileName(b)];

    expect(na).not.toBe(nb);
    expect(na.length).toBeLessThanOrEqual(160);
    expect(na).toMatch(SAFE_NAME);
    expect(decodeIdFromFileName(na)).toBeUndefined();
  });

  it('keeps ids with lone surrogates apart, which UTF-8 alone would merge', () => {
    expect(encodeIdForFileName('a\uD800')).not.toBe(encodeIdForFileName('a\uDBFF'));
  });

  it('rejects an empty id', () => {
    expect(() => encodeIdForFileName('')).toThrow(/empty id/);
  });

  it('decodes no foreign names', () => {
    expect(decodeIdFromFileName('ABC')).toBeUndefined();
    expect(decodeIdFromFileName('%zz')).toBeUndefined();
    expect(decodeIdFromFileName('%2e')).toBeUndefined();
  });
});
