import { useRevalidator } from '@remix-run/react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from './problem-alert';

type Upload =
  | { state: 'idle' }
  | { state: 'uploading'; loaded: number; total: number; name: string }
  | { state: 'processing'; name: string }
  | { state: 'done'; name: string }
  | { state: 'failed'; code: string; message?: string };

export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toLocaleString(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}

function problemOf(xhr: XMLHttpRequest): { code: string; message?: string } {
  try {
    const body = JSON.parse(xhr.responseText) as { code?: unknown; detail?: unknown };
    if (typeof body.code === 'string')
      return {
        code: body.code,
        message: typeof body.detail === 'string' ? body.detail : undefined,
      };
  } catch {
    // Not JSON: a proxy's error page, say; the status alone is all there is.
  }
  if (xhr.status === 413) return { code: 'payload_too_large' };
  return { code: 'unknown', message: `HTTP ${xhr.status}` };
}

/**
 * Sends a source video with `XMLHttpRequest`, whose upload events are the only browser API that
 * reports the progress of a request body. It posts to this admin's own resource route
 * (`admin.media.$id.upload.ts`), which pipes the bytes to the API without buffering them.
 */
export function VideoUpload({ movieId }: { movieId: number }) {
  const { t, i18n } = useTranslation();
  const revalidator = useRevalidator();
  const [upload, setUpload] = useState<Upload>({ state: 'idle' });
  const request = useRef<XMLHttpRequest | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => () => request.current?.abort(), []);

  // Warn before leaving while bytes are still on their way: leaving cancels the upload.
  useEffect(() => {
    if (upload.state !== 'uploading') return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [upload.state]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = fileInput.current?.files?.[0];
    if (!file) {
      setUpload({ state: 'failed', code: 'no_file' });
      fileInput.current?.focus();
      return;
    }
    const body = new FormData();
    body.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    request.current = xhr;
    xhr.open('POST', `/admin/media/${movieId}/upload`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.addEventListener('progress', (progress) => {
      setUpload({
        state: 'uploading',
        loaded: progress.loaded,
        total: progress.lengthComputable ? progress.total : file.size,
        name: file.name,
      });
    });
    // Every byte is sent; the API now checks the file with ffprobe before answering.
    xhr.upload.addEventListener('load', () => setUpload({ state: 'processing', name: file.name }));
    xhr.addEventListener('load', () => {
      request.current = null;
      if (xhr.status === 202) {
        setUpload({ state: 'done', name: file.name });
        if (fileInput.current) fileInput.current.value = '';
        revalidator.revalidate();
      } else {
        setUpload({ state: 'failed', ...problemOf(xhr) });
      }
    });
    xhr.addEventListener('error', () => {
      request.current = null;
      setUpload({ state: 'failed', code: 'upload_interrupted' });
    });
    xhr.addEventListener('abort', () => {
      request.current = null;
      setUpload({ state: 'idle' });
    });
    setUpload({ state: 'uploading', loaded: 0, total: file.size, name: file.name });
    xhr.send(body);
  }

  const percent =
    upload.state === 'uploading' && upload.total > 0
      ? Math.min(100, Math.round((upload.loaded / upload.total) * 100))
      : upload.state === 'processing' || upload.state === 'done'
        ? 100
        : 0;
  const busy = upload.state === 'uploading' || upload.state === 'processing';

  return (
    <form className="upload-form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="video-file">{t('media.uploadLabel')}</label>
        <small id="video-file-hint" className="muted">
          {t('media.uploadHint')}
        </small>
        <input
          ref={fileInput}
          id="video-file"
          type="file"
          name="file"
          accept="video/*,.mkv,.mov,.mp4,.m4v,.ts,.webm"
          aria-describedby="video-file-hint"
          disabled={busy}
        />
      </div>
      <p className="actions">
        <button type="submit" disabled={busy}>
          {t('media.upload')}
        </button>
        {upload.state === 'uploading' ? (
          <button
            type="button"
            className="button-secondary"
            onClick={() => request.current?.abort()}
          >
            {t('media.cancelUpload')}
          </button>
        ) : null}
      </p>
      {upload.state !== 'idle' && upload.state !== 'failed' ? (
        <div className="upload-progress">
          <label htmlFor="upload-progress">
            {upload.state === 'uploading'
              ? t('media.uploading', {
                  name: upload.name,
                  loaded: formatBytes(upload.loaded, i18n.language),
                  total: formatBytes(upload.total, i18n.language),
                })
              : upload.state === 'processing'
                ? t('media.checking', { name: upload.name })
                : t('media.uploaded', { name: upload.name })}
          </label>
          <progress id="upload-progress" max={100} value={percent}>
            {percent} %
          </progress>
          <span data-testid="upload-percent">{percent} %</span>
        </div>
      ) : null}
      {upload.state === 'failed' ? (
        upload.code === 'no_file' ? (
          <p className="field-error" role="alert">
            {t('media.chooseFile')}
          </p>
        ) : (
          <ProblemAlert code={upload.code} message={upload.message} id="upload-error" />
        )
      ) : null}
    </form>
  );
}
