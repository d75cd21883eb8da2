import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  Genre,
  Image,
  MovieDetails,
  MovieList,
  MovieSummary,
  Problem,
} from '@lanxang/contracts';

/**
 * A stand-in for the Lanxang API answering the public catalog routes with contract-shaped JSON,
 * for as long as the real API stack is not available to these tests. Its films cover every Lao
 * completeness state and more than one page of the admin's film list.
 */

const genres: Genre[] = [
  { id: 1, tmdbId: 18, name: { en: 'Drama', lo: 'ລະຄອນ' } },
  { id: 2, tmdbId: 27, name: { en: 'Horror', lo: 'ສະຫຍອງຂວັນ' } },
  { id: 3, tmdbId: 35, name: { en: 'Comedy', lo: 'ຕະຫຼົກ' } },
  { id: 4, tmdbId: 99, name: { en: 'Documentary' } },
];

interface Seed {
  en: string;
  lo?: string;
  overviewLo?: string;
  year: number;
  genreIds: number[];
}

const seeds: Seed[] = [
  { en: 'Chanthaly', lo: 'ຈັນທະລີ', overviewLo: 'ຍິງສາວຄົນໜຶ່ງເຫັນວິນຍານແມ່.', year: 2012, genreIds: [2] },
  {
    en: 'Dearest Sister',
    lo: 'ນ້ອງຮັກ',
    overviewLo: 'ເອື້ອຍນ້ອງສອງຄົນ ແລະ ຄວາມລັບ.',
    year: 2016,
    genreIds: [1, 2],
  },
  { en: 'The Long Walk', lo: 'ບໍ່ມີວັນຈາກ', year: 2019, genreIds: [1] },
  {
    en: 'Sabaidee Luang Prabang',
    lo: 'ສະບາຍດີຫຼວງພະບາງ',
    overviewLo: 'ຮັກໃນເມືອງເກົ່າ.',
    year: 2008,
    genreIds: [1, 3],
  },
  { en: 'At the Horizon', year: 2011, genreIds: [1] },
  { en: 'Boun Bang Fai', year: 2018, genreIds: [4] },
  ...Array.from({ length: 19 }, (_, index): Seed => ({
    en: `Mekong Story ${index + 1}`,
    ...(index % 3 === 0 ? { lo: `ເລື່ອງແມ່ນ້ຳຂອງ ${index + 1}` } : {}),
    year: 2000 + index,
    genreIds: [1 + (index % 3)],
  })),
];

function posterSvg(id: number, title: string): string {
  const hue = (id * 47) % 360;
  const safeTitle = title.replace(/[<&>]/g, '');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="342" height="513" viewBox="0 0 342 513">
<rect width="342" height="513" fill="hsl(${hue} 45% 32%)"/>
<circle cx="171" cy="200" r="90" fill="hsl(${hue} 60% 55%)"/>
<text x="171" y="420" text-anchor="middle" font-family="sans-serif" font-size="30" fill="#fff">${safeTitle}</text>
</svg>`;
}

function makeMovies(baseUrl: string): MovieDetails[] {
  return seeds.map((seed, index) => {
    const id = index + 1;
    const poster: Image = {
      id: id * 10,
      kind: 'poster',
      locale: null,
      width: 342,
      height: 513,
      url: `${baseUrl}/images/poster-${id}-{size}.svg`,
    };
    const slug = seed.en.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    return {
      id,
      slug,
      title: { en: seed.en, ...(seed.lo ? { lo: seed.lo } : {}) },
      overview: {
        en: `${seed.en}: a Lao film from ${seed.year}.`,
        ...(seed.overviewLo ? { lo: seed.overviewLo } : {}),
      },
      tagline: { en: 'Lao cinema' },
      releaseDate: `${seed.year}-06-01`,
      runtimeMinutes: 90 + index,
      certification: 'PG-13',
      voteAverage: 6.5,
      rentalRequired: index % 2 === 0,
      genreIds: seed.genreIds,
      poster,
      backdrop: null,
      originalTitle: seed.lo ?? seed.en,
      originalLanguage: 'lo',
      tmdbId: 100_000 + id,
      imdbId: null,
      status: 'published',
      price: null,
      pricingTierId: null,
      trailerUrl: null,
      genres: genres.filter((genre) => seed.genreIds.includes(genre.id)),
      cast: [
        {
          person: {
            id: 500 + id,
            name: { en: 'Amphaiphun Phommapunya', lo: 'ອຳໄພພັນ ພົມມະປັນຍາ' },
            profile: null,
          },
          character: { en: 'Chanthaly', lo: 'ຈັນທະລີ' },
          order: 0,
        },
        {
          person: { id: 600 + id, name: { en: 'Douangmany Soliphanh' }, profile: null },
          character: { en: 'Father' },
          order: 1,
        },
      ],
      crew: [
        {
          person: { id: 700, name: { en: 'Mattie Do', lo: 'ແມັດຕີ້ ໂດ' }, profile: null },
          department: 'Directing',
          job: { en: 'Director', lo: 'ຜູ້ກຳກັບ' },
        },
      ],
      images: { posters: [poster], backdrops: [], logos: [] },
      videoSources: [],
      similar: [],
    };
  });
}

function summary(movie: MovieDetails): MovieSummary {
  const { id, slug, title, overview, releaseDate, runtimeMinutes, certification } = movie;
  const { voteAverage, rentalRequired, genreIds, poster, backdrop } = movie;
  return {
    ...{ id, slug, title, overview, releaseDate, runtimeMinutes, certification },
    ...{ voteAverage, rentalRequired, genreIds, poster, backdrop },
  };
}

function send(response: ServerResponse, status: number, body: unknown, type = 'application/json') {
  response.writeHead(status, { 'content-type': type });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function problem(
  response: ServerResponse,
  status: number,
  code: Problem['code'],
  detail: string,
  errors?: Problem['errors'],
) {
  const body: Problem = {
    type: 'about:blank',
    title: detail,
    status,
    code,
    detail,
    ...(errors ? { errors } : {}),
  };
  send(response, status, body, 'application/problem+json');
}

export interface FakeApi {
  url: string;
  /** Every request the fake received, for asserting what the admin sent. */
  requests: { url: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

export async function startFakeApi(): Promise<FakeApi> {
  const requests: FakeApi['requests'] = [];
  let movies: MovieDetails[] = [];

  const server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', headers: request.headers });
    const url = new URL(request.url ?? '/', 'http://fake');
    const path = url.pathname;

    const image = path.match(/^\/images\/poster-(\d+)-w\d+\.svg$/);
    if (image) {
      const movie = movies.find((candidate) => candidate.id === Number(image[1]));
      if (!movie) return problem(response, 404, 'not_found', 'No such image');
      return send(response, 200, posterSvg(movie.id, movie.title.en ?? ''), 'image/svg+xml');
    }
    if (path === '/api/genres') return send(response, 200, { items: genres });
    if (path === '/api/movies') {
      const page = Number(url.searchParams.get('page') ?? 1);
      const pageSize = Number(url.searchParams.get('pageSize') ?? 24);
      if (!(pageSize >= 1 && pageSize <= 100)) {
        return problem(response, 400, 'validation_failed', 'The query is not valid', [
          { field: 'query.pageSize', message: 'must be between 1 and 100', code: 'too_big' },
        ]);
      }
      const q = url.searchParams.get('q')?.toLowerCase();
      const genre = Number(url.searchParams.get('genre') ?? 0);
      const matching = movies
        .filter((movie) => !genre || movie.genreIds.includes(genre))
        .filter(
          (movie) =>
            !q || Object.values(movie.title).some((title) => title.toLowerCase().includes(q)),
        )
        .sort((a, b) => (a.title.en ?? '').localeCompare(b.title.en ?? ''));
      const body: MovieList = {
        items: matching.slice((page - 1) * pageSize, page * pageSize).map(summary),
        page,
        pageSize,
        total: matching.length,
      };
      return send(response, 200, body);
    }
    const one = path.match(/^\/api\/movies\/([^/]+)$/);
    if (one) {
      const key = decodeURIComponent(one[1] ?? '');
      const movie = movies.find(
        (candidate) => String(candidate.id) === key || candidate.slug === key,
      );
      if (!movie)
        return problem(response, 404, 'not_found', 'No published film has this id or slug');
      return send(response, 200, movie);
    }
    return problem(response, 404, 'route_not_found', `No route ${request.method} ${path}`);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  movies = makeMovies(url);
  return {
    url,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
