import { useTranslation } from 'react-i18next';

/** Codes with their own words in the UI languages; any other shows the API's message. */
const EXPLAINED = [
  'tmdb_not_configured',
  'tmdb_rate_limited',
  'tmdb_not_found',
  'tmdb_unauthorized',
  'tmdb_unavailable',
  'payload_too_large',
  'not_a_video',
  'no_video_stream',
  'truncated_video',
  'unsupported_media_type',
  'invalid_subtitles',
  'job_finished',
  'service_unavailable',
  'forbidden',
  'unauthorized',
  'upload_interrupted',
] as const;
type ExplainedCode = (typeof EXPLAINED)[number];
const isExplained = (code: string): code is ExplainedCode =>
  (EXPLAINED as readonly string[]).includes(code);

/**
 * A failure explained where it happened: our own sentence for codes we know (so it reads in Lao
 * too), with the API's own message underneath when it adds something, e.g. the size limit.
 */
export function ProblemAlert({
  code,
  message,
  id,
}: {
  code: string;
  message?: string;
  id?: string;
}) {
  const { t } = useTranslation();
  const known = isExplained(code) ? t(`ingestErrors.${code}`) : undefined;
  return (
    <div className="problem" role="alert" id={id} data-code={code}>
      <p className="problem-title">{known ?? message ?? t('ingestErrors.unknown')}</p>
      {known && message && message !== known ? (
        <p className="problem-detail" lang="en">
          {message}
        </p>
      ) : null}
    </div>
  );
}
