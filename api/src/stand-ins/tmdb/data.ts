import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The fake's data: the real captured TMDB v3 responses in `fixtures/` (film 550 and person 287,
 * unedited), plus one film derived from them that has a Lao (`lo`) translation, which no captured
 * response has. Shapes are kept loose here on purpose: the fake serves JSON as TMDB does, and the
 * client's own zod schemas are what the tests exercise.
 */
type Json = Record<string, unknown>;

const fixturesDir = path.join(import.meta.dirname, 'fixtures');
const fixture = <T = Json>(name: string): T =>
  JSON.parse(readFileSync(path.join(fixturesDir, name), 'utf8')) as T;

export interface FakeImage {
  file_path: string;
  iso_639_1: string | null;
  width: number;
  height: number;
  aspect_ratio: number;
  vote_average: number;
  vote_count: number;
}
export interface FakeCredit {
  id: number;
  name: string;
  original_name: string;
  profile_path: string | null;
  known_for_department: string;
  popularity: number;
  gender: number;
  adult: boolean;
  credit_id: string;
  character?: string;
  order?: number;
  cast_id?: number;
  department?: string;
  job?: string;
}

/** One film as TMDB holds it: details plus each sub-resource `append_to_response` can nest. */
export interface FakeFilm {
  details: Json & {
    id: number;
    title: string;
    original_title: string;
    release_date: string;
    poster_path: string | null;
    backdrop_path: string | null;
    overview: string;
    genres: { id: number; name: string }[];
  };
  credits: { cast: FakeCredit[]; crew: FakeCredit[] };
  images: { backdrops: FakeImage[]; logos: FakeImage[]; posters: FakeImage[] };
  videos: { results: Json[] };
  translations: {
    translations: {
      iso_639_1: string;
      iso_3166_1: string;
      name: string;
      english_name: string;
      data: Json;
    }[];
  };
  release_dates: { results: Json[] };
}

export interface FakeData {
  films: Map<number, FakeFilm>;
  people: Map<number, Json>;
  genres: Json;
  languages: unknown;
  errors: { invalidApiKey: Json; notFound: Json; validation: Json };
  /** Every image file path the fake can serve, with the shape to draw it at. */
  imageFiles: Map<string, { width: number; height: number }>;
}

/** The derived film with a Lao translation (a made-up film; its id is unused on TMDB's scale). */
export const LAO_FILM_ID = 1_090_550;
export const FIGHT_CLUB_ID = 550;

export function loadFakeData(): FakeData {
  const details = fixture<FakeFilm['details']>('movie-details.json');
  const strip = <T extends Json>(value: T): Omit<T, 'id'> => {
    // A nested sub-response has no top-level id (see fixtures/README.md).
    const { id: _id, ...rest } = value;
    return rest;
  };
  const fightClub: FakeFilm = {
    details,
    credits: strip(fixture('movie-credits.json')) as unknown as FakeFilm['credits'],
    images: strip(fixture('movie-images.json')) as unknown as FakeFilm['images'],
    videos: strip(fixture('movie-videos.json')) as unknown as FakeFilm['videos'],
    translations: strip(fixture('movie-translations.json')) as unknown as FakeFilm['translations'],
    release_dates: strip(
      fixture('movie-release-dates.json'),
    ) as unknown as FakeFilm['release_dates'],
  };
  const laoFilm = deriveLaoFilm(fightClub);

  const person287 = fixture('person-details.json');
  const people = new Map<number, Json>([[287, person287]]);
  // TMDB has a details page for everyone credited; only 287's was captured, so the others are
  // built from what the credits say about them (TMDB answers "" / null for unknown fields).
  for (const film of [fightClub, laoFilm]) {
    for (const credit of [...film.credits.cast, ...film.credits.crew]) {
      if (people.has(credit.id)) continue;
      people.set(credit.id, {
        adult: credit.adult,
        also_known_as: [],
        biography: '',
        birthday: null,
        deathday: null,
        gender: credit.gender,
        homepage: null,
        id: credit.id,
        imdb_id: null,
        known_for_department: credit.known_for_department,
        name: credit.name,
        place_of_birth: null,
        popularity: credit.popularity,
        profile_path: credit.profile_path,
      });
    }
  }

  const imageFiles = new Map<string, { width: number; height: number }>();
  const portrait = { width: 600, height: 900 };
  for (const film of [fightClub, laoFilm]) {
    for (const image of [...film.images.posters, ...film.images.backdrops, ...film.images.logos]) {
      imageFiles.set(image.file_path, { width: image.width, height: image.height });
    }
    if (film.details.poster_path && !imageFiles.has(film.details.poster_path))
      imageFiles.set(film.details.poster_path, { width: 2000, height: 3000 });
    if (film.details.backdrop_path && !imageFiles.has(film.details.backdrop_path))
      imageFiles.set(film.details.backdrop_path, { width: 1920, height: 1080 });
  }
  for (const person of people.values()) {
    const profile = person.profile_path;
    if (typeof profile === 'string') imageFiles.set(profile, portrait);
  }

  return {
    films: new Map([
      [FIGHT_CLUB_ID, fightClub],
      [LAO_FILM_ID, laoFilm],
    ]),
    people,
    genres: fixture('genre-movie-list.json'),
    languages: fixture<unknown>('configuration-languages.json'),
    errors: {
      invalidApiKey: fixture('invalid-api-key.json'),
      notFound: fixture('resource-not-found.json'),
      validation: fixture('validation-error.json'),
    },
    imageFiles,
  };
}

/**
 * A Lao film in TMDB's shapes, reusing real people and image records from film 550 so the
 * importer meets shared people, a `lo` translation, a `lo` poster and logo, no US certification
 * and no IMDb id.
 */
function deriveLaoFilm(source: FakeFilm): FakeFilm {
  const cast = source.credits.cast.slice(0, 4).map((credit, order) => ({
    ...credit,
    character: ['Noy', 'Uncle Keo', 'Grandmother Bua', 'The Boatmaster'][order] ?? '',
    credit_id: `lx${credit.credit_id.slice(2)}`,
    order,
  }));
  const crewIds = new Set([7467, 7469]);
  const crew = source.credits.crew
    .filter((credit) => crewIds.has(credit.id))
    .map((credit) => ({ ...credit, credit_id: `lx${credit.credit_id.slice(2)}` }));
  const image = (
    file: string,
    iso: string | null,
    width: number,
    height: number,
    vote: number,
  ): FakeImage => ({
    aspect_ratio: Math.round((width / height) * 1000) / 1000,
    file_path: file,
    height,
    iso_639_1: iso,
    vote_average: vote,
    vote_count: 3,
    width,
  });
  const laoTitle = 'ນັກແຂ່ງເຮືອແຫ່ງວຽງຈັນ';
  return {
    details: {
      ...source.details,
      backdrop_path: '/lxBoatRaceBackdrop0001aaaaaa.jpg',
      belongs_to_collection: null,
      budget: 0,
      genres: [
        { id: 18, name: 'Drama' },
        { id: 10751, name: 'Family' },
      ],
      homepage: '',
      id: LAO_FILM_ID,
      imdb_id: null,
      original_language: 'lo',
      original_title: laoTitle,
      overview:
        'A riverside village trains all year for the boat race of Boun Ok Phansa, and a girl who is not allowed to row finds her own way into the boat.',
      popularity: 3.2,
      poster_path: '/lxBoatRacePosterLo00001aaaaa.jpg',
      production_companies: [],
      production_countries: [{ iso_3166_1: 'LA', name: 'Lao People’s Democratic Republic' }],
      release_date: '2019-10-13',
      revenue: 0,
      runtime: 96,
      spoken_languages: [{ english_name: 'Lao', iso_639_1: 'lo', name: '' }],
      tagline: 'One river. One race. One village.',
      title: 'The Boat Racers of Vientiane',
      vote_average: 7.1,
      vote_count: 42,
    },
    credits: { cast, crew },
    images: {
      posters: [
        image('/lxBoatRacePosterLo00001aaaaa.jpg', 'lo', 1000, 1500, 5.6),
        image('/lxBoatRacePosterEn00002aaaaa.jpg', 'en', 1000, 1500, 5.4),
        image('/lxBoatRacePosterTh00003aaaaa.jpg', 'th', 1000, 1500, 5.3),
      ],
      backdrops: [image('/lxBoatRaceBackdrop0001aaaaaa.jpg', null, 1920, 1080, 5.5)],
      logos: [image('/lxBoatRaceLogoLo000001aaaaa.png', 'lo', 1200, 300, 5.3)],
    },
    videos: {
      results: [
        {
          iso_639_1: 'lo',
          iso_3166_1: 'LA',
          name: 'Teaser',
          key: 'lxTeaser001',
          site: 'YouTube',
          size: 1080,
          type: 'Teaser',
          official: true,
          published_at: '2019-08-01T09:00:00.000Z',
          id: 'lx0000000000000000000001',
        },
        {
          iso_639_1: 'lo',
          iso_3166_1: 'LA',
          name: 'Festival cut',
          key: '123456789',
          site: 'Vimeo',
          size: 1080,
          type: 'Trailer',
          official: true,
          published_at: '2019-09-01T09:00:00.000Z',
          id: 'lx0000000000000000000002',
        },
        {
          iso_639_1: 'lo',
          iso_3166_1: 'LA',
          name: 'Official Trailer',
          key: 'lxTrailer01',
          site: 'YouTube',
          size: 1080,
          type: 'Trailer',
          official: true,
          published_at: '2019-09-20T09:00:00.000Z',
          id: 'lx0000000000000000000003',
        },
      ],
    },
    translations: {
      translations: [
        {
          iso_3166_1: 'US',
          iso_639_1: 'en',
          name: 'English',
          english_name: 'English',
          data: { homepage: '', overview: '', runtime: 96, tagline: '', title: '' },
        },
        {
          iso_3166_1: 'LA',
          iso_639_1: 'lo',
          name: 'ພາສາລາວ',
          english_name: 'Lao',
          data: {
            homepage: '',
            overview: 'ບ້ານນ້ອຍແຫ່ງໜຶ່ງລຽບແມ່ນ້ຳຂອງ ຝຶກຊ້ອມຕະຫຼອດປີເພື່ອງານແຂ່ງເຮືອບຸນອອກພັນສາ.',
            runtime: 96,
            tagline: 'ແມ່ນ້ຳດຽວ, ການແຂ່ງຂັນດຽວ, ບ້ານດຽວ.',
            title: laoTitle,
          },
        },
      ],
    },
    release_dates: {
      results: [
        {
          iso_3166_1: 'LA',
          release_dates: [
            {
              certification: '',
              descriptors: [],
              iso_639_1: '',
              note: 'Vientiane premiere',
              release_date: '2019-10-13T00:00:00.000Z',
              type: 1,
            },
          ],
        },
        {
          iso_3166_1: 'TH',
          release_dates: [
            {
              certification: '15',
              descriptors: [],
              iso_639_1: '',
              note: '',
              release_date: '2019-11-07T00:00:00.000Z',
              type: 3,
            },
          ],
        },
      ],
    },
  };
}
