import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

function problemFields(data: unknown): { code?: string; requestId?: string } {
  if (typeof data !== 'object' || data === null) return {};
  const { code, requestId } = data as Record<string, unknown>;
  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof requestId === 'string' ? { requestId } : {}),
  };
}

/**
 * What every route's ErrorBoundary shows: words an admin can act on, chosen by the API's stable
 * error code or the HTTP status, never a stack trace.
 */
export function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();

  let title = t('errors.title');
  let text = t('errors.unexpectedText');
  let requestId: string | undefined;
  let canRetry = true;

  if (isRouteErrorResponse(error)) {
    const problem = problemFields(error.data);
    requestId = problem.requestId;
    if (problem.code === 'service_unavailable' || error.status === 503 || error.status === 504) {
      title = t('errors.apiDownTitle');
      text = t('errors.apiDownText');
    } else if (error.status === 404) {
      title = t('errors.notFoundTitle');
      text = t('errors.notFoundText');
      canRetry = false;
    } else if (error.status === 403) {
      title = t('errors.forbiddenTitle');
      text = t('errors.forbiddenText');
      canRetry = false;
    }
  } else {
    // Left in the server log and the browser console for whoever debugs it; never on the page.
    console.error(error);
  }

  return (
    <section className="route-error" role="alert" aria-labelledby="route-error-title">
      <h1 id="route-error-title">{title}</h1>
      <p>{text}</p>
      {requestId ? <p className="muted">{t('errors.reference', { id: requestId })}</p> : null}
      <p className="actions">
        {canRetry ? (
          // A full reload reruns every loader, which is what "try again" means after an outage.
          <a className="button" href="">
            {t('errors.tryAgain')}
          </a>
        ) : null}
        <Link className="button button-secondary" to="/">
          {t('errors.home')}
        </Link>
      </p>
    </section>
  );
}
