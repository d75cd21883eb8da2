import { Lightning } from '@lightningjs/sdk';
import laoRegular from '@fontsource/noto-sans-lao/files/noto-sans-lao-lao-400-normal.woff2';
import laoBold from '@fontsource/noto-sans-lao/files/noto-sans-lao-lao-700-normal.woff2';
import latinRegular from '@fontsource/noto-sans-lao/files/noto-sans-lao-latin-400-normal.woff2';
import latinBold from '@fontsource/noto-sans-lao/files/noto-sans-lao-latin-700-normal.woff2';

/**
 * One family for the whole UI. Noto Sans Lao carries Latin glyphs too, so English and Lao sit on
 * the same baseline; the unicode ranges let the browser fetch only the half a screen needs.
 * TV browsers ship no Lao font, so without this every Lao string is tofu.
 */
export const FONT_FAMILY = 'Lanxang Sans';

const LAO_RANGE = 'U+0E80-0EFF, U+200C-200D, U+25CC';
const LATIN_RANGE =
  'U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD';

export interface FontSpec {
  family: string;
  url: string;
  descriptors: FontFaceDescriptors;
}

/** The list handed to the SDK's font loader (`App.getFonts()`), which waits for every face. */
export function appFonts(options: { lao: boolean }): FontSpec[] {
  const latin: FontSpec[] = [
    {
      family: FONT_FAMILY,
      url: latinRegular,
      descriptors: { weight: '400', unicodeRange: LATIN_RANGE },
    },
    {
      family: FONT_FAMILY,
      url: latinBold,
      descriptors: { weight: '700', unicodeRange: LATIN_RANGE },
    },
  ];
  if (!options.lao) return latin;
  return [
    ...latin,
    {
      family: FONT_FAMILY,
      url: laoRegular,
      descriptors: { weight: '400', unicodeRange: LAO_RANGE },
    },
    { family: FONT_FAMILY, url: laoBold, descriptors: { weight: '700', unicodeRange: LAO_RANGE } },
  ];
}

const loading = new Map<string, Promise<FontFace>>();

/**
 * Every face at once, each once: the SDK's own loader waits for one face before asking for the
 * next, which put four downloads in series on the way to the first screen. `index.ts` starts this
 * before anything else; the SDK's call (`fontLoader`) then finds the faces on their way.
 */
export function loadFonts(specs: FontSpec[]): Promise<FontFace[]> {
  return Promise.all(
    specs.map((spec) => {
      const key = `${spec.url} ${spec.descriptors.weight ?? ''}`;
      let face = loading.get(key);
      if (!face) {
        const created = new FontFace(spec.family, `url(${spec.url})`, spec.descriptors);
        document.fonts.add(created);
        face = created.load();
        loading.set(key, face);
      }
      return face;
    }),
  );
}

/** The SDK's `platformSettings.fontLoader`: what it gets from `App.getFonts()`, through `loadFonts`. */
export async function fontLoader(specs: FontSpec[], store: FontFace[]): Promise<void> {
  store.push(...(await loadFonts(specs)));
}

const LAO_SCRIPT = /[\u0E80-\u0EFF]/;

/** Lightning's default tokenizer breaks lines at U+200B (and drops it), as it does at spaces. */
const ZERO_WIDTH_SPACE = '\u200B';

/**
 * Lao is written without spaces between words, and Lightning wraps only at spaces, so a Lao
 * overview would run off the screen as one long line. ICU's dictionary-based word segmenter
 * knows Lao; where `Intl.Segmenter` is missing (older TV browsers) we fall back to grapheme
 * clusters, which at least never separates a vowel or tone mark from its consonant.
 *
 * The break opportunities are marked with U+200B as text reaches Lightning's `TextTexture`.
 * Lightning's own hook (`TextTokenizer.setCustomTokenizer`) is out of reach: `lng build` maps
 * `@lightningjs/core` to the global `window.lng`, which does not carry `TextTokenizer`.
 */
export function installLaoLineBreaking(): void {
  const Segmenter = (Intl as { Segmenter?: typeof Intl.Segmenter }).Segmenter;
  // Made for the first Lao text, not at start: loading ICU's Lao dictionary is the largest single
  // cost of the start-up script on a slow TV (about 80 ms at 4× throttle), and a start in English
  // may draw no Lao at all.
  let segmenter: Intl.Segmenter | undefined;
  const words = (text: string): string[] => {
    if (!Segmenter)
      return splitSpaces(text).flatMap((token) => (token === ' ' ? [token] : graphemes(token)));
    segmenter ??= new Segmenter('lo', { granularity: 'word' });
    return Array.from(segmenter.segment(text), ({ segment }) => segment);
  };
  const markBreaks = (text: string): string => {
    if (!LAO_SCRIPT.test(text)) return text;
    return words(text).reduce(
      (marked, word) =>
        marked === '' || word.startsWith(' ') || marked.endsWith(' ')
          ? marked + word
          : marked + ZERO_WIDTH_SPACE + word,
      '',
    );
  };
  const prototype = Lightning.textures.TextTexture.prototype as object;
  const text = Object.getOwnPropertyDescriptor(prototype, 'text');
  const setText = text?.set;
  if (!text || !setText) return;
  // Reading `text` back gives what was set, without the marks.
  const written = new WeakMap<object, string>();
  Object.defineProperty(prototype, 'text', {
    ...text,
    get(this: object) {
      return written.get(this) ?? text.get?.call(this);
    },
    set(this: object, value: unknown) {
      if (typeof value === 'string') written.set(this, value);
      setText.call(this, typeof value === 'string' ? markBreaks(value) : value);
    },
  });
}

function splitSpaces(text: string): string[] {
  return text.split(/( )/).filter((part) => part !== '');
}

function graphemes(text: string): string[] {
  // A base character followed by any Lao combining marks (vowels above/below, tone marks).
  return text.match(/.[\u0EB1\u0EB4-\u0EBC\u0EC8-\u0ECD]*/gu) ?? [text];
}
