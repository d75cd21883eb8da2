import type { ContinueWatchingEntry, MovieSummary, PlaybackPosition } from '@lanxang/contracts';
import { storedWorkAtStart } from '../lib/stored-work';
import { createOutbox, type Outbox } from '../lib/outbox';
import { isCompleted, resumePointOf } from '../lib/resume';
import { getRoute } from './client';
import { deliverWrite, type Write } from './delivery';
import { AppError, isUnreachable } from './errors';
import { hasViewerIdentity } from './session';

/**
 * Watch progress: where the viewer stopped each film. Saves go through the `progress` outbox, so a
 * save made while the network or the API is down is kept and sent, in order, when it returns; the
 * API keeps the save with the newest `clientTimestamp`, so an old one arriving late changes nothing.
 * The player's saves of this session are also kept here, so Home and Details show them at once,
 * before (or without) the API answering.
 */
let outbox: Outbox<Write<'putWatchProgress'>> | undefined;

function progressOutbox(): Outbox<Write<'putWatchProgress'>> {
  outbox ??= createOutbox({ name: 'progress', deliver: deliverWrite });
  return outbox;
}

interface LocalSave {
  movie: MovieSummary;
  positionSeconds: number;
  durationSeconds: number;
  clientTimestamp: string;
}

const savedThisSession = new Map<number, LocalSave>();
/** The last list the API gave, shown (with this session's saves) while it cannot be reached. */
let lastList: ContinueWatchingEntry[] = [];

/** Records where playback of `movie` stands. `exiting`: the app is being hidden or closed. */
export function saveProgress(
  movie: MovieSummary,
  positionSeconds: number,
  durationSeconds: number,
  { exiting = false }: { exiting?: boolean } = {},
): void {
  if (!(durationSeconds > 0) || !(positionSeconds >= 0)) return;
  const position = Math.min(positionSeconds, durationSeconds);
  const clientTimestamp = new Date().toISOString();
  savedThisSession.set(movie.id, {
    movie,
    positionSeconds: position,
    durationSeconds,
    clientTimestamp,
  });
  void progressOutbox().enqueue(
    {
      name: 'putWatchProgress',
      params: { movieId: String(movie.id) },
      body: { positionSeconds: position, durationSeconds, clientTimestamp },
    },
    { exiting },
  );
}

function positionOf(save: LocalSave): PlaybackPosition {
  return {
    movieId: save.movie.id,
    positionSeconds: save.positionSeconds,
    durationSeconds: save.durationSeconds,
    fraction: Math.min(1, save.positionSeconds / save.durationSeconds),
    resumeAtSeconds: resumePointOf(save.positionSeconds, save.durationSeconds),
    lastWatchedAt: save.clientTimestamp,
  };
}

/**
 * This session's save of a film, when the API may not know it yet: still queued, or newer than
 * what the API's answer says.
 */
async function newerLocalSave(
  movieId: number,
  lastWatchedAt: string | undefined,
): Promise<LocalSave | undefined> {
  const save = savedThisSession.get(movieId);
  if (!save) return undefined;
  if (!lastWatchedAt || Date.parse(save.clientTimestamp) > Date.parse(lastWatchedAt)) return save;
  const queued = await progressOutbox().pending();
  return queued.some((write) => write.params.movieId === String(movieId)) ? save : undefined;
}

/**
 * Sends the saves waiting out a backoff. Coming back Home is a good moment; at start, once the
 * first screen is drawn, and only if some are stored (the queue's store is fetched then). A queue
 * this session made is flushed whatever it holds.
 */
export function retryQueuedProgress(): void {
  void (outbox ? Promise.resolve(true) : storedWorkAtStart()).then((stored) => {
    if (stored) void progressOutbox().flush();
  });
}

/** The list asked for at start, beside Home's catalog; the first `continueWatching()` takes it. */
let startList: Promise<ContinueWatchingEntry[] | undefined> | undefined;

/**
 * Asks for the viewer's list now, so it travels while the app starts; answers the API's list
 * (undefined when it can't be had).
 */
export function prefetchContinueWatching(): Promise<ContinueWatchingEntry[] | undefined> {
  startList = requestList();
  return startList;
}

/** The API's list; undefined when it can't be had. A TV with no identity yet has none. */
async function requestList(): Promise<ContinueWatchingEntry[] | undefined> {
  if (!hasViewerIdentity()) return [];
  try {
    return (await getRoute('listWatchProgress')).items;
  } catch {
    // Offline or the API is down: the row still shows what we know.
    return undefined;
  }
}

/**
 * The Continue watching row: the API's list with this session's newer saves laid over it (moved
 * to the front, or taken out when finished). Offline, the last list the API gave, likewise.
 * `retryQueued: false` leaves queued saves alone (at start, before the first screen).
 */
export async function continueWatching({ retryQueued = true } = {}): Promise<
  ContinueWatchingEntry[]
> {
  if (retryQueued) retryQueuedProgress();
  const early = startList;
  startList = undefined;
  // The list asked for at start, unless that request failed (a start that showed an error first).
  lastList = (early && (await early)) ?? (await requestList()) ?? lastList;
  const overlay = new Map<number, LocalSave>();
  for (const save of savedThisSession.values()) {
    const known = lastList.find((entry) => entry.movieId === save.movie.id);
    if (await newerLocalSave(save.movie.id, known?.lastWatchedAt)) overlay.set(save.movie.id, save);
  }
  const overlaid = [...overlay.values()]
    .filter((save) => !isCompleted(save.positionSeconds, save.durationSeconds))
    .map((save): ContinueWatchingEntry => ({ ...positionOf(save), movie: save.movie }));
  const entries = lastList.filter((entry) => !overlay.has(entry.movieId));
  return [...overlaid, ...entries].sort(
    (a, b) => Date.parse(b.lastWatchedAt) - Date.parse(a.lastWatchedAt),
  );
}

/**
 * Where to offer to resume `movie`, or `null` to start it over. `unreachable`: where to resume
 * when the API can't be reached (a downloaded film's own copy of the position).
 */
export async function resumePointFor(
  movie: MovieSummary,
  unreachable?: () => Promise<number | null>,
): Promise<number | null> {
  const local = await newerLocalSave(movie.id, undefined);
  if (local) return resumePointOf(local.positionSeconds, local.durationSeconds);
  try {
    const stored = await getRoute('getWatchProgress', { movieId: String(movie.id) });
    return stored.completed ? null : stored.resumeAtSeconds;
  } catch (error) {
    if (isUnreachable(error) && unreachable) return unreachable();
    // Never watched (404), or unknown right now: Play simply starts at the beginning.
    if (error instanceof AppError) return null;
    throw error;
  }
}

/** Sends queued saves now, without waiting out the backoff (the app is back in front). */
export function flushProgress(): Promise<void> {
  return progressOutbox().flush();
}

/** Where the viewer chose to start a film (Details' Resume or Play from start), for the player. */
const chosenStarts = new Map<number, number>();

export function chooseStart(movie: MovieSummary, seconds: number): void {
  chosenStarts.set(movie.id, seconds);
}

/**
 * Where the player starts `movie`: the start chosen on Details, else its resume point with the
 * question "Resume from …" / "Start over", else the beginning.
 */
export async function playbackStart(
  movie: MovieSummary,
  unreachable?: () => Promise<number | null>,
): Promise<{ fromSeconds: number; ask: boolean }> {
  const chosen = chosenStarts.get(movie.id);
  chosenStarts.delete(movie.id);
  if (chosen !== undefined) return { fromSeconds: chosen, ask: false };
  const resumeAt = await resumePointFor(movie, unreachable);
  return resumeAt === null ? { fromSeconds: 0, ask: false } : { fromSeconds: resumeAt, ask: true };
}
