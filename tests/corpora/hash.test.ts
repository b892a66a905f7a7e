import { describe, expect, it } from 'vitest';
import { hashText } from '../../corpora/hash.js';

describe('hashText', () => {
  it('is the hex sha256 of the UTF-8 bytes (values from Python hashlib)', () => {
    expect(hashText('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hashText('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashText('café 信息\n')).toBe('7a4aa0e3552e59d507f6a8511b3a1bd4a39181d4fff8df2bda3dbcbfecc37edf');
  });
});
