import { data, type ActionFunctionArgs } from '@remix-run/node';
import { apiFor } from '~/lib/api.server';
import { assertSameOrigin } from '~/lib/csrf.server';
import { toShownProblem } from '~/lib/problems.server';
import { requireId } from '~/lib/params.server';
import { requireAdmin } from '~/lib/session.server';

/**
 * Re-sync one imported film from TMDB (`<ResyncButton>` posts here, from any page). The API
 * refreshes the English data and keeps every Lao field an admin has edited.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request);
  const id = requireId(params, 'movieId');
  try {
    const film = await apiFor(request).call('adminTmdbResync', {
      params: { id },
      timeoutMs: 120_000,
    });
    return { ok: true as const, title: film.title.en ?? film.originalTitle, problem: null };
  } catch (error) {
    const problem = toShownProblem(error);
    return data({ ok: false as const, title: null, problem }, { status: problem.status });
  }
}
