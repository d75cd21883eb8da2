import { resolveText, type LocalizedText } from '@lanxang/contracts';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { RouteError } from '~/components/route-error';
import { apiFor, rethrowAsRouteError } from '~/lib/api.server';
import { imageUrl } from '~/lib/films.server';
import { requireId } from '~/lib/params.server';
import { requireAdmin } from '~/lib/session.server';

export const meta: MetaFunction<typeof loader> = ({ data: film }) => [
  { title: `TV preview: ${film?.titleEn ?? 'Film'} · Lanxang Admin` },
];

/** The TV's own Lao words for these screens, as in tv-app/src/locales/lo.json. */
const TV_LAO = {
  play: 'ຫຼິ້ນ',
  notPlayable: 'ຍັງບໍ່ສາມາດເບິ່ງໄດ້',
  moreLikeThis: 'ຮູບເງົາຄ້າຍກັນ',
  cast: 'ນັກສະແດງ',
  director: (names: string) => `ຜູ້ກຳກັບ: ${names}`,
  minutes: (count: number) => `${count} ນາທີ`,
  rental: 'ເຊົ່າ',
} as const;

/** The TV resolves every text as `resolveText(text, 'lo')`: Lao, else English. */
const lo = (text: LocalizedText) => resolveText(text, 'lo');

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const id = requireId(params, 'id');
  const movie = await apiFor(request)
    .call('adminGetMovie', { params: { id } })
    .catch(rethrowAsRouteError);
  const fallsBack = (['title', 'overview', 'tagline'] as const).filter(
    (field) => !movie[field].lo?.trim() && movie[field].en?.trim(),
  );
  const directors = movie.crew
    .filter((member) => member.job.en === 'Director')
    .map((member) => lo(member.person.name));
  return {
    id: movie.id,
    titleEn: movie.title.en ?? '',
    title: lo(movie.title),
    overview: lo(movie.overview),
    meta: [
      movie.releaseDate?.slice(0, 4) ?? '',
      movie.runtimeMinutes ? TV_LAO.minutes(movie.runtimeMinutes) : '',
      movie.certification ?? '',
      movie.voteAverage ? `★ ${movie.voteAverage.toFixed(1)}` : '',
      movie.rentalRequired ? TV_LAO.rental : '',
    ]
      .filter(Boolean)
      .join('  ·  '),
    genres: movie.genres.map((genre) => lo(genre.name)).join('  ·  '),
    director: directors.length > 0 ? TV_LAO.director(directors.join(', ')) : '',
    playable: movie.videoSources.some((source) => source.status === 'ready'),
    hasSimilar: movie.similar.length > 0,
    posterUrl: imageUrl(movie.poster, 342),
    tilePosterUrl: imageUrl(movie.poster, 240),
    backdropUrl: imageUrl(movie.backdrop, 1280),
    cast: [...movie.cast]
      .sort((a, b) => a.order - b.order)
      .slice(0, 6)
      .map((member) => ({
        id: member.person.id,
        name: lo(member.person.name),
        role: lo(member.character),
        profileUrl: imageUrl(member.person.profile, 185),
      })),
    fallsBack,
  };
}

/** Scales a 1920×1080 stage to the width it is given, as the TV scales to its screen. */
function useStageScale() {
  const frame = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(0.5);
  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setScale(entry.contentRect.width / 1920);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { frame, style: { '--stage-scale': scale } as CSSProperties };
}

export default function TvPreview() {
  const film = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const details = useStageScale();
  const home = useStageScale();

  return (
    <article className="tv-preview-page">
      <p>
        <Link to={`/admin/films/${film.id}`}>← {t('preview.back')}</Link>
      </p>
      <h1>{t('preview.title', { title: film.titleEn || film.title })}</h1>
      <p className="muted">{t('preview.lead')}</p>
      {film.fallsBack.length > 0 ? (
        <p className="notice notice-warning" role="status">
          {t('preview.fallsBack', {
            fields: film.fallsBack.map((field) => t(`film.fields.${field}`)).join(', '),
          })}{' '}
          <Link to={`/admin/translations?item=film-${film.id}`}>{t('preview.translate')}</Link>
        </p>
      ) : null}

      <h2>{t('preview.tile')}</h2>
      <div className="tv-frame tv-frame-row" ref={home.frame} style={home.style}>
        <div
          className="tv-stage tv-stage-row"
          lang="lo"
          aria-label={t('preview.tileLabel')}
          role="img"
        >
          <p className="tv-row-title">{TV_LAO.moreLikeThis}</p>
          <div className="tv-row">
            <div className="tv-tile tv-tile-focused">
              {film.tilePosterUrl ? <img src={film.tilePosterUrl} alt="" /> : null}
              {film.tilePosterUrl ? null : <span className="tv-tile-caption">{film.title}</span>}
            </div>
            <div className="tv-tile">
              <span className="tv-tile-caption">{film.title}</span>
            </div>
            <div className="tv-tile tv-tile-ghost" />
            <div className="tv-tile tv-tile-ghost" />
            <div className="tv-tile tv-tile-ghost" />
          </div>
        </div>
      </div>
      <p className="muted">{t('preview.tileHint')}</p>

      <h2>{t('preview.details')}</h2>
      <div className="tv-frame" ref={details.frame} style={details.style}>
        <div className="tv-stage" lang="lo" role="img" aria-label={t('preview.detailsLabel')}>
          {film.backdropUrl ? <img className="tv-backdrop" src={film.backdropUrl} alt="" /> : null}
          <div className="tv-shade" />
          {film.posterUrl ? (
            <img className="tv-poster" src={film.posterUrl} alt="" />
          ) : (
            <div className="tv-poster" />
          )}
          <p className="tv-title">{film.title}</p>
          <p className="tv-meta">{film.meta}</p>
          <p className="tv-genres">{film.genres}</p>
          <p className="tv-overview">{film.overview}</p>
          <p className="tv-director">{film.director}</p>
          <div className="tv-buttons">
            <span className="tv-button tv-button-focused">
              {film.playable ? TV_LAO.play : TV_LAO.notPlayable}
            </span>
            {film.hasSimilar ? <span className="tv-button">{TV_LAO.moreLikeThis}</span> : null}
          </div>
          {film.cast.length > 0 ? (
            <div className="tv-cast">
              <p className="tv-row-title">{TV_LAO.cast}</p>
              <div className="tv-row">
                {film.cast.map((member) => (
                  <div key={member.id} className="tv-person">
                    <div className="tv-person-photo">
                      {member.profileUrl ? <img src={member.profileUrl} alt="" /> : null}
                    </div>
                    <p className="tv-person-name">{member.name}</p>
                    <p className="tv-person-role">{member.role}</p>
                  </div>
                ))}
              </div>
            </div>
          ) : null}
        </div>
      </div>
    </article>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
