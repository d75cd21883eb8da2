import { data, type ActionFunctionArgs } from '@remix-run/node';
import { apiFor } from '~/lib/api.server';
import { assertSameOrigin } from '~/lib/csrf.server';
import { toShownProblem } from '~/lib/problems.server';
import { requireId } from '~/lib/params.server';
import { requireAdmin } from '~/lib/session.server';

/** Cancels a queued or running media job; the jobs tables post here (`<JobTable>`). */
export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request);
  const id = requireId(params, 'jobId');
  try {
    await apiFor(request).call('adminCancelJob', { params: { id } });
    return { problem: null };
  } catch (error) {
    const problem = toShownProblem(error);
    return data({ problem }, { status: problem.status });
  }
}
