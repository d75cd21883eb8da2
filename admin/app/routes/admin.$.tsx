import { data, type LoaderFunctionArgs } from '@remix-run/node';
import { RouteError } from '~/components/route-error';
import { requireAdmin } from '~/lib/session.server';

/** An admin address no route claims: the not-found page inside the admin's own frame. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  throw data({ code: 'route_not_found' }, { status: 404 });
}

export default function AdminNotFound() {
  return null;
}

export function ErrorBoundary() {
  return <RouteError />;
}
