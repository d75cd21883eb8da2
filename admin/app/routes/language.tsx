import { LocaleSchema } from '@lanxang/contracts';
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { safeRedirect } from '~/lib/redirect';
import { commitLocale } from '~/lib/session.server';

const LanguageFormSchema = z.object({
  locale: LocaleSchema,
  // Only paths on this site, so the form cannot be used to send someone elsewhere.
  redirectTo: z.unknown().transform((to) => safeRedirect(to)),
});

/** A resource route: the language switcher posts here and lands back where it was. */
export async function action({ request }: ActionFunctionArgs) {
  const form = LanguageFormSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) throw new Response('Unknown language', { status: 400 });
  return redirect(form.data.redirectTo, {
    headers: { 'Set-Cookie': await commitLocale(request, form.data.locale) },
  });
}

export async function loader() {
  return redirect('/');
}
