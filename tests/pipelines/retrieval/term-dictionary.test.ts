import { describe, expect, it } from 'vitest';
import { TermDictionary } from '../../../pipelines/retrieval/term-dictionary.js';

describe('TermDictionary', () => {
  it('gives ids in order of first lookup, the same by range and by string, across growth', () => {
    const dictionary = new TermDictionary();
    const terms = Array.from({ length: 20_000 }, (_, i) => `t${i.toString(36)}`);
    terms.push('', 'é', '信息', 'x'.repeat(300));
    terms.forEach((term, id) => expect(dictionary.idOf(term)).toBe(id));
    const text = ` ${terms.join(' ')} `;
    let at = 1;
    terms.forEach((term, id) => {
      expect(dictionary.idOfRange(text, at, at + term.length)).toBe(id);
      at += term.length + 1;
    });
    expect(dictionary.size).toBe(terms.length);
    expect([...dictionary.toMap()]).toEqual(terms.map((term, id) => [term, id]));
  });

  it('tells apart terms whose 32-bit FNV-1a hashes collide ("7yzx" and "e6ad")', () => {
    const fnv = (s: string): number => {
      let hash = 0x811c9dc5 | 0;
      for (let i = 0; i < s.length; i++) hash = Math.imul(hash ^ s.charCodeAt(i), 0x01000193);
      return hash;
    };
    expect(fnv('7yzx')).toBe(fnv('e6ad'));
    const dictionary = new TermDictionary();
    expect(dictionary.idOf('7yzx')).toBe(0);
    expect(dictionary.idOf('e6ad')).toBe(1);
    expect(dictionary.idOf('7yzx')).toBe(0);
    expect(dictionary.idOfRange('(e6ad)', 1, 5)).toBe(1);
    expect(dictionary.size).toBe(2);
  });
});
