import { randomBytes } from 'node:crypto';
import { USER_CODE_ALPHABET, USER_CODE_LENGTH } from '@lanxang/contracts';

/**
 * The largest multiple of the alphabet size that fits in a byte (240 for 20 letters). A byte at
 * or above it is thrown away: `byte % 20` over 0..239 hits every letter exactly 12 times, so no
 * letter is likelier than another (a plain `% 20` over 0..255 would favour the first 16).
 */
const ACCEPT_BELOW = 256 - (256 % USER_CODE_ALPHABET.length);

/** 8 letters from BCDFGHJKLMNPQRSTVWXZ by rejection sampling: 20^8 ≈ 2^34.6 equally likely codes. */
export function newUserCode(random: (size: number) => Buffer = randomBytes): string {
  let code = '';
  while (code.length < USER_CODE_LENGTH) {
    for (const byte of random(USER_CODE_LENGTH)) {
      if (byte >= ACCEPT_BELOW) continue;
      code += USER_CODE_ALPHABET[byte % USER_CODE_ALPHABET.length];
      if (code.length === USER_CODE_LENGTH) break;
    }
  }
  return code;
}
