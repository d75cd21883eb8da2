import type { Playback } from '@lanxang/contracts';

/** One seek thumbnail: a region of a sprite sheet, shown for times in [start, end). */
export interface TrickplayFrame {
  start: number;
  end: number;
  /** The sprite sheet, absolute, without the `#xywh` fragment. */
  sheetUrl: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

const CUE_TIMING =
  /^((?:\d+:)?\d{2}:\d{2}\.\d{3})[ \t]+-->[ \t]+((?:\d+:)?\d{2}:\d{2}\.\d{3})(?:[ \t].*)?$/;
const XYWH = /#xywh=(\d+),(\d+),(\d+),(\d+)$/;

/**
 * Reads a trickplay index: WebVTT whose cue payloads name sprite regions
 * (`sprite-001.jpg#xywh=0,0,320,180`), relative to the index itself. Cues it cannot read are
 * skipped: a missing thumbnail must never stop a seek.
 */
export function parseTrickplay(vtt: string, vttUrl: string): TrickplayFrame[] {
  const frames: TrickplayFrame[] = [];
  const lines = vtt.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length - 1; i++) {
    const timing = CUE_TIMING.exec(lines[i]!.trim());
    if (!timing) continue;
    const payload = lines[i + 1]!.trim();
    const region = XYWH.exec(payload);
    if (!region) continue;
    const [x, y, w, h] = region.slice(1).map(Number) as [number, number, number, number];
    frames.push({
      start: seconds(timing[1]!),
      end: seconds(timing[2]!),
      sheetUrl: new URL(payload.slice(0, region.index), vttUrl).toString(),
      x,
      y,
      w,
      h,
    });
  }
  return frames.sort((a, b) => a.start - b.start);
}

function seconds(timing: string): number {
  return timing
    .split(':')
    .map(Number)
    .reduce((total, part) => total * 60 + part, 0);
}

/** The frame showing at `time`: the last one that starts at or before it. */
export function frameAt(frames: readonly TrickplayFrame[], time: number): TrickplayFrame | null {
  let low = 0;
  let high = frames.length - 1;
  let found: TrickplayFrame | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (frames[middle]!.start <= time) {
      found = frames[middle]!;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** Fetches and reads a film's trickplay index; none (no index, or it failed) means no thumbnails. */
export async function loadTrickplay(trickplay: Playback['trickplay']): Promise<TrickplayFrame[]> {
  if (!trickplay) return [];
  try {
    const response = await fetch(trickplay.vttUrl);
    return response.ok ? parseTrickplay(await response.text(), trickplay.vttUrl) : [];
  } catch {
    return [];
  }
}
