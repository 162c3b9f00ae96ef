import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFieldCrypto, parseDataKey } from './fieldCrypto.js';

describe('field encryption', () => {
  const fc = createFieldCrypto(crypto.randomBytes(32));

  it('decrypts what it encrypted, with a fresh nonce for every value, across many draws of the random source', () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3_000; i++) {
      const plain = `51013119${String(i).padStart(10, '0')}`;
      const sealed = fc.encrypt(plain);
      expect(fc.decrypt(sealed)).toBe(plain);
      nonces.add(sealed.subarray(0, 12).toString('hex'));
    }
    expect(nonces.size).toBe(3_000);
    expect(fc.encrypt('11010519491231002X').equals(fc.encrypt('11010519491231002X'))).toBe(false);
  });

  it('refuses a tampered value and another key', () => {
    const sealed = fc.encrypt('13900000000');
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => fc.decrypt(tampered)).toThrow();
    expect(() => createFieldCrypto(crypto.randomBytes(32)).decrypt(sealed)).toThrow();
  });

  it('gives one blind index per normalised value and kind', () => {
    expect(fc.blindIndex('id', ' 11010519491231002x ').equals(fc.blindIndex('id', '11010519491231002X'))).toBe(true);
    expect(fc.blindIndex('id', '13900000000').equals(fc.blindIndex('phone', '13900000000'))).toBe(false);
  });

  it('reads a key as hex or base64 and refuses other lengths', () => {
    const key = crypto.randomBytes(32);
    expect(parseDataKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseDataKey(key.toString('base64')).equals(key)).toBe(true);
    expect(() => parseDataKey('abcd')).toThrow(/32/);
  });
});
