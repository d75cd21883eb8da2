import { useBeforeUnload, useBlocker } from '@remix-run/react';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';

const snapshot = (form: HTMLFormElement) =>
  new URLSearchParams(
    [...new FormData(form)].map(([name, value]) => [name, typeof value === 'string' ? value : '']),
  ).toString();

/**
 * Tracks whether `form` differs from what it held when `version` last changed (a new loader
 * result or a save), and refuses to let the admin leave silently while it does: `beforeunload`
 * for reloads, closed tabs and typed URLs, Remix's `useBlocker` for links inside the app.
 * Submitting the form itself is never blocked.
 */
export function useUnsavedChanges(form: RefObject<HTMLFormElement | null>, version: unknown) {
  const baseline = useRef<string | null>(null);
  const submitting = useRef(false);
  const [dirty, setDirty] = useState(false);

  const recheck = useCallback(() => {
    if (!form.current || baseline.current === null) return;
    setDirty(snapshot(form.current) !== baseline.current);
  }, [form]);

  useEffect(() => {
    if (!form.current) return;
    baseline.current = snapshot(form.current);
    submitting.current = false;
    setDirty(false);
  }, [form, version]);

  useEffect(() => {
    const element = form.current;
    if (!element) return;
    const onSubmit = () => (submitting.current = true);
    element.addEventListener('input', recheck);
    element.addEventListener('change', recheck);
    element.addEventListener('submit', onSubmit);
    return () => {
      element.removeEventListener('input', recheck);
      element.removeEventListener('change', recheck);
      element.removeEventListener('submit', onSubmit);
    };
  }, [form, recheck]);

  useBeforeUnload(
    useCallback(
      (event: BeforeUnloadEvent) => {
        if (!dirty || submitting.current) return;
        event.preventDefault();
        // Older Chromium needs returnValue set to show the dialog.
        event.returnValue = '';
      },
      [dirty],
    ),
  );

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty &&
      !submitting.current &&
      (currentLocation.pathname !== nextLocation.pathname ||
        currentLocation.search !== nextLocation.search),
  );

  return { dirty, recheck, blocker };
}

/** The in-app "leave without saving?" question, shown while a navigation is blocked. */
export function UnsavedChangesDialog({ blocker }: { blocker: ReturnType<typeof useBlocker> }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (blocker.state === 'blocked') dialog.current?.showModal();
    else dialog.current?.close();
  }, [blocker.state]);
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby="unsaved-title"
      aria-describedby="unsaved-text"
      onCancel={() => blocker.reset?.()}
    >
      <h2 id="unsaved-title">{t('unsaved.title')}</h2>
      <p id="unsaved-text">{t('unsaved.text')}</p>
      <div className="actions">
        <button type="button" autoFocus onClick={() => blocker.reset?.()}>
          {t('unsaved.stay')}
        </button>
        <button type="button" className="button-danger" onClick={() => blocker.proceed?.()}>
          {t('unsaved.leave')}
        </button>
      </div>
    </dialog>
  );
}

/** A small "unsaved changes" marker next to a form's save button. */
export function DirtyMarker({ dirty }: { dirty: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="dirty-marker" role="status">
      {dirty ? t('unsaved.marker') : ''}
    </span>
  );
}
