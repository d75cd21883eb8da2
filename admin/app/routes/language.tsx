import { LocaleSchema } from '@lanxang/contracts';
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { commitLocale } from '~/lib/session.server';

/** Only paths on this site, so the form cannot be used to send someone elsewhere. */
const LocalPathSchema = z
  .string()
  .refine((path) => path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\'))
  .catch('/');

const LanguageFormSchema = z.object({
  locale: LocaleSchema,
  redirectTo: LocalPathSchema,
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
