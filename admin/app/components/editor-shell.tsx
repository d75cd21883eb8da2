import { Form, useNavigation } from '@remix-run/react';
import { useEffect, useRef, type ComponentProps, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvalidForm } from '~/lib/forms.server';
import { Field } from './fields';
import { DirtyMarker, UnsavedChangesDialog, useUnsavedChanges } from './unsaved-changes';

/** What an editor's action answers: the form again with its errors, or the time it saved. */
export type EditorResult = InvalidForm | { status: 'saved'; savedAt: number };

/**
 * The key for an editor's form: it changes after each save, so the form remounts with the stored
 * values as its new baseline. Other answers (a refused save, publishing) leave it alone, so what
 * the admin typed survives them.
 */
export const savedKey = (result: { status: string; savedAt?: number } | undefined) =>
  result?.status === 'saved' ? (result.savedAt ?? 0) : 0;

/**
 * The state every editor form shares: whether it differs from `version` (the loaded record), and
 * the refused submission, if any, whose values and errors the form shows again.
 */
export function useEditor(version: unknown, result: { status: string } | undefined) {
  const form = useRef<HTMLFormElement>(null);
  const { dirty, recheck, blocker } = useUnsavedChanges(form, version);
  const invalid = result?.status === 'invalid' ? (result as InvalidForm) : undefined;

  // The first invalid field gets focus, so a keyboard user lands on what needs fixing.
  useEffect(() => {
    if (invalid) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [invalid]);

  // Ctrl+S / Cmd+S saves, as in every editor an admin already uses.
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        form.current?.requestSubmit(
          form.current.querySelector<HTMLButtonElement>('[value="save"]'),
        );
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  /** What the admin submitted at `path` (`cast.0.character.lo`) when it was refused, else `stored`. */
  function submitted<Stored>(path: string, stored: Stored): string | Stored {
    if (!invalid) return stored;
    const value = path
      .split('.')
      .reduce<unknown>(
        (node, key) => (node as Record<string, unknown> | undefined)?.[key],
        invalid.values,
      );
    return typeof value === 'string' ? value : stored;
  }

  return {
    form,
    dirty,
    recheck,
    blocker,
    invalid,
    errors: invalid?.errors ?? {},
    submitted,
    saved: result?.status === 'saved',
  };
}

type Editor = ReturnType<typeof useEditor>;

/**
 * An editor's form with its save bar (unsaved marker, saved note, save button) and the
 * "leave without saving?" dialog.
 */
export function EditorForm({
  editor,
  saveLabel,
  savingLabel,
  savedLabel,
  children,
  ...formProps
}: {
  editor: Editor;
  saveLabel?: string;
  /** Shown on the button while the save is under way; the save label when absent. */
  savingLabel?: string;
  savedLabel?: string;
  children: ReactNode;
} & Omit<ComponentProps<typeof Form>, 'method' | 'ref' | 'className' | 'noValidate'>) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const saving = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'save';
  return (
    <Form method="post" ref={editor.form} className="editor-form" noValidate {...formProps}>
      {children}
      <div className="save-bar">
        <DirtyMarker dirty={editor.dirty} />
        {editor.saved && !editor.dirty ? (
          <span className="saved-marker" role="status">
            {savedLabel ?? t('film.saved')}
          </span>
        ) : null}
        <button type="submit" name="intent" value="save" disabled={navigation.state !== 'idle'}>
          {saving && savingLabel ? savingLabel : (saveLabel ?? t('film.save'))}
        </button>
      </div>
      <UnsavedChangesDialog blocker={editor.blocker} />
    </Form>
  );
}

/**
 * The top of a record's editor: its picture (or an empty frame), its name in English with the
 * Lao name under it when both exist, and what the page adds (badges, actions, facts).
 */
export function RecordHeader({
  imageUrl,
  width,
  height,
  missingClassName,
  name,
  children,
}: {
  imageUrl: string | null;
  width: number;
  height: number;
  missingClassName?: string;
  name: { en?: string; lo?: string };
  children: ReactNode;
}) {
  return (
    <header className="film-header">
      {imageUrl ? (
        <img className="film-poster" src={imageUrl} alt="" width={width} height={height} />
      ) : (
        <span
          className={['film-poster poster-missing', missingClassName].filter(Boolean).join(' ')}
        />
      )}
      <div>
        <h1>{name.en || name.lo}</h1>
        {name.en && name.lo ? (
          <p className="film-title-lo" lang="lo">
            {name.lo}
          </p>
        ) : null}
        {children}
      </div>
    </header>
  );
}

/** A text in English and Lao side by side, showing what a refused save held. */
export function TranslatedRow({
  field,
  label,
  stored,
  multiline,
  rows,
  editor,
}: {
  field: string;
  label: string;
  stored: { en?: string; lo?: string };
  multiline?: boolean;
  rows?: number;
  editor: Editor;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="translated-row">
      <legend>{label}</legend>
      <Field
        name={`${field}.en`}
        label={t('film.english')}
        lang="en"
        multiline={multiline}
        rows={rows}
        defaultValue={editor.submitted(`${field}.en`, stored.en)}
        error={editor.errors[`${field}.en`]}
      />
      <Field
        name={`${field}.lo`}
        label={t('film.lao')}
        lang="lo"
        multiline={multiline}
        rows={rows}
        defaultValue={editor.submitted(`${field}.lo`, stored.lo)}
        error={editor.errors[`${field}.lo`]}
        className="field-lo"
      />
    </fieldset>
  );
}
