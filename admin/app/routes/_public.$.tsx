import { data } from '@remix-run/node';
import { RouteError } from '~/components/route-error';

/** Any address no other route claims: a 404 with the same friendly page as every other error. */
export async function loader() {
  throw data({ code: 'route_not_found' }, { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <RouteError />;
}
