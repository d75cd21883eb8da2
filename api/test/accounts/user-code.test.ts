import { USER_CODE_ALPHABET, UserCodeSchema, formatUserCode } from '@lanxang/contracts';
import { describe, expect, it } from 'vitest';
import { newUserCode } from '../../src/modules/accounts/user-code.js';

describe('user codes', () => {
  it('are 8 letters from BCDFGHJKLMNPQRSTVWXZ, shown as XXXX-XXXX', () => {
    expect(USER_CODE_ALPHABET).toBe('BCDFGHJKLMNPQRSTVWXZ');
    for (let i = 0; i < 2000; i += 1) {
      const code = newUserCode();
      expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
      expect(formatUserCode(code)).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    }
    // 20^8 codes, about 34.6 bits.
    expect(Math.log2(USER_CODE_ALPHABET.length ** 8)).toBeGreaterThan(34.5);
  });

  it('throw away the bytes that would bias the letters (rejection sampling)', () => {
    // Bytes 240..255 are rejected: a source giving only those, then zeros, yields all Bs.
    let call = 0;
    const biasedThenZero = (size: number) => Buffer.alloc(size, call++ === 0 ? 250 : 0);
    expect(newUserCode(biasedThenZero)).toBe('BBBBBBBB');

    // Every accepted byte value 0..239, once each: every letter comes out exactly 12 times.
    const bytes = Array.from({ length: 256 }, (_, value) => value);
    let offset = 0;
    const everyByteOnce = (size: number) => {
      const chunk = Buffer.from(bytes.slice(offset, offset + size));
      offset += size;
      return chunk;
    };
    const letters: string[] = [];
    while (offset < 240) letters.push(...newUserCode(everyByteOnce));
    const counts = new Map<string, number>();
    for (const letter of letters) counts.set(letter, (counts.get(letter) ?? 0) + 1);
    expect([...counts.keys()].sort().join('')).toBe([...USER_CODE_ALPHABET].sort().join(''));
    expect(new Set(counts.values())).toEqual(new Set([12]));
  });

  it('are read in any case, ignoring dashes and spaces', () => {
    expect(UserCodeSchema.parse(' bcdf-ghjk ')).toBe('BCDFGHJK');
    expect(UserCodeSchema.parse('Bc Df gH-jK')).toBe('BCDFGHJK');
    expect(UserCodeSchema.safeParse('BCDF-GHJ').success).toBe(false);
  });
});
