import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { runFfmpeg, type MediaTools } from '../modules/media/ffmpeg.js';
import { withStagingFile } from '../modules/media/staging.js';

/*
 * Synthetic media for the demo catalog that `npm start` seeds without internet. Everything here
 * is a pure function of its options: the same options give the same bytes (bit-exact ffmpeg
 * flags, fixed seeds), and a `<outFile>.key` file next to the output records the options' hash
 * so a second seed run skips the work.
 */

/** Bump when the look changes, so cached demo files are regenerated. */
const GENERATOR_VERSION = 1;

export interface DemoClipOptions {
  title: string;
  /** 20–30 s makes a watchable demo; tests use a few seconds. */
  seconds: number;
  outFile: string;
  /** 0–360; derived from the title when absent. */
  hue?: number;
  width?: number;
  height?: number;
  signal?: AbortSignal;
  tools?: MediaTools;
}

export interface DemoResult {
  file: string;
  /** True when an up-to-date file was already there and nothing was generated. */
  cached: boolean;
  cacheKey: string;
}

/**
 * An H.264/AAC MP4: a slowly turning colour gradient with a cellular pattern drifting over it,
 * the title, a running timecode (so a player test or a viewer can see time advance) and a soft
 * chord with a slow swell.
 */
export async function generateDemoClip(options: DemoClipOptions): Promise<DemoResult> {
  const { title, seconds, width = 1280, height = 720, tools = {}, signal } = options;
  const hue = normaliseHue(options.hue ?? hueFromText(title));
  const seed = seedFromText(title);
  const key = demoCacheKey({ kind: 'clip', title, seconds, hue, width, height });

  return cached(options.outFile, key, (staging) =>
    withTextFiles({ title, timecode: '%{pts:hms}' }, async (files, fontFiles) => {
      const palette = paletteFor(hue);
      const titleSize = Math.round(height * 0.12);
      const text = fontFiles
        ? [
            drawText({
              fontFile: fontFiles.bold,
              textFile: files.title,
              size: titleSize,
              x: '(w-text_w)/2',
              y: '(h-text_h)/2',
              shadow: true,
            }),
            drawText({
              fontFile: fontFiles.regular,
              textFile: files.timecode,
              size: Math.round(height * 0.04),
              x: `w-text_w-${Math.round(width * 0.03)}`,
              y: `h-text_h-${Math.round(height * 0.04)}`,
              expand: true,
              color: 'white@0.85',
            }),
          ]
        : [];
      // A different key per film, all in a pleasant range, with a slow swell on the root.
      const root = 196 + (seed % 7) * 11;
      const chord = [
        `0.07*sin(2*PI*${root}*t)*(0.6+0.4*sin(2*PI*0.2*t))`,
        `0.05*sin(2*PI*${root * 1.25}*t)`,
        `0.04*sin(2*PI*${root * 1.5}*t)`,
      ].join('+');
      // The gradient is computed per pixel (costly) but smooth: render at 1/4 size and upscale.
      const background = [
        `gradients=s=${Math.round(width / 4)}x${Math.round(height / 4)}:r=30:d=${seconds}:n=3`,
        `type=spiral:speed=0.02:seed=${seed}`,
        `c0=${palette.deep}:c1=${palette.vivid}:c2=${palette.dark}`,
      ].join(':');
      const cells = [
        `life=s=${Math.round(width / 4)}x${Math.round(height / 4)}:r=30:mold=25:ratio=0.12:seed=${seed}`,
        `life_color=${palette.glow}:death_color=0x000000:mold_color=${palette.vivid}`,
      ].join(':');
      const picture = [
        `[0:v]scale=${width}:${height}:flags=bicubic,format=gbrp[bg]`,
        `[1:v]scale=${width}:${height}:flags=neighbor,format=gbrp[cells]`,
        `[bg][cells]blend=all_mode=screen:all_opacity=0.3,${['format=yuv420p', ...text].join(',')}[v]`,
      ].join(';');

      await runFfmpeg(
        [
          ['-loglevel', 'error'],
          lavfi(background),
          lavfi(cells),
          lavfi(`aevalsrc='${chord}':s=48000:c=stereo:d=${seconds}`),
          ['-filter_complex', picture],
          ['-map', '[v]', '-map', '2:a'],
          ['-t', String(seconds)],
          ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p'],
          ['-c:a', 'aac', '-b:a', '128k'],
          BITEXACT,
          ['-movflags', '+faststart'],
          ['-y', staging],
        ].flat(),
        { ffmpegPath: tools.ffmpegPath, signal },
      );
    }),
  );
}

export type DemoArtworkKind = 'poster' | 'backdrop';

export interface DemoArtworkOptions {
  title: string;
  subtitle?: string;
  /** 0–360; derived from the title when absent. */
  hue?: number;
  /** A poster is 2:3 with the title centred low; a backdrop is 16:9 with the title bottom-left. */
  kind: DemoArtworkKind;
  /**
   * Picture only, no lettering: for backdrops and portraits, which a TV shows beside its own
   * text (real ones carry no title either).
   */
  plain?: boolean;
  outFile: string;
  width?: number;
  height?: number;
  signal?: AbortSignal;
  tools?: MediaTools;
}

/** A JPEG: a glowing radial gradient ("a sky at dusk"), film grain, a dark fade and the title. */
export async function generateDemoArtwork(options: DemoArtworkOptions): Promise<DemoResult> {
  const { title, subtitle = '', kind, plain = false, tools = {}, signal } = options;
  const width = options.width ?? (kind === 'poster' ? 600 : 1920);
  const height = options.height ?? (kind === 'poster' ? 900 : 1080);
  const hue = normaliseHue(options.hue ?? hueFromText(title));
  const seed = seedFromText(title);
  const key = demoCacheKey({
    kind,
    title,
    subtitle,
    hue,
    width,
    height,
    ...(plain && { plain: 1 }),
  });
  const palette = paletteFor(hue);
  const isPoster = kind === 'poster';

  const marginX = Math.round(width * 0.06);
  const textWidth = isPoster ? width - 2 * marginX : Math.round(width * 0.6);
  const { lines, fontSize } = wrapTitle(
    title,
    textWidth,
    Math.round(isPoster ? height * 0.075 : height * 0.1),
  );
  const subtitleSize = Math.round(fontSize * 0.4);
  const lineHeight = Math.round(fontSize * 1.15);
  const blockBottom = Math.round(height * 0.86);
  const titleTop = blockBottom - subtitleSize * 2 - lines.length * lineHeight;
  const x = isPoster ? '(w-text_w)/2' : String(marginX);

  const sunX = Math.round(width * (isPoster ? 0.68 : 0.74));
  const sunY = Math.round(height * (isPoster ? 0.26 : 0.34));
  const textFiles: Record<string, string> = { subtitle };
  lines.forEach((line, i) => (textFiles[`line${i}`] = line));

  return cached(options.outFile, key, (staging) =>
    withTextFiles(textFiles, async (files, fontFiles) => {
      const text: string[] = [];
      if (fontFiles && !plain) {
        lines.forEach((_, i) =>
          text.push(
            drawText({
              fontFile: fontFiles.bold,
              textFile: files[`line${i}`] ?? '',
              size: fontSize,
              x,
              y: String(titleTop + i * lineHeight),
              shadow: true,
            }),
          ),
        );
        const ruleY = titleTop + lines.length * lineHeight + Math.round(subtitleSize * 0.4);
        const ruleX = isPoster ? Math.round(width / 2 - width * 0.08) : marginX;
        text.push(
          `drawbox=x=${ruleX}:y=${ruleY}:w=${Math.round(width * 0.16)}:h=${Math.max(2, Math.round(height * 0.004))}:color=${palette.glow}:t=fill`,
        );
        if (subtitle) {
          text.push(
            drawText({
              fontFile: fontFiles.regular,
              textFile: files.subtitle ?? '',
              size: subtitleSize,
              x,
              y: String(ruleY + Math.round(subtitleSize * 0.8)),
              color: 'white@0.9',
            }),
          );
        }
      }
      const sky = [
        `gradients=s=${width}x${height}:n=4:type=radial:seed=${seed}:d=1`,
        `c0=${palette.glow}:c1=${palette.vivid}:c2=${palette.deep}:c3=${palette.dark}`,
        `x0=${sunX}:y0=${sunY}:x1=0:y1=${height}`,
      ].join(':');
      // Darkens the lower 60% behind the text (alpha rising to ~70%) so it reads on any colour.
      const fade = `color=c=black:s=${width}x${height}:d=1,format=rgba,geq=r=0:g=0:b=0:a='180*pow(max(0\\,Y/H-0.4)/0.6\\,1.3)'`;
      const picture = [
        '[0:v]noise=alls=5:allf=u,vignette=PI/5[bg]',
        `[bg][1:v]${['overlay=format=auto', ...text].join(',')}`,
      ].join(';');
      await runFfmpeg(
        [
          ['-loglevel', 'error'],
          lavfi(sky),
          lavfi(fade),
          ['-filter_complex', picture],
          ['-frames:v', '1'],
          ['-q:v', '2'],
          BITEXACT,
          ['-y', staging],
        ].flat(),
        { ffmpegPath: tools.ffmpegPath, signal },
      );
    }),
  );
}

// No encoder version strings or timestamps in the output: same inputs, same bytes.
const BITEXACT = [
  ['-map_metadata', '-1'],
  ['-fflags', '+bitexact'],
  ['-flags:v', '+bitexact'],
  ['-flags:a', '+bitexact'],
].flat();

function lavfi(graph: string): string[] {
  return ['-f', 'lavfi', '-i', graph];
}

/** The options' hash; exported so a caller can name or index files by it. */
export function demoCacheKey(inputs: Record<string, string | number>): string {
  const canonical = JSON.stringify(
    { version: GENERATOR_VERSION, ...inputs },
    Object.keys({ version: 0, ...inputs }).sort(),
  );
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

async function cached(
  outFile: string,
  key: string,
  generate: (stagingFile: string) => Promise<void>,
): Promise<DemoResult> {
  const file = path.resolve(outFile);
  const keyFile = `${file}.key`;
  const existingKey = await readFile(keyFile, 'utf8').catch(() => null);
  const fileExists = await stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (existingKey?.trim() === key && fileExists) return { file, cached: true, cacheKey: key };
  // The key goes last: an interrupted run leaves no key, so the next run regenerates.
  await rm(keyFile, { force: true });
  await withStagingFile(file, generate);
  await writeFile(keyFile, `${key}\n`);
  return { file, cached: false, cacheKey: key };
}

interface FontFiles {
  bold: string;
  regular: string;
}

const execFileAsync = promisify(execFile);
let fontLookup: Promise<FontFiles | null> | undefined;

/**
 * A font with Lao and Latin glyphs (titles come in both), via fontconfig. DejaVu Sans has both
 * and is on most Linux systems. Null when fontconfig or fonts are missing: artwork then has no
 * text rather than failing the seed.
 *
 * ffmpeg 5.1's drawtext does no complex shaping, so Lao combining marks sit where the font's
 * own metrics put them: readable, not typeset.
 */
export function findDemoFonts(): Promise<FontFiles | null> {
  fontLookup ??= (async () => {
    const list = async (pattern: string) => {
      const { stdout } = await execFileAsync('fc-list', ['--format', '%{file}\n', pattern], {
        timeout: 10_000,
      });
      return stdout
        .split('\n')
        .filter((file) => /\.(ttf|otf)$/i.test(file))
        .sort();
    };
    try {
      for (const lang of [':lang=lo', ':lang=en']) {
        const bold = prefer(await list(`${lang}:style=Bold`));
        const regular =
          prefer(await list(`${lang}:style=Book`)) ?? prefer(await list(`${lang}:style=Regular`));
        if (bold || regular) return { bold: bold ?? regular ?? '', regular: regular ?? bold ?? '' };
      }
    } catch {
      // fontconfig is not installed: fall through to no text.
    }
    return null;
  })();
  return fontLookup;
}

function prefer(files: string[]): string | undefined {
  return (
    files.find((f) => /DejaVuSans(-Bold)?\.ttf$/.test(f)) ??
    files.find((f) => /Sans/.test(f) && !/Mono|Condensed|Oblique|Italic/.test(f)) ??
    files[0]
  );
}

/** Writes each text to its own file: drawtext's `textfile` sidesteps filtergraph escaping of titles. */
async function withTextFiles<K extends string, T>(
  texts: Record<K, string>,
  use: (files: Record<K, string>, fonts: FontFiles | null) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lanxang-demo-'));
  try {
    const files = {} as Record<K, string>;
    for (const name of Object.keys(texts) as K[]) {
      files[name] = path.join(dir, `${name}.txt`);
      await writeFile(files[name], texts[name]);
    }
    return await use(files, await findDemoFonts());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface DrawTextOptions {
  fontFile: string;
  textFile: string;
  size: number;
  x: string;
  y: string;
  color?: string;
  shadow?: boolean;
  /** Expand `%{...}` functions such as the timecode; titles are drawn literally. */
  expand?: boolean;
}

function drawText(options: DrawTextOptions): string {
  const parts = [
    `fontfile=${escapeFilterValue(options.fontFile)}`,
    `textfile=${escapeFilterValue(options.textFile)}`,
    `expansion=${options.expand ? 'normal' : 'none'}`,
    `fontsize=${options.size}`,
    `fontcolor=${options.color ?? 'white'}`,
    `x=${options.x}`,
    `y=${options.y}`,
  ];
  if (options.shadow) parts.push('shadowx=3', 'shadowy=3', 'shadowcolor=black@0.55');
  return `drawtext=${parts.join(':')}`;
}

/** Two levels of ffmpeg escaping: the option value, then the filtergraph (no shell involved). */
function escapeFilterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, '\\$&');
  return optionLevel.replace(/[\\'[\],;]/g, '\\$&');
}

/**
 * Splits the title into at most three lines that fit `maxWidth`, shrinking the font when they do
 * not. Glyph widths are estimated (0.62 em for a bold sans) since drawtext cannot measure first.
 */
export function wrapTitle(
  title: string,
  maxWidth: number,
  maxFontSize: number,
): { lines: string[]; fontSize: number } {
  const words = title.trim().split(/\s+/).filter(Boolean);
  for (let fontSize = maxFontSize; fontSize > 12; fontSize = Math.floor(fontSize * 0.9)) {
    const maxChars = Math.max(1, Math.floor(maxWidth / (fontSize * 0.62)));
    const lines: string[] = [];
    for (const word of words) {
      const last = lines.at(-1);
      if (last !== undefined && `${last} ${word}`.length <= maxChars)
        lines[lines.length - 1] = `${last} ${word}`;
      else lines.push(word);
    }
    if (lines.length <= 3 && lines.every((line) => line.length <= maxChars))
      return { lines, fontSize };
  }
  return { lines: [title.slice(0, 40)], fontSize: 12 };
}

interface Palette {
  glow: string;
  vivid: string;
  deep: string;
  dark: string;
}

function paletteFor(hue: number): Palette {
  return {
    glow: hsl(hue + 40, 0.95, 0.62),
    vivid: hsl(hue + 10, 0.8, 0.45),
    deep: hsl(hue - 20, 0.7, 0.24),
    dark: hsl(hue - 40, 0.6, 0.09),
  };
}

/** `0xRRGGBB`, the colour syntax every ffmpeg filter accepts. */
function hsl(hue: number, saturation: number, lightness: number): string {
  const h = normaliseHue(hue) / 360;
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const channel = (offset: number) => {
    const k = (offset + h * 12) % 12;
    return lightness - (chroma / 2) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return `0x${[channel(0), channel(8), channel(4)]
    .map((c) =>
      Math.round(c * 255)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

function normaliseHue(hue: number): number {
  return ((Math.round(hue) % 360) + 360) % 360;
}

function seedFromText(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

function hueFromText(text: string): number {
  return seedFromText(`hue:${text}`) % 360;
}
