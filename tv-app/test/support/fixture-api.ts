import { createReadStream, existsSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import path from 'node:path';
import type {
  Genre,
  Home,
  Image,
  LocalizedText,
  MovieDetails,
  MovieSummary,
  PersonDetails,
  PersonSummary,
  Problem,
} from '@lanxang/contracts';
import { artworkPng } from './png';

/**
 * A stand-in for the Lanxang API that answers contract-shaped JSON from a small fixed catalog,
 * plus the media it points at. Used until (or where) the real API stack is not available.
 * `setMode('down')` makes every API call answer 503, for the error screens.
 */
export interface FixtureApi {
  url: string;
  setMode(mode: 'ok' | 'down'): void;
  close(): Promise<void>;
}

interface DemoFilm {
  slug: string;
  en: string;
  lo: string;
  genre: number;
  year: number;
  hue: number;
  playable?: boolean;
  /** Points the film at a playlist that does not exist, for the playback-failed screen. */
  broken?: boolean;
}

const GENRES: Genre[] = [
  { id: 1, tmdbId: null, name: { en: 'Drama', lo: 'ລະຄອນ' } },
  { id: 2, tmdbId: null, name: { en: 'Comedy', lo: 'ຕະຫຼົກ' } },
  { id: 3, tmdbId: null, name: { en: 'Documentary', lo: 'ສາລະຄະດີ' } },
];

const FILMS: DemoFilm[] = [
  {
    slug: 'mekong-nights',
    en: 'Mekong Nights',
    lo: 'ຄືນແມ່ນ້ຳຂອງ',
    genre: 1,
    year: 2024,
    hue: 210,
    playable: true,
  },
  {
    slug: 'the-khaen-master',
    en: 'The Khaen Master',
    lo: 'ນາຍແຄນ',
    genre: 1,
    year: 2023,
    hue: 30,
    playable: true,
  },
  { slug: 'rice-field', en: 'The Rice Field', lo: 'ນາເຂົ້າ', genre: 1, year: 2022, hue: 90 },
  {
    slug: 'luang-prabang-morning',
    en: 'Luang Prabang Morning',
    lo: 'ເຊົ້າຫຼວງພະບາງ',
    genre: 3,
    year: 2021,
    hue: 45,
  },
  { slug: 'monsoon', en: 'Monsoon', lo: 'ລະດູຝົນ', genre: 1, year: 2020, hue: 190 },
  { slug: 'the-last-boat', en: 'The Last Boat', lo: 'ເຮືອລຳສຸດທ້າຍ', genre: 1, year: 2019, hue: 240 },
  { slug: 'golden-temple', en: 'Golden Temple', lo: 'ວັດຄຳ', genre: 3, year: 2018, hue: 50 },
  { slug: 'village-song', en: 'Village Song', lo: 'ເພງບ້ານ', genre: 2, year: 2024, hue: 320 },
  {
    slug: 'boat-racing-festival',
    en: 'Boat Racing Festival',
    lo: 'ບຸນຊ່ວງເຮືອ',
    genre: 2,
    year: 2023,
    hue: 170,
  },
  {
    slug: 'mothers-kitchen',
    en: "Mother's Kitchen",
    lo: 'ເຮືອນຄົວແມ່',
    genre: 2,
    year: 2022,
    hue: 10,
  },
  { slug: 'plain-of-jars', en: 'Plain of Jars', lo: 'ທົ່ງໄຫຫີນ', genre: 3, year: 2021, hue: 130 },
  { slug: 'night-market', en: 'Night Market', lo: 'ຕະຫຼາດກາງຄືນ', genre: 2, year: 2020, hue: 280 },
  {
    slug: 'the-elephant-keeper',
    en: 'The Elephant Keeper',
    lo: 'ຄວານຊ້າງ',
    genre: 1,
    year: 2019,
    hue: 70,
  },
  {
    slug: 'silk-weaver',
    en: 'The Silk Weaver',
    lo: 'ຊ່າງຕ່ຳແພ',
    genre: 3,
    year: 2018,
    hue: 350,
    playable: true,
    broken: true,
  },
];

const PEOPLE = [
  { en: 'Noy Phommachanh', lo: 'ນ້ອຍ ພົມມະຈັນ' },
  { en: 'Khamla Vongsa', lo: 'ຄຳລາ ວົງສາ' },
  { en: 'Bounmy Sayavong', lo: 'ບຸນມີ ໄຊຍະວົງ' },
  { en: 'Mali Chanthavong', lo: 'ມາລີ ຈັນທະວົງ' },
  { en: 'Somphone Keo', lo: 'ສົມພອນ ແກ້ວ' },
  { en: 'Vanh Inthavong', lo: 'ແວ່ນ ອິນທະວົງ' },
];

type CastMember = MovieDetails['cast'][number];

export async function startFixtureApi(
  options: { hlsDir?: string; port?: number } = {},
): Promise<FixtureApi> {
  let mode: 'ok' | 'down' = 'ok';
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const catalog = buildCatalog(url);

  server.on('request', (request, response) => {
    response.setHeader('access-control-allow-origin', '*');
    const { pathname, searchParams } = new URL(request.url ?? '/', url);
    if (pathname.startsWith('/media/')) return serveMedia(pathname, response, options.hlsDir);
    if (mode === 'down')
      return problem(response, 503, 'service_unavailable', 'The API is down for a test.');
    const parts = pathname.split('/').filter(Boolean);
    if (pathname === '/api/home') return json(response, catalog.home);
    if (pathname === '/api/genres') return json(response, { items: GENRES });
    if (pathname === '/api/movies') {
      const q = (searchParams.get('q') ?? '').trim().toLowerCase();
      const items = catalog.summaries.filter(
        (movie) =>
          !q || Object.values(movie.title).some((title) => title?.toLowerCase().includes(q)),
      );
      return json(response, { items, page: 1, pageSize: 24, total: items.length });
    }
    if (parts[0] === 'api' && parts[1] === 'movies' && parts[2]) {
      const movie = catalog.details.get(decodeURIComponent(parts[2]));
      return movie
        ? json(response, movie)
        : problem(response, 404, 'not_found', 'That film does not exist.');
    }
    if (parts[0] === 'api' && parts[1] === 'people' && parts[2]) {
      const person = catalog.people.get(Number(parts[2]));
      return person
        ? json(response, person)
        : problem(response, 404, 'not_found', 'That person does not exist.');
    }
    return problem(response, 404, 'route_not_found', `No route ${pathname}`);
  });

  return {
    url,
    setMode: (next) => (mode = next),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function problem(
  response: ServerResponse,
  status: number,
  code: Problem['code'],
  detail: string,
): void {
  const body: Problem = {
    type: `https://lanxang.la/problems/${code}`,
    title: code,
    status,
    code,
    detail,
  };
  response.writeHead(status, { 'content-type': 'application/problem+json' });
  response.end(JSON.stringify(body));
}

const MEDIA_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.vtt': 'text/vtt; charset=utf-8',
};

function serveMedia(pathname: string, response: ServerResponse, hlsDir: string | undefined): void {
  const image = /^\/media\/images\/(\w+)-(\d+)x(\d+)-(\d+)\.png$/.exec(pathname);
  if (image) {
    response.writeHead(200, {
      'content-type': 'image/png',
      'cache-control': 'public, max-age=3600',
    });
    response.end(artworkPng(Number(image[2]), Number(image[3]), Number(image[4])));
    return;
  }
  // Every playable film shares the one generated clip; the broken one has no files at all.
  const hls = /^\/media\/hls\/([a-z0-9-]+)\/(.+)$/.exec(pathname);
  const film = hls && FILMS.find((candidate) => candidate.slug === hls[1]);
  if (hls && film?.playable && !film.broken && hlsDir) {
    const file = path.resolve(hlsDir, hls[2]!);
    if (file.startsWith(hlsDir) && existsSync(file)) {
      response.writeHead(200, {
        'content-type': MEDIA_TYPES[path.extname(file)] ?? 'application/octet-stream',
      });
      createReadStream(file).pipe(response);
      return;
    }
  }
  response.writeHead(404, { 'content-type': 'text/plain' });
  response.end('not found');
}

function buildCatalog(base: string) {
  let imageId = 1;
  const image = (
    kind: Image['kind'],
    width: number,
    height: number,
    hue: number,
    sizes: string[],
  ): Image => {
    const url = `${base}/media/images/${kind}-${width}x${height}-${hue}.png`;
    return {
      id: imageId++,
      kind,
      locale: null,
      width,
      height,
      sizes: Object.fromEntries(sizes.map((size) => [size, url])),
    };
  };
  const people: PersonSummary[] = PEOPLE.map((name, index) => ({
    id: index + 1,
    name,
    profile:
      index === PEOPLE.length - 1 ? null : image('profile', 240, 240, index * 50, ['w185', 'w421']),
  }));
  const summaries: MovieSummary[] = FILMS.map((film, index) => ({
    id: index + 1,
    slug: film.slug,
    title: { en: film.en, lo: film.lo },
    overview: overview(film),
    releaseDate: `${film.year}-0${(index % 9) + 1}-15`,
    runtimeMinutes: 80 + index * 3,
    certification: index % 3 === 0 ? 'PG' : 'G',
    voteAverage: 6 + (index % 4) * 0.7,
    rentalRequired: false,
    genreIds: [film.genre],
    poster: image('poster', 342, 513, film.hue, ['w185', 'w342', 'w780']),
    backdrop: image('backdrop', 1280, 720, film.hue, ['w780', 'w1280']),
  }));
  const details = new Map<string, MovieDetails>();
  const filmography = new Map<number, PersonDetails['filmography']>();
  summaries.forEach((summary, index) => {
    const film = FILMS[index]!;
    const cast: CastMember[] = [0, 1, 2].map((offset) => {
      const person = people[(index + offset) % (people.length - 1)]!;
      return {
        person,
        character: { en: `Role ${offset + 1}`, lo: `ບົດທີ ${offset + 1}` },
        order: offset,
      };
    });
    const director = people[people.length - 1 - (index % 2)]!;
    for (const member of cast)
      push(filmography, member.person.id, {
        movie: summary,
        credit: 'cast',
        role: member.character,
      });
    push(filmography, director.id, {
      movie: summary,
      credit: 'crew',
      role: { en: 'Director', lo: 'ຜູ້ກຳກັບ' },
    });
    const { resolved: _movieResolved, ...base } = summary;
    const movie: MovieDetails = {
      ...base,
      tagline: { en: 'A film from Laos', lo: 'ຮູບເງົາຈາກລາວ' },
      originalTitle: film.lo,
      originalLanguage: 'lo',
      tmdbId: null,
      imdbId: null,
      status: 'published',
      price: null,
      trailerUrl: null,
      genres: GENRES.filter((genre) => genre.id === film.genre),
      cast,
      crew: [{ person: director, department: 'Directing', job: { en: 'Director', lo: 'ຜູ້ກຳກັບ' } }],
      images: {
        posters: summary.poster ? [summary.poster] : [],
        backdrops: summary.backdrop ? [summary.backdrop] : [],
        logos: [],
      },
      videoSources: film.playable
        ? [{ id: index + 1, format: 'hls', quality: '480p', status: 'ready', durationSeconds: 40 }]
        : [],
      similar: summaries
        .filter((other) => other.id !== summary.id && other.genreIds[0] === film.genre)
        .slice(0, 6),
    };
    details.set(film.slug, movie);
    details.set(String(summary.id), movie);
  });
  const peopleDetails = new Map<number, PersonDetails>(
    people.map(({ resolved: _personResolved, ...person }) => [
      person.id,
      {
        ...person,
        tmdbId: null,
        biography: {
          en: `${person.name.en} has worked in Lao film and theatre for many years, from Vientiane stages to festival screens.`,
          lo: `${person.name.lo} ໄດ້ເຮັດວຽກໃນວົງການຮູບເງົາ ແລະ ລະຄອນລາວມາເປັນເວລາຫຼາຍປີ.`,
        },
        birthday: '1985-04-13',
        placeOfBirth: 'Vientiane',
        filmography: filmography.get(person.id) ?? [],
      },
    ]),
  );
  const byYear = [...summaries].sort((a, b) =>
    (b.releaseDate ?? '').localeCompare(a.releaseDate ?? ''),
  );
  const home: Home = {
    hero: summaries.slice(0, 3).map((movie) => ({ movie, image: movie.backdrop })),
    rows: [
      row('featured', 'featured', { en: 'Featured', lo: 'ແນະນຳ' }, null, summaries.slice(0, 8)),
      row('new', 'new', { en: 'New', lo: 'ໃໝ່' }, null, byYear.slice(0, 10)),
      ...GENRES.map((genre) =>
        row(
          `genre-${genre.id}`,
          'genre',
          genre.name,
          genre.id,
          summaries.filter((movie) => movie.genreIds.includes(genre.id)),
        ),
      ),
    ],
  };
  return { summaries, details, people: peopleDetails, home };
}

function row(
  id: string,
  kind: Home['rows'][number]['kind'],
  title: LocalizedText,
  genreId: number | null,
  items: MovieSummary[],
) {
  return { id, kind, title, genreId, items };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  map.set(key, [...(map.get(key) ?? []), value]);
}

function overview(film: DemoFilm): LocalizedText {
  const en = `${film.en} follows a family along the Mekong as the seasons turn, told with patience and warmth by a new generation of Lao filmmakers.`;
  // One film has no Lao overview, so the lo → en fallback is on screen in Lao mode.
  if (film.slug === 'monsoon') return { en };
  return {
    en,
    lo: `${film.lo} ເລົ່າເລື່ອງຄອບຄົວໜຶ່ງຢູ່ແຄມແມ່ນ້ຳຂອງ ໃນຂະນະທີ່ລະດູການປ່ຽນແປງໄປ, ໂດຍນັກສ້າງຮູບເງົາລາວລຸ້ນໃໝ່.`,
  };
}
