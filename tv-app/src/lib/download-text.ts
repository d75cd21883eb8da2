import type { CleanupEntry, Download, DownloadFailure, DownloadSupport, Rung } from '../downloads';
import { formatClock } from './format';
import { localized, t } from './i18n';
import { timeLeftLabel } from './rental-text';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

/**
 * `1.4 GB`, `350 MB`, `2.5 MB`, `420 KB`: one decimal only where it says something (under 10), and
 * kilobytes under a megabyte, where rounding to `1 MB` would misstate a small file.
 */
export function formatBytes(bytes: number): string {
  const safe = Math.max(0, bytes);
  const oneDecimal = (value: number) =>
    value >= 10 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, '');
  if (safe >= GB) return `${oneDecimal(safe / GB)} GB`;
  // 1023.6 KB would round to "1024 KB": megabytes from just under one.
  if (safe >= MB - 512) return `${oneDecimal(safe / MB)} MB`;
  if (safe === 0) return '0 MB';
  return `${Math.max(1, Math.round(safe / 1024))} KB`;
}

/** `2.5 MB/s`, `300 KB/s`, or nothing while the speed is not known. */
export function formatSpeed(bytesPerSecond: number): string {
  if (!(bytesPerSecond > 0)) return '';
  const perSecond = bytesPerSecond / MB;
  if (perSecond < 1)
    return t('download.speedKb', { speed: Math.max(1, Math.round(bytesPerSecond / 1024)) });
  return t('download.speed', {
    speed: perSecond >= 10 ? String(Math.round(perSecond)) : perSecond.toFixed(1),
  });
}

export function etaLabel(etaSeconds: number | null): string {
  return etaSeconds === null || !Number.isFinite(etaSeconds)
    ? t('download.etaUnknown')
    : t('download.eta', { time: formatClock(Math.ceil(etaSeconds)) });
}

export function qualityLabel(height: number): string {
  return `${height}p`;
}

/** What a download that stopped on its own says about why, in the viewer's words. */
export function failureText(failure: DownloadFailure | null): string {
  return t(`download.failure.${failure ?? 'storage'}`);
}

/** `Downloading 42 %`, `Paused 42 %`, `Downloaded`: a download's state in a few words. */
export function downloadStateLabel(download: Download): string {
  const percent = Math.floor(download.progress.percent);
  switch (download.state) {
    case 'complete':
      return t('download.state.complete');
    case 'paused':
      return t('download.state.paused', { percent });
    case 'failed':
      return t('download.state.failed');
    case 'queued':
      return t('download.state.queued');
    default:
      return t('download.state.downloading', { percent });
  }
}

/** One rung in the quality menu: `720p · 410 MB`. */
export function rungLabel(rung: Rung): string {
  return t('download.rung', { quality: qualityLabel(rung.height), size: formatBytes(rung.bytes) });
}

/** Why this device can't download, for Settings. */
export function unsupportedText(support: DownloadSupport): string | null {
  return support.supported ? null : t(`download.unsupported.${support.reason}`);
}

/** `12 Mar · “The River's Daughter” (1.2 GB): over the budget`, for Settings' cleanup log. */
export function cleanupEntryText(entry: CleanupEntry): string {
  return t(`download.cleanup.${entry.reason}`, {
    date: formatDate(entry.at),
    title: localized(entry.title),
    size: formatBytes(entry.bytes),
  });
}

/** A short date that needs no locale data (TV browsers often lack Lao): `2026-12-02`. */
export function formatDate(iso: string): string {
  return iso.slice(0, 10);
}

/** The line under a film on the Downloads page: quality, size, date, watched, time left. */
export function downloadMetaLine(download: Download, now = Date.now()): string {
  const { progress } = download;
  const parts = [
    qualityLabel(download.height),
    formatBytes(download.state === 'complete' ? progress.bytesDone : progress.bytesTotal),
    formatDate(download.completedAt ?? download.createdAt),
  ];
  if (download.positionSeconds && download.durationSeconds) {
    const watched = Math.min(
      100,
      Math.round((download.positionSeconds / download.durationSeconds) * 100),
    );
    parts.push(t('downloads.watched', { percent: watched }));
  }
  if (download.rentalEndsAt) {
    parts.push(
      Date.parse(download.rentalEndsAt) > now
        ? timeLeftLabel(download.rentalEndsAt, now)
        : t('downloads.rentalEnded'),
    );
  }
  return parts.join('  ·  ');
}
