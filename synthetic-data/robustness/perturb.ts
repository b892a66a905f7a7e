/**
 * Perturbed variants of a question, each a pure function of the text and a seeded generator.
 * A perturbation returns null when it does not apply to the text (typos need Latin words,
 * simplified → traditional needs Han characters that change, …), so every question gets only
 * the variants that fit its language. Language data comes from opencc-js (OpenCC's
 * simplified ↔ traditional tables) and pinyin-pro (pinyin of Han characters).
 */
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import { randomIndex, type Rng } from '../../kernel/prng.js';
import { CODE_SWITCH_TERMS } from './glossary.js';

export const PERTURBATIONS = ['typos', 'case', 'punctuation', 'width', 'traditional', 'homophone', 'pinyin', 'truncation', 'filler', 'code-switch'] as const;
export type Perturbation = (typeof PERTURBATIONS)[number];

export interface PerturbContext {
  rng: Rng;
  /** Primary language of the question (zh, en, …). */
  language: string;
  /** Han characters of the corpus: homophones are chosen among them. */
  hanPool: readonly string[];
}

export const PERTURBATION_DESCRIPTIONS: Record<Perturbation, string> = {
  typos: 'one or two Latin words with two adjacent letters swapped or a letter dropped',
  case: 'Latin letters all lower case (or all upper case when already lower)',
  punctuation: 'punctuation removed',
  width: 'half-width ASCII turned full-width (ｗｉｄｅ), or full-width forms turned half-width',
  traditional: 'simplified Chinese written in traditional characters (OpenCC cn → tw)',
  homophone: 'one Han character replaced by another of the corpus with the same pinyin (an input-method slip)',
  pinyin: 'one Chinese word typed as toneless pinyin',
  truncation: 'only the first 60% of the question (words, or characters for CJK)',
  filler: 'spoken filler words added in the question\'s language',
  'code-switch': 'one workplace term switched between Chinese and English',
};

const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /\p{Script=Latin}{4,}/gu;
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

const changed = (before: string, after: string): string | null => (after !== before && after.trim().length > 0 ? after : null);

function typos(text: string, { rng }: PerturbContext): string | null {
  const words = [...text.matchAll(LATIN_WORD)];
  if (words.length === 0) return null;
  const count = words.length >= 6 ? 2 : 1;
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(randomIndex(rng, words.length));
  let out = text;
  for (const index of [...chosen].sort((a, b) => b - a)) {
    const { 0: word, index: at = 0 } = words[index]!;
    const i = 1 + randomIndex(rng, word.length - 2);
    const typo = rng() < 0.5 ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : word.slice(0, i) + word.slice(i + 1);
    out = out.slice(0, at) + typo + out.slice(at + word.length);
  }
  return changed(text, out);
}

function letterCase(text: string): string | null {
  if (!/\p{Script=Latin}/u.test(text)) return null;
  return changed(text, text === text.toLowerCase() ? text.toUpperCase() : text.toLowerCase());
}

function punctuation(text: string): string | null {
  return changed(text, text.replace(/\p{P}/gu, ' ').replace(/\s+/g, ' ').trim());
}

function width(text: string): string | null {
  if (/[\u0021-\u007e]/.test(text)) {
    return changed(text, text.replace(/[\u0021-\u007e]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000'));
  }
  return changed(text, text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' '));
}

function traditional(text: string): string | null {
  return HAN.test(text) ? changed(text, toTraditional(text)) : null;
}

const toneless = (chars: string) => pinyin(chars, { toneType: 'none', separator: '' });

function homophone(text: string, { rng, hanPool }: PerturbContext): string | null {
  const chars = [...text];
  const positions = chars.flatMap((c, i) => (HAN.test(c) ? [i] : []));
  for (let tries = positions.length; tries > 0; tries--) {
    const at = positions.splice(randomIndex(rng, positions.length), 1)[0]!;
    const sound = toneless(chars[at]!);
    const candidates = hanPool.filter((c) => c !== chars[at] && toneless(c) === sound);
    if (candidates.length === 0) continue;
    chars[at] = candidates[randomIndex(rng, candidates.length)]!;
    return chars.join('');
  }
  return null;
}

function pinyinSlip(text: string, { rng }: PerturbContext): string | null {
  const words = [...new Intl.Segmenter('zh', { granularity: 'word' }).segment(text)].filter((s) => s.isWordLike && HAN.test(s.segment));
  if (words.length === 0) return null;
  const longer = words.filter((w) => [...w.segment].length >= 2);
  const pool = longer.length ? longer : words;
  const word = pool[randomIndex(rng, pool.length)]!;
  return changed(text, text.slice(0, word.index) + toneless(word.segment) + text.slice(word.index + word.segment.length));
}

function truncation(text: string): string | null {
  const trimmed = text.replace(/[\p{P}\s]+$/u, '');
  const words = trimmed.split(/\s+/);
  if (!HAN.test(trimmed) && words.length >= 4) return words.slice(0, Math.ceil(words.length * 0.6)).join(' ');
  const chars = [...trimmed];
  if (chars.length < 4) return null;
  return changed(text, chars.slice(0, Math.ceil(chars.length * 0.6)).join('').trim());
}

const FILLERS: Record<string, readonly [string, string][]> = {
  zh: [['那个，请问一下，', ''], ['就是说，', '呢'], ['我想问问，', '啊']],
  en: [['um, so ', ''], ['quick question: ', ', thanks'], ['hey, ', ' please']],
};

function filler(text: string, { rng, language }: PerturbContext): string | null {
  const options = FILLERS[language];
  if (!options) return null;
  const [before, after] = options[randomIndex(rng, options.length)]!;
  const body = language === 'en' ? text.charAt(0).toLowerCase() + text.slice(1) : text;
  return `${before}${body.replace(/[?？]$/u, '')}${after}${/[?？]$/u.test(text) ? text.slice(-1) : ''}`;
}

function codeSwitch(text: string, { language }: PerturbContext): string | null {
  for (const [zh, en] of CODE_SWITCH_TERMS) {
    if (language === 'zh' && text.includes(zh)) return text.replace(zh, ` ${en} `).replace(/\s+/g, ' ').trim();
    if (language === 'en') {
      const match = new RegExp(`\\b${en}\\b`, 'i').exec(text);
      if (match) return text.slice(0, match.index) + zh + text.slice(match.index + match[0].length);
    }
  }
  return null;
}

export const PERTURB: Record<Perturbation, (text: string, context: PerturbContext) => string | null> = {
  typos,
  case: letterCase,
  punctuation,
  width,
  traditional,
  homophone,
  pinyin: pinyinSlip,
  truncation,
  filler,
  'code-switch': codeSwitch,
};
