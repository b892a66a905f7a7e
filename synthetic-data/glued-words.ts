import { CHINESE_FUNCTION_CHARS } from '../corpora/stop-words.js';

const HAN_CHAR = /^\p{Script=Han}$/u;

/**
 * ICU's dictionary sometimes glues a function character onto the word before or after it when
 * the pair is itself a (rare) dictionary word: 人力资源部会发起评估 → 人力|资源|部会|发起|评估
 * (部 + 会, "the department will"), 财务部将审核 → 财务|部将. Splitting every such pair would
 * break real words (机会, 社会, 会议, 放在), so the corpus' own segmentations decide.
 *
 * A two-character Han token with a function character at one end (and not at both: those are
 * function words already) is split into its stem and that character when the stem is a token of
 * its own elsewhere in the corpus — standing alone, not right beside that function character —
 * more often than the glued token occurs. 部 stands alone in 资源|部|负责, 行政|部|整理, … and
 * beats 部会; 机 in 打印|机 once does not beat 机会, and 社, 议 never stand alone.
 */
export class GluedWordSplitter {
  /** Occurrences of one-character Han tokens. */
  private readonly single = new Map<string, number>();
  /** Occurrences of a one-character token next to a function-character token: key `X→f` (X then f) or `f→X`. */
  private readonly beside = new Map<string, number>();
  /** Occurrences of two-character tokens with a function character at exactly one end. */
  private readonly glued = new Map<string, number>();

  constructor(tokenLists: readonly (readonly string[])[]) {
    for (const tokens of tokenLists) {
      for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i]!;
        // Han characters sit at U+2E80 and above; two UTF-16 units at most: other tokens cost two comparisons.
        if (token.length > 2 || token.charCodeAt(0) < 0x2e80) continue;
        if (token.length === 2) {
          if (splitPoint(token) !== undefined) increment(this.glued, token);
          continue;
        }
        if (!HAN_CHAR.test(token)) continue;
        increment(this.single, token);
        const next = tokens[i + 1];
        if (next !== undefined && CHINESE_FUNCTION_CHARS.has(next)) increment(this.beside, `${token}→${next}`);
        const previous = tokens[i - 1];
        if (previous !== undefined && CHINESE_FUNCTION_CHARS.has(previous)) increment(this.beside, `${previous}→${token}`);
      }
    }
  }

  /** The words with each glued token replaced by its stem and its function character, in text order. */
  split(words: readonly string[]): string[] {
    return words.flatMap((word) => this.splitWord(word));
  }

  private splitWord(word: string): string[] {
    if (word.length !== 2 || word.charCodeAt(0) < 0x2e80) return [word];
    const at = splitPoint(word);
    if (at === undefined) return [word];
    const first = word[0]!;
    const second = word[1]!;
    const stem = at === 'end' ? first : second;
    // The stem's occurrences right beside this function character are the same pair split by ICU: not a word of its own.
    const alone = (this.single.get(stem) ?? 0) - (this.beside.get(`${first}→${second}`) ?? 0);
    return alone > (this.glued.get(word) ?? 0) ? [first, second] : [word];
  }
}

/** Which end of a two-character Han token (two UTF-16 units) is a function character, when exactly one is. */
function splitPoint(token: string): 'start' | 'end' | undefined {
  const first = token[0]!;
  const second = token[1]!;
  const startFn = CHINESE_FUNCTION_CHARS.has(first);
  const endFn = CHINESE_FUNCTION_CHARS.has(second);
  if (startFn === endFn) return undefined;
  // Function characters are Han; the stem must be one too.
  if (!HAN_CHAR.test(endFn ? first : second)) return undefined;
  return endFn ? 'end' : 'start';
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
