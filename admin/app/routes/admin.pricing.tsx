import type { PricingTier, PromoCode } from '@lanxang/contracts';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { Field, FormError } from '~/components/fields';
import { FilmSelect } from '~/components/film-select';
import { RouteError } from '~/components/route-error';
import { rethrowAsRouteError } from '~/lib/api.server';
import { editorLoad } from '~/lib/editor.server';
import { formatKip } from '~/lib/money';
import {
  filmChoices,
  NewPromoFormSchema,
  PromoFormSchema,
  refused,
  rentalsSubmission,
  saved,
  TierFormSchema,
  type RentalsActionResult,
} from '~/lib/rentals.server';

export const meta: MetaFunction = () => [{ title: 'Pricing · Lanxang Admin' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { api, locale } = await editorLoad(request);
  const [tiers, promos, films] = await Promise.all([
    api.call('adminListTiers'),
    api.call('adminListPromoCodes'),
    filmChoices(api, locale),
  ]).catch(rethrowAsRouteError);
  return { tiers: tiers.items, promos: promos.items, films, locale };
}

/** One small form per tier and per promo code; `intent` says which change, `id` which record. */
export async function action({ request }: ActionFunctionArgs) {
  const { api, values, intent } = await rentalsSubmission(request);
  const id = Number(values.id);
  const target = intent.startsWith('create')
    ? intent === 'createTier'
      ? 'new-tier'
      : 'new-promo'
    : `${intent.includes('Tier') ? 'tier' : 'promo'}-${id}`;
  try {
    switch (intent) {
      case 'createTier':
      case 'updateTier': {
        const form = TierFormSchema.safeParse(values);
        if (!form.success) return refused(target, values, form.error);
        const name = form.data.name.lo ? form.data.name : { en: form.data.name.en };
        if (intent === 'createTier')
          await api.call('adminCreateTier', { body: { ...form.data, name } });
        else await api.call('adminUpdateTier', { params: { id }, body: { ...form.data, name } });
        return saved(target);
      }
      case 'deactivateTier':
        await api.call('adminDeactivateTier', { params: { id } });
        return saved(target);
      case 'activateTier':
        await api.call('adminUpdateTier', { params: { id }, body: { active: true } });
        return saved(target);
      case 'createPromo': {
        const form = NewPromoFormSchema.safeParse(values);
        if (!form.success) return refused(target, values, form.error);
        const { value, ...promo } = form.data;
        await api.call('adminCreatePromoCode', {
          body: { ...promo, ...(value === null ? {} : { value }) },
        });
        return saved(target);
      }
      case 'updatePromo': {
        const form = PromoFormSchema.safeParse(values);
        if (!form.success) return refused(target, values, form.error);
        const { value, ...promo } = form.data;
        await api.call('adminUpdatePromoCode', {
          params: { id },
          body: { ...promo, ...(value === null ? {} : { value }) },
        });
        return saved(target);
      }
      case 'deactivatePromo':
        await api.call('adminDeactivatePromoCode', { params: { id } });
        return saved(target);
      case 'activatePromo':
        await api.call('adminUpdatePromoCode', { params: { id }, body: { active: true } });
        return saved(target);
      default:
        throw new Response(`Unknown intent “${intent}”`, { status: 400 });
    }
  } catch (error) {
    return refused(target, values, error);
  }
}

type Films = { id: number; title: string }[];

/** The answer about `target`'s form, if the last action was about it. */
function useResultFor(target: string) {
  const result = useActionData<RentalsActionResult>();
  return result?.target === target ? result : undefined;
}

export default function Pricing() {
  const { t } = useTranslation();
  const { tiers, promos, films } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-heading">
        <h1>{t('rentals.tiers.title')}</h1>
        <p className="muted">{t('rentals.tiers.lead')}</p>
      </div>
      <section aria-labelledby="tiers-heading" className="rentals-section">
        <h2 id="tiers-heading" className="visually-hidden">
          {t('rentals.tiers.title')}
        </h2>
        {tiers.length === 0 ? <p className="empty">{t('rentals.tiers.empty')}</p> : null}
        {tiers.map((tier) => (
          <TierForm key={`${tier.id}-${tier.priceLak}-${tier.rentalHours}`} tier={tier} />
        ))}
        <TierForm />
      </section>

      <div className="page-heading">
        <h2 id="promos-heading">{t('rentals.promos.title')}</h2>
        <p className="muted">{t('rentals.promos.lead')}</p>
      </div>
      <section aria-labelledby="promos-heading" className="rentals-section">
        {promos.length === 0 ? <p className="empty">{t('rentals.promos.empty')}</p> : null}
        {promos.map((promo) => (
          <PromoForm key={`${promo.id}-${promo.active}`} promo={promo} films={films} />
        ))}
        <PromoForm films={films} />
      </section>
    </>
  );
}

/** A record's buttons (a new one's Add; a stored one's Save and (de)activate), and "Saved." */
function RecordActions({
  saving,
  saved,
  active,
  kind,
}: {
  saving: boolean;
  saved: boolean;
  active: boolean | undefined;
  kind: 'Tier' | 'Promo';
}) {
  const { t } = useTranslation();
  return (
    <p className="actions">
      {active === undefined ? (
        <button type="submit" name="intent" value={`create${kind}`} disabled={saving}>
          {kind === 'Tier' ? t('rentals.tiers.create') : t('rentals.promos.create')}
        </button>
      ) : (
        <>
          <button type="submit" name="intent" value={`update${kind}`} disabled={saving}>
            {t('rentals.save')}
          </button>
          <button
            type="submit"
            name="intent"
            value={`${active ? 'deactivate' : 'activate'}${kind}`}
            className="button-secondary"
            disabled={saving}
          >
            {active ? t('rentals.deactivate') : t('rentals.activate')}
          </button>
        </>
      )}
      {saved ? (
        <span className="saved-marker" role="status">
          {t('rentals.saved')}
        </span>
      ) : null}
    </p>
  );
}

function TierForm({ tier }: { tier?: PricingTier }) {
  const { t } = useTranslation();
  const target = tier ? `tier-${tier.id}` : 'new-tier';
  const result = useResultFor(target);
  const saving = useNavigation().state === 'submitting';
  const invalid = result?.status === 'invalid' ? result : undefined;
  const typed = (path: string, stored: string | number | undefined) => {
    const value = path
      .split('.')
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], invalid?.values);
    return typeof value === 'string' ? value : stored;
  };
  return (
    <Form
      method="post"
      className={`card rentals-record ${tier && !tier.active ? 'record-inactive' : ''}`}
      aria-label={tier ? tier.name.en : t('rentals.tiers.add')}
      data-testid={target}
      noValidate
      // A new tier's form empties after it is added.
      key={result?.status === 'saved' ? result.savedAt : 0}
    >
      <h3>
        {tier ? (
          <>
            {tier.name.en} · {formatKip(tier.priceLak, 'en')}{' '}
            <span
              className={`badge ${tier.active ? 'badge-status-published' : 'badge-status-draft'}`}
            >
              {tier.active ? t('rentals.active') : t('rentals.inactive')}
            </span>{' '}
            <span className="muted">{t('rentals.tiers.films', { count: tier.movieCount })}</span>
          </>
        ) : (
          t('rentals.tiers.add')
        )}
      </h3>
      <FormError error={invalid?.errors.form} />
      {tier ? <input type="hidden" name="id" value={tier.id} /> : null}
      <div className="rentals-fields">
        <Field
          name="name.en"
          label={t('rentals.tiers.nameEn')}
          lang="en"
          defaultValue={typed('name.en', tier?.name.en ?? '')}
          error={invalid?.errors['name.en']}
        />
        <Field
          name="name.lo"
          label={t('rentals.tiers.nameLo')}
          lang="lo"
          className="field-lo"
          defaultValue={typed('name.lo', tier?.name.lo ?? '')}
          error={invalid?.errors['name.lo']}
        />
        <Field
          name="priceLak"
          label={t('rentals.kip')}
          inputMode="numeric"
          defaultValue={typed('priceLak', tier?.priceLak ?? '')}
          error={invalid?.errors.priceLak}
        />
        <Field
          name="rentalHours"
          label={t('rentals.hours')}
          inputMode="numeric"
          defaultValue={typed('rentalHours', tier?.rentalHours ?? 24)}
          error={invalid?.errors.rentalHours}
        />
        <Field
          name="position"
          label={t('rentals.position')}
          inputMode="numeric"
          defaultValue={typed('position', tier?.position ?? '')}
          error={invalid?.errors.position}
        />
      </div>
      <RecordActions
        saving={saving}
        saved={result?.status === 'saved'}
        active={tier?.active}
        kind="Tier"
      />
    </Form>
  );
}

/** `2026-12-02T23:59:59.000Z` as a date input wants it. */
const dayOf = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

function PromoForm({ promo, films }: { promo?: PromoCode; films: Films }) {
  const { t } = useTranslation();
  const target = promo ? `promo-${promo.id}` : 'new-promo';
  const result = useResultFor(target);
  const saving = useNavigation().state === 'submitting';
  const invalid = result?.status === 'invalid' ? result : undefined;
  const typed = (name: string, stored: string | number | null | undefined) => {
    const value = invalid?.values[name];
    return typeof value === 'string' ? value : (stored ?? '');
  };
  return (
    <Form
      method="post"
      className={`card rentals-record ${promo && !promo.active ? 'record-inactive' : ''}`}
      aria-label={promo ? promo.code : t('rentals.promos.add')}
      data-testid={target}
      noValidate
      key={result?.status === 'saved' ? result.savedAt : 0}
    >
      <h3>
        {promo ? (
          <>
            <code>{promo.code}</code>{' '}
            <span
              className={`badge ${promo.active ? 'badge-status-published' : 'badge-status-draft'}`}
            >
              {promo.active ? t('rentals.active') : t('rentals.inactive')}
            </span>{' '}
            <span className="muted">
              {t('rentals.promos.uses')}: {promo.uses}
              {promo.maxUses === null ? '' : ` / ${promo.maxUses}`}
            </span>
          </>
        ) : (
          t('rentals.promos.add')
        )}
      </h3>
      <FormError error={invalid?.errors.form} />
      {promo ? <input type="hidden" name="id" value={promo.id} /> : null}
      <div className="rentals-fields">
        {promo ? null : (
          <Field
            name="code"
            label={t('rentals.promos.code')}
            defaultValue={typed('code', '')}
            error={invalid?.errors.code}
          />
        )}
        <div className="field">
          <label htmlFor={`${target}-kind`}>{t('rentals.promos.kind')}</label>
          <select
            id={`${target}-kind`}
            name="kind"
            defaultValue={typed('kind', promo?.kind ?? 'percent')}
          >
            {(['percent', 'fixed', 'free'] as const).map((kind) => (
              <option key={kind} value={kind}>
                {t(`rentals.promos.kinds.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <Field
          name="value"
          label={t('rentals.promos.value')}
          inputMode="numeric"
          defaultValue={typed('value', promo && promo.kind !== 'free' ? promo.value : '')}
          error={invalid?.errors.value}
        />
        <Field
          name="maxUses"
          label={t('rentals.promos.maxUses')}
          inputMode="numeric"
          defaultValue={typed('maxUses', promo?.maxUses)}
          error={invalid?.errors.maxUses}
        />
        <Field
          name="validFrom"
          type="date"
          label={t('rentals.promos.validFrom')}
          defaultValue={typed('validFrom', dayOf(promo?.validFrom ?? null))}
          error={invalid?.errors.validFrom}
        />
        <Field
          name="validUntil"
          type="date"
          label={t('rentals.promos.validUntil')}
          defaultValue={typed('validUntil', dayOf(promo?.validUntil ?? null))}
          error={invalid?.errors.validUntil}
        />
        <FilmSelect
          id={`${target}-film`}
          label={t('rentals.promos.film')}
          emptyLabel={t('rentals.promos.everyFilm')}
          films={films}
          defaultValue={typed('movieId', promo?.movieId ?? '')}
        />
      </div>
      <RecordActions
        saving={saving}
        saved={result?.status === 'saved'}
        active={promo?.active}
        kind="Promo"
      />
    </Form>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
