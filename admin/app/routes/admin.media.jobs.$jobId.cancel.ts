import { IdSchema } from '@lanxang/contracts';
import { data, type ActionFunctionArgs } from '@remix-run/node';
import { adminCall } from '~/lib/admin-call.server';
import { assertSameOrigin } from '~/lib/csrf.server';
import { toShownProblem } from '~/lib/problems.server';
import { requireAdmin } from '~/lib/session.server';

/** Cancels a queued or running media job; the jobs tables post here (`<JobTable>`). */
export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request);
  const id = IdSchema.safeParse(params.jobId);
  if (!id.success) throw data({ code: 'not_found' }, { status: 404 });
  try {
    await adminCall(request, 'adminCancelJob', { params: { id: id.data } });
    return { problem: null };
  } catch (error) {
    const problem = toShownProblem(error);
    return data({ problem }, { status: problem.status });
  }
}
