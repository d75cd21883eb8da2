import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
// Types only: erased from the bundle; the code itself is imported dynamically below.
import type shakaTypes from 'shaka-player/dist/shaka-player.hls.js';

type ShakaPlayer = InstanceType<typeof shakaTypes.Player>;

interface Rung {
  height: number;
  bandwidth: number;
}

/**
 * The film as the TV will stream it: Shaka Player (HLS build) on the master playlist, with a
 * picker pinning one rung or leaving it to adaptive bitrate (Auto). Shaka is imported when this
 * mounts, in the browser only, so no other admin page downloads it.
 */
export function PreviewPlayer({
  masterUrl,
  posterUrl,
  subtitles,
}: {
  masterUrl: string;
  posterUrl: string | null;
  subtitles: { locale: string; label: string; url: string }[];
}) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const player = useRef<ShakaPlayer | null>(null);
  const [rungs, setRungs] = useState<Rung[]>([]);
  const [pinned, setPinned] = useState<number | null>(null);
  const [activeHeight, setActiveHeight] = useState<number | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<string | null>(null);
  // Loader data is a new array on every revalidation; reload the player only when tracks change.
  const tracks = useRef(subtitles);
  tracks.current = subtitles;
  const tracksKey = subtitles.map((track) => track.url).join(' ');

  useEffect(() => {
    let cancelled = false;
    let instance: ShakaPlayer | null = null;
    void (async () => {
      const { default: shaka } = await import('shaka-player/dist/shaka-player.hls.js');
      if (cancelled || !video.current) return;
      shaka.polyfill.installAll();
      if (!shaka.Player.isBrowserSupported()) {
        setState('error');
        setError(t('media.playerUnsupported'));
        return;
      }
      instance = new shaka.Player();
      player.current = instance;
      const refresh = () => {
        const variants = instance?.getVariantTracks() ?? [];
        setActiveHeight(variants.find((variant) => variant.active)?.height ?? null);
      };
      instance.addEventListener('adaptation', refresh);
      instance.addEventListener('variantchanged', refresh);
      instance.addEventListener('error', (event) => {
        const detail = (event as unknown as { detail?: { code?: number } }).detail;
        setState('error');
        setError(t('media.playerError', { code: detail?.code ?? '?' }));
      });
      try {
        await instance.attach(video.current);
        await instance.load(masterUrl);
        for (const track of tracks.current) {
          await instance.addTextTrackAsync(
            track.url,
            track.locale,
            'subtitles',
            'text/vtt',
            undefined,
            track.label,
          );
        }
        if (cancelled) return;
        const byHeight = new Map<number, Rung>();
        for (const track of instance.getVariantTracks()) {
          const height = track.height ?? 0;
          const known = byHeight.get(height);
          if (height > 0 && (!known || known.bandwidth < track.bandwidth))
            byHeight.set(height, { height, bandwidth: track.bandwidth });
        }
        setRungs([...byHeight.values()].sort((a, b) => b.height - a.height));
        refresh();
        setState('ready');
      } catch (cause) {
        if (cancelled) return;
        const code = (cause as { code?: number }).code;
        setState('error');
        setError(t('media.playerError', { code: code ?? '?' }));
      }
    })();
    return () => {
      cancelled = true;
      player.current = null;
      void instance?.destroy();
    };
  }, [masterUrl, tracksKey, t]);

  function pin(height: number | null) {
    const instance = player.current;
    setPinned(height);
    if (!instance) return;
    if (height === null) {
      instance.configure({ abr: { enabled: true } });
      return;
    }
    const track = instance
      .getVariantTracks()
      .filter((candidate) => candidate.height === height)
      .sort((a, b) => b.bandwidth - a.bandwidth)[0];
    if (!track) return;
    instance.configure({ abr: { enabled: false } });
    // Clearing the buffer shows the chosen rung now rather than after the buffered seconds.
    instance.selectVariantTrack(track, true);
  }

  return (
    <div className="preview-player" data-state={state}>
      <video
        ref={video}
        controls
        playsInline
        muted
        poster={posterUrl ?? undefined}
        aria-label={t('media.playerLabel')}
        data-testid="preview-video"
      />
      <div className="player-controls">
        <div className="field">
          <label htmlFor="rung-picker">{t('media.rung')}</label>
          <select
            id="rung-picker"
            value={pinned === null ? 'auto' : String(pinned)}
            onChange={(event) =>
              pin(event.target.value === 'auto' ? null : Number(event.target.value))
            }
            disabled={state !== 'ready'}
          >
            <option value="auto">{t('media.rungAuto')}</option>
            {rungs.map((rung) => (
              <option key={rung.height} value={rung.height}>
                {t('media.rungOption', {
                  height: rung.height,
                  kbps: Math.round(rung.bandwidth / 1000),
                })}
              </option>
            ))}
          </select>
        </div>
        <p className="muted" aria-live="polite" data-testid="active-rung">
          {state === 'loading'
            ? t('media.playerLoading')
            : activeHeight
              ? t('media.playingRung', { height: activeHeight })
              : null}
        </p>
      </div>
      {error ? (
        <p className="problem" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
