import type { EntityManager } from '@mikro-orm/postgresql';
import { LOCALES, type ImageKind, type LocalizedText } from '@lanxang/contracts';
import type { Db } from '../db.js';
import { CastCredit, CrewCredit } from '../modules/catalog/credit.entity.js';
import { FeaturedItem } from '../modules/catalog/featured.entity.js';
import { Genre, type IGenre } from '../modules/catalog/genre.entity.js';
import { Image } from '../modules/catalog/image.entity.js';
import { Movie } from '../modules/catalog/movie.entity.js';
import { Person, type IPerson } from '../modules/catalog/person.entity.js';
import { VideoSource } from '../modules/catalog/video-source.entity.js';
import { PricingTier, type IPricingTier } from '../modules/rentals/pricing-tier.entity.js';
import {
  DEMO_FEATURED,
  DEMO_FILMS,
  DEMO_GENRES,
  DEMO_PEOPLE,
  type DemoFilm,
} from './demo-catalog.data.js';

/** Makes the demo's pictures and playable video; the real implementation runs ffmpeg. */
export interface DemoMediaMaker {
  /** Writes `<storageKey>/<size>.jpg` for every size of `kind`; answers the largest's dimensions. */
  artwork(input: {
    storageKey: string;
    kind: ImageKind;
    title: string;
    subtitle: string;
    hue: number;
  }): Promise<{
    width: number;
    height: number;
  }>;
  /** Writes `<storageKey>/hls/` (the ladder), `poster.jpg` and `trickplay/`; answers what the video source records. */
  video(input: { storageKey: string; title: string; hue: number }): Promise<{
    masterKey: string;
    durationSeconds: number;
    bandwidth: number;
    codecs: string;
    width: number;
    height: number;
    /** What the playback endpoint hands the TV besides the ladder. */
    posterKey: string;
    trickplayKey: string;
    trickplayIntervalSeconds: number;
  }>;
}

export interface SeedReport {
  films: number;
  people: number;
  genres: number;
  videos: number;
}

/**
 * Seeds the demo catalog. Idempotent: genres are found by TMDB id, people by English name and
 * films by slug, so a second run adds only what is missing.
 */
export async function seedDemoCatalog(
  db: Pick<Db, 'em'>,
  media: DemoMediaMaker,
  log: (message: string) => void = () => {},
): Promise<SeedReport> {
  const em = db.em.fork();
  const report: SeedReport = { films: 0, people: 0, genres: 0, videos: 0 };

  const genres = new Map<string, IGenre>();
  for (const demo of DEMO_GENRES) {
    let genre = await em.findOne(Genre, { tmdbId: demo.tmdbId });
    if (!genre) {
      genre = em.create(Genre, { tmdbId: demo.tmdbId });
      addTranslations(em, 'GenreTranslation', { genre }, { name: demo.name });
      report.genres++;
    }
    genres.set(demo.key, genre);
  }

  const people = new Map<string, IPerson>();
  for (const demo of DEMO_PEOPLE) {
    let person = await em.findOne(Person, { translations: { locale: 'en', name: demo.name.en! } });
    if (!person) {
      person = em.create(Person, { birthday: demo.birthday, placeOfBirth: demo.placeOfBirth });
      addTranslations(
        em,
        'PersonTranslation',
        { person },
        { name: demo.name, biography: demo.biography },
      );
      const storageKey = `images/people/${demo.key}/profile`;
      const size = await media.artwork({
        storageKey,
        kind: 'profile',
        title: demo.name.en!,
        subtitle: '',
        hue: hash(demo.key) % 360,
      });
      em.create(Image, { person, kind: 'profile', locale: null, storageKey, ...size });
      report.people++;
    }
    people.set(demo.key, person);
  }
  await em.flush();

  const tiers = await demoTiers(em);
  const missing: DemoFilm[] = [];
  for (const demo of DEMO_FILMS)
    if (!(await em.count(Movie, { slug: demo.slug }))) missing.push(demo);
  for (const [index, demo] of missing.entries()) {
    log(
      `film ${index + 1}/${missing.length}: ${demo.title.en}${demo.playable ? ' (making its HLS video: the slow part)' : ''}`,
    );
    const movie = em.create(Movie, {
      slug: demo.slug,
      originalTitle: demo.title.lo || demo.title.en!,
      originalLanguage: 'lo',
      releaseDate: demo.releaseDate,
      runtimeMinutes: demo.runtimeMinutes,
      certification: demo.certification,
      voteAverage: demo.voteAverage || null,
      voteCount: demo.voteAverage ? 120 : 0,
      popularity: demo.popularity,
      status: demo.status ?? 'published',
      rentalRequired: demo.rentalPrice !== undefined,
      priceAmount: demo.rentalPrice ?? null,
      pricingTierId: demo.rentalPrice === undefined ? null : tiers.get(demo.rentalPrice)!.id,
    });
    addTranslations(
      em,
      'MovieTranslation',
      { movie },
      { title: demo.title, overview: demo.overview, tagline: demo.tagline },
    );
    for (const key of demo.genres) movie.genres.add(genres.get(key)!);
    demo.cast.forEach((credit, order) => {
      const cast = em.create(CastCredit, { movie, person: people.get(credit.person)!, order });
      addTranslations(
        em,
        'CastCreditTranslation',
        { credit: cast },
        { character: credit.character },
      );
    });
    for (const [key, department, job] of crewOf(demo)) {
      const crew = em.create(CrewCredit, { movie, person: people.get(key)!, department });
      addTranslations(em, 'CrewCreditTranslation', { credit: crew }, { job });
    }
    for (const kind of ['poster', 'backdrop'] as const) {
      const storageKey = `images/movies/${demo.slug}/${kind}`;
      const size = await media.artwork({
        storageKey,
        kind,
        title: demo.title.en!,
        subtitle: demo.tagline.en ?? '',
        hue: demo.hue,
      });
      em.create(Image, { movie, kind, locale: null, storageKey, ...size });
    }
    if (demo.playable) {
      const video = await media.video({
        storageKey: `video/${demo.slug}`,
        title: demo.title.en!,
        hue: demo.hue,
      });
      em.create(VideoSource, {
        movie,
        quality: 'original',
        storageKey: video.masterKey,
        bandwidth: video.bandwidth,
        codecs: video.codecs,
        width: video.width,
        height: video.height,
        durationSeconds: video.durationSeconds,
        posterKey: video.posterKey,
        trickplayKey: video.trickplayKey,
        trickplayIntervalSeconds: video.trickplayIntervalSeconds,
        status: 'ready',
      });
      report.videos++;
    }
    report.films++;
  }
  await em.flush();

  if ((await em.count(FeaturedItem, {})) === 0) {
    const featured = await em.find(Movie, { slug: { $in: DEMO_FEATURED } });
    for (const movie of featured) {
      em.create(FeaturedItem, { movie, position: DEMO_FEATURED.indexOf(movie.slug) });
    }
    await em.flush();
  }
  return report;
}

function crewOf(demo: DemoFilm): [string, string, LocalizedText][] {
  return [
    [demo.director, 'Directing', { en: 'Director', lo: 'ຜູ້ກຳກັບ' }],
    [demo.writer, 'Writing', { en: 'Screenplay', lo: 'ບົດຮູບເງົາ' }],
  ];
}

/** Creates one translation row per locale from `{ field: { en, lo } }`. */
function addTranslations(
  em: EntityManager,
  entity: string,
  owner: Record<string, unknown>,
  fields: Record<string, LocalizedText>,
): void {
  for (const locale of LOCALES) {
    const values = Object.fromEntries(
      Object.entries(fields).map(([field, text]) => [field, text[locale] ?? '']),
    );
    if (Object.values(values).every((value) => !value)) continue;
    em.create(entity, { ...owner, locale, ...values });
  }
}

function hash(text: string): number {
  let value = 0;
  for (const char of text) value = (value * 31 + char.charCodeAt(0)) >>> 0;
  return value;
}

/** One price tier per demo rental price (found again on later runs), for the rental films. */
async function demoTiers(em: EntityManager): Promise<Map<number, IPricingTier>> {
  const prices = [...new Set(DEMO_FILMS.flatMap((demo) => demo.rentalPrice ?? []))].sort(
    (a, b) => a - b,
  );
  const tiers = new Map<number, IPricingTier>();
  for (const [position, price] of prices.entries()) {
    const label = price.toLocaleString('en-US');
    tiers.set(
      price,
      (await em.findOne(PricingTier, { priceLak: price })) ??
        em.create(PricingTier, {
          nameEn: `Rental ${label} kip`,
          nameLo: `ເຊົ່າ ${label} ກີບ`,
          priceLak: price,
          rentalHours: 24,
          position,
        }),
    );
  }
  await em.flush();
  return tiers;
}
