/**
 * Loads a catalog at benchmark scale (10,000 films, 100,000 people, both languages) into a
 * migrated, empty database with set-based SQL: each table is filled by a few
 * `insert … select * from unnest($1::int[], …)` statements carrying whole columns as arrays.
 * The data is generated from a fixed seed, so two runs load the same catalog.
 *
 * Run alone: `BENCH_DATABASE_URL=postgres://… pnpm --filter @lanxang/bench seed:catalog`
 * (the database must be migrated and empty).
 */
import { searchKey } from '@lanxang/contracts';
import pg from 'pg';

export interface SeedOptions {
  films?: number;
  people?: number;
  castPerFilm?: number;
}

export interface SeedReport {
  films: number;
  people: number;
  rows: Record<string, number>;
  generateMs: number;
  loadMs: number;
  analyzeMs: number;
}

export async function seedBenchCatalog(
  databaseUrl: string,
  options: SeedOptions = {},
): Promise<SeedReport> {
  const films = options.films ?? 10_000;
  const people = options.people ?? 100_000;
  const castPerFilm = options.castPerFilm ?? 10;

  const generateStarted = performance.now();
  const tables = generateCatalog({ films, people, castPerFilm });
  const generateMs = performance.now() - generateStarted;

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [{ count }] = (await client.query<{ count: string }>('select count(*) from movies'))
      .rows as [{ count: string }];
    if (count !== '0') throw new Error('seedBenchCatalog wants an empty, migrated database');
    const loadStarted = performance.now();
    await client.query('begin');
    for (const table of tables) await table.load(client);
    for (const table of [
      'genres',
      'movies',
      'people',
      'images',
      'movie_cast',
      'movie_crew',
      'video_sources',
      'homepage_featured',
    ]) {
      await client.query(
        `select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`,
      );
    }
    await client.query('commit');
    const loadMs = performance.now() - loadStarted;
    // Fresh tables have no statistics; without them the planner guesses and the bench measures that.
    const analyzeStarted = performance.now();
    await client.query('vacuum analyze');
    const analyzeMs = performance.now() - analyzeStarted;
    return {
      films,
      people,
      rows: Object.fromEntries(tables.map((table) => [table.name, table.length])),
      generateMs,
      loadMs,
      analyzeMs,
    };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/** The searches the bench rotates over: words the seeded titles use, in Latin (one with a diacritic) and Lao. */
export const SEARCHES = [
  'river',
  'Daughter',
  'golden',
  'Rivér',
  'shadow of',
  'monsoon',
  'ແມ່ນ້ຳ',
  'ຫົວໃຈ',
  'ເງົາ',
  'ດອກບົວ',
  'ສີທອງ',
  'ຊ້າງ',
];

// ---------------------------------------------------------------------------------------------
// Column-wise bulk insert

type Column = [name: string, pgType: string];

class BulkTable {
  readonly columns: unknown[][];
  length = 0;

  constructor(
    readonly name: string,
    private readonly columnSpecs: Column[],
    /** Columns filled by one SQL expression for every row (timestamps). */
    private readonly constants: Record<string, string> = {},
  ) {
    this.columns = columnSpecs.map(() => []);
  }

  add(...values: unknown[]): void {
    if (values.length !== this.columnSpecs.length)
      throw new Error(`${this.name}: expected ${this.columnSpecs.length} values`);
    values.forEach((value, index) => this.columns[index]!.push(value));
    this.length++;
  }

  async load(client: pg.Client, chunkSize = 50_000): Promise<void> {
    const names = [...this.columnSpecs.map(([name]) => name), ...Object.keys(this.constants)];
    const expressions = [
      ...this.columnSpecs.map((_, index) => `u.c${index}`),
      ...Object.values(this.constants),
    ];
    const unnest = this.columnSpecs.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ');
    const aliases = this.columnSpecs.map((_, index) => `c${index}`).join(', ');
    const text = `insert into "${this.name}" (${names.map((name) => `"${name}"`).join(', ')})
      select ${expressions.join(', ')} from unnest(${unnest}) as u(${aliases})`;
    for (let start = 0; start < this.length; start += chunkSize) {
      await client.query(
        text,
        this.columns.map((column) => column.slice(start, start + chunkSize)),
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The generated catalog

type Pair = readonly [en: string, lo: string];

const GENRES: readonly [tmdbId: number, en: string, lo: string][] = [
  [18, 'Drama', 'ລະຄອນ'],
  [35, 'Comedy', 'ຕະຫຼົກ'],
  [27, 'Horror', 'ສະຫຍອງຂວັນ'],
  [10749, 'Romance', 'ຮັກໂລແມນຕິກ'],
  [99, 'Documentary', 'ສາລະຄະດີ'],
  [10751, 'Family', 'ຄອບຄົວ'],
  [28, 'Action', 'ແອັກຊັນ'],
  [12, 'Adventure', 'ຜະຈົນໄພ'],
  [16, 'Animation', 'ອະນິເມຊັນ'],
  [80, 'Crime', 'ອາດຊະຍາກຳ'],
  [14, 'Fantasy', 'ແຟນຕາຊີ'],
  [36, 'History', 'ປະຫວັດສາດ'],
  [10402, 'Music', 'ດົນຕີ'],
  [9648, 'Mystery', 'ລຶກລັບ'],
  [878, 'Science Fiction', 'ວິທະຍາສາດ'],
  [53, 'Thriller', 'ຕື່ນເຕັ້ນ'],
  [10752, 'War', 'ສົງຄາມ'],
  [10770, 'TV Movie', 'ຮູບເງົາໂທລະທັດ'],
];

const NOUNS: Pair[] = [
  ['River', 'ແມ່ນ້ຳ'],
  ['Daughter', 'ລູກສາວ'],
  ['Son', 'ລູກຊາຍ'],
  ['Mountain', 'ພູ'],
  ['Star', 'ດາວ'],
  ['Rain', 'ຝົນ'],
  ['City', 'ເມືອງ'],
  ['Heart', 'ຫົວໃຈ'],
  ['Night', 'ກາງຄືນ'],
  ['Road', 'ເສັ້ນທາງ'],
  ['Forest', 'ປ່າ'],
  ['Bird', 'ນົກ'],
  ['Shadow', 'ເງົາ'],
  ['Elephant', 'ຊ້າງ'],
  ['Gold', 'ທອງຄຳ'],
  ['Song', 'ເພງ'],
  ['Wind', 'ລົມ'],
  ['Fire', 'ໄຟ'],
  ['Tears', 'ນ້ຳຕາ'],
  ['Dream', 'ຄວາມຝັນ'],
  ['Moon', 'ດວງເດືອນ'],
  ['Light', 'ແສງສະຫວ່າງ'],
  ['Ghost', 'ຜີ'],
  ['War', 'ສົງຄາມ'],
  ['Life', 'ຊີວິດ'],
  ['Friend', 'ໝູ່ເພື່ອນ'],
  ['Mother', 'ແມ່'],
  ['Father', 'ພໍ່'],
  ['Village', 'ບ້ານ'],
  ['Temple', 'ວັດ'],
  ['Boat', 'ເຮືອ'],
  ['Market', 'ຕະຫຼາດ'],
  ['Rice Field', 'ທົ່ງນາ'],
  ['Love', 'ຄວາມຮັກ'],
  ['Island', 'ດອນ'],
  ['Bridge', 'ຂົວ'],
  ['Lotus', 'ດອກບົວ'],
  ['Naga', 'ພະຍານາກ'],
  ['Drum', 'ກອງ'],
  ['Monsoon', 'ລະດູມໍລະສຸມ'],
];
const ADJECTIVES: Pair[] = [
  ['Last', 'ສຸດທ້າຍ'],
  ['Silent', 'ທີ່ງຽບສະຫງົບ'],
  ['Golden', 'ສີທອງ'],
  ['Lost', 'ທີ່ຫາຍໄປ'],
  ['Red', 'ສີແດງ'],
  ['Old', 'ເກົ່າ'],
  ['Little', 'ນ້ອຍ'],
  ['Distant', 'ທີ່ຫ່າງໄກ'],
  ['Secret', 'ລັບ'],
  ['New', 'ໃໝ່'],
  ['Broken', 'ທີ່ແຕກຫັກ'],
  ['Eternal', 'ນິລັນດອນ'],
];
const PLACES: Pair[] = [
  ['Vientiane', 'ວຽງຈັນ'],
  ['Luang Prabang', 'ຫຼວງພະບາງ'],
  ['Pakse', 'ປາກເຊ'],
  ['Savannakhet', 'ສະຫວັນນະເຂດ'],
  ['Thakhek', 'ທ່າແຂກ'],
  ['Vang Vieng', 'ວັງວຽງ'],
  ['Phonsavan', 'ໂພນສະຫວັນ'],
  ['Champasak', 'ຈຳປາສັກ'],
  ['Luang Namtha', 'ຫຼວງນ້ຳທາ'],
  ['Xam Neua', 'ຊຳເໜືອ'],
  ['Attapeu', 'ອັດຕະປື'],
  ['Oudomxay', 'ອຸດົມໄຊ'],
];
const ROLES: Pair[] = [
  ['young fisherman', 'ຊາວປະມົງໜຸ່ມ'],
  ['schoolteacher', 'ຄູສອນ'],
  ['novice monk', 'ສາມະເນນ'],
  ['grandmother', 'ແມ່ຕູ້'],
  ['tuk-tuk driver', 'ຄົນຂັບລົດຕຸກຕຸກ'],
  ['singer', 'ນັກຮ້ອງ'],
  ['police officer', 'ຕຳຫຼວດ'],
  ['rice farmer', 'ຊາວນາ'],
  ['student', 'ນັກຮຽນ'],
  ['weaver', 'ຊ່າງຕ່ຳແຜ່ນ'],
];
const VERBS: Pair[] = [
  ['searches for', 'ຄົ້ນຫາ'],
  ['runs from', 'ໜີຈາກ'],
  ['remembers', 'ຈື່ຈຳ'],
  ['protects', 'ປົກປ້ອງ'],
  ['sings about', 'ຮ້ອງເພງກ່ຽວກັບ'],
  ['returns to', 'ກັບຄືນສູ່'],
];
const GIVEN_NAMES: Pair[] = [
  ['Souksavanh', 'ສຸກສະຫວັນ'],
  ['Noy', 'ນ້ອຍ'],
  ['Khamla', 'ຄຳຫຼ້າ'],
  ['Vilay', 'ວິໄລ'],
  ['Bounmy', 'ບຸນມີ'],
  ['Phoutthasone', 'ພຸດທະສອນ'],
  ['Anousone', 'ອານຸສອນ'],
  ['Malaythong', 'ມາໄລທອງ'],
  ['Somphone', 'ສົມພອນ'],
  ['Daovone', 'ດາວວອນ'],
  ['Kongsy', 'ກອງສີ'],
  ['Souphaphone', 'ສຸພາພອນ'],
  ['Chanthaly', 'ຈັນທະລີ'],
  ['Phonsavanh', 'ພອນສະຫວັນ'],
  ['Keo', 'ແກ້ວ'],
  ['Manivanh', 'ມະນີວັນ'],
  ['Sengphet', 'ແສງເພັດ'],
  ['Viengkham', 'ວຽງຄຳ'],
  ['Bouasone', 'ບົວສອນ'],
  ['Thongchanh', 'ທອງຈັນ'],
  ['Latsamy', 'ລັດສະໝີ'],
  ['Sisouphanh', 'ສີສຸພັນ'],
  ['Outhai', 'ອຸໄທ'],
  ['Khampheng', 'ຄຳແພງ'],
  ['Dalavanh', 'ດາລາວັນ'],
  ['Phetsamone', 'ເພັດສະໝອນ'],
  ['Sayamang', 'ສາຍະມັງ'],
  ['Vanhsy', 'ວັນສີ'],
  ['Xaysana', 'ໄຊຊະນະ'],
  ['Inpanh', 'ອິນປັນ'],
];
const FAMILY_NAMES: Pair[] = [
  ['Phommachanh', 'ພົມມະຈັນ'],
  ['Keomany', 'ແກ້ວມະນີ'],
  ['Sisouk', 'ສີສຸກ'],
  ['Inthavong', 'ອິນທະວົງ'],
  ['Chanthala', 'ຈັນທະລາ'],
  ['Vongsa', 'ວົງສາ'],
  ['Sengdara', 'ແສງດາລາ'],
  ['Luangrath', 'ຫຼວງລາດ'],
  ['Xayavong', 'ໄຊຍະວົງ'],
  ['Phanthavong', 'ພັນທະວົງ'],
  ['Manivong', 'ມະນີວົງ'],
  ['Sisavath', 'ສີສະຫວາດ'],
  ['Souvannavong', 'ສຸວັນນະວົງ'],
  ['Phetsarath', 'ເພັດສະລາດ'],
  ['Douangchanh', 'ດວງຈັນ'],
  ['Vongphachanh', 'ວົງພະຈັນ'],
  ['Khounnavong', 'ຄູນນະວົງ'],
  ['Rattanavong', 'ລັດຕະນະວົງ'],
  ['Thammavong', 'ທຳມະວົງ'],
  ['Bounyavong', 'ບຸນຍະວົງ'],
  ['Sayarath', 'ໄຊຍະລາດ'],
  ['Keovilay', 'ແກ້ວວິໄລ'],
  ['Norasing', 'ນໍລະສິງ'],
  ['Southammavong', 'ສຸດທຳມະວົງ'],
  ['Chounlamany', 'ຈຸນລະມະນີ'],
];
const CREW_JOBS: readonly [department: string, en: string, lo: string][] = [
  ['Directing', 'Director', 'ຜູ້ກຳກັບ'],
  ['Writing', 'Screenplay', 'ບົດຮູບເງົາ'],
  ['Camera', 'Director of Photography', 'ຜູ້ກຳກັບພາບ'],
  ['Production', 'Producer', 'ຜູ້ຜະລິດ'],
  ['Sound', 'Original Music Composer', 'ຜູ້ແຕ່ງເພງ'],
  ['Editing', 'Editor', 'ຜູ້ຕັດຕໍ່'],
];
const PERSON_KINDS: Pair[] = [
  ['An actor', 'ນັກສະແດງ'],
  ['A director', 'ຜູ້ກຳກັບ'],
  ['A screenwriter', 'ນັກຂຽນບົດ'],
  ['A singer and actor', 'ນັກຮ້ອງ ແລະ ນັກສະແດງ'],
  ['A cinematographer', 'ຊ່າງຖ່າຍພາບ'],
  ['A stage actor', 'ນັກສະແດງລະຄອນເວທີ'],
];

function generateCatalog({ films, people, castPerFilm }: Required<SeedOptions>): BulkTable[] {
  const random = mulberry32(20261122);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (probability: number) => random() < probability;
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  // Popular people and genres recur; most appear rarely (a long tail, as in a real catalog).
  const skewed = (count: number) => Math.floor(random() ** 2.2 * count);
  const isoDate = (from: number, to: number) =>
    new Date(Date.UTC(between(from, to), between(0, 11), between(1, 28)))
      .toISOString()
      .slice(0, 10);

  const genres = new BulkTable('genres', [
    ['id', 'int'],
    ['tmdb_id', 'int'],
  ]);
  const genreTranslations = new BulkTable('genre_translations', [
    ['genre_id', 'int'],
    ['locale', 'text'],
    ['name', 'text'],
  ]);
  GENRES.forEach(([tmdbId, en, lo], index) => {
    genres.add(index + 1, tmdbId);
    genreTranslations.add(index + 1, 'en', en);
    genreTranslations.add(index + 1, 'lo', lo);
  });

  const peopleTable = new BulkTable(
    'people',
    [
      ['id', 'int'],
      ['tmdb_id', 'int'],
      ['birthday', 'date'],
      ['place_of_birth', 'text'],
      ['popularity', 'float8'],
    ],
    { created_at: 'now()', updated_at: 'now()' },
  );
  const peopleTranslations = new BulkTable('people_translations', [
    ['person_id', 'int'],
    ['locale', 'text'],
    ['name', 'text'],
    ['biography', 'text'],
  ]);
  const images = new BulkTable(
    'images',
    [
      ['id', 'int'],
      ['movie_id', 'int'],
      ['person_id', 'int'],
      ['kind', 'text'],
      ['locale', 'text'],
      ['width', 'int'],
      ['height', 'int'],
      ['storage_key', 'text'],
      ['position', 'int'],
    ],
    { created_at: 'now()' },
  );
  let imageId = 0;
  const personNames: Pair[] = [];
  for (let id = 1; id <= people; id++) {
    const given = pick(GIVEN_NAMES);
    const family = pick(FAMILY_NAMES);
    const place = pick(PLACES);
    const kind = pick(PERSON_KINDS);
    const name: Pair = [`${given[0]} ${family[0]}`, `${given[1]} ${family[1]}`];
    personNames.push(name);
    peopleTable.add(
      id,
      chance(0.6) ? 500_000 + id : null,
      chance(0.8) ? isoDate(1940, 2005) : null,
      `${place[0]}, Laos`,
      random() * 50,
    );
    const films = between(1, 40);
    peopleTranslations.add(
      id,
      'en',
      name[0],
      `${kind[0]} from ${place[0]}, seen in ${films} films.`,
    );
    peopleTranslations.add(
      id,
      'lo',
      name[1],
      chance(0.85) ? `${kind[1]}ຈາກ${place[1]} ທີ່ສະແດງໃນຮູບເງົາ ${films} ເລື່ອງ.` : '',
    );
    if (chance(0.7))
      images.add(++imageId, null, id, 'profile', null, 421, 632, `images/people/${id}/profile`, 0);
  }

  const movies = new BulkTable(
    'movies',
    [
      ['id', 'int'],
      ['slug', 'text'],
      ['tmdb_id', 'int'],
      ['imdb_id', 'text'],
      ['original_title', 'text'],
      ['original_language', 'text'],
      ['release_date', 'date'],
      ['runtime_minutes', 'int'],
      ['certification', 'text'],
      ['vote_average', 'float8'],
      ['vote_count', 'int'],
      ['popularity', 'float8'],
      ['status', 'text'],
      ['rental_required', 'bool'],
      ['price_amount', 'int'],
      ['trailer_url', 'text'],
    ],
    { created_at: 'now()', updated_at: 'now()' },
  );
  const movieTranslations = new BulkTable('movie_translations', [
    ['movie_id', 'int'],
    ['locale', 'text'],
    ['title', 'text'],
    ['overview', 'text'],
    ['tagline', 'text'],
    ['search_title', 'text'],
  ]);
  const movieGenres = new BulkTable('movie_genres', [
    ['movie_id', 'int'],
    ['genre_id', 'int'],
  ]);
  const cast = new BulkTable('movie_cast', [
    ['id', 'int'],
    ['movie_id', 'int'],
    ['person_id', 'int'],
    ['order', 'int'],
  ]);
  const castTranslations = new BulkTable('movie_cast_translations', [
    ['credit_id', 'int'],
    ['locale', 'text'],
    ['character', 'text'],
  ]);
  const crew = new BulkTable('movie_crew', [
    ['id', 'int'],
    ['movie_id', 'int'],
    ['person_id', 'int'],
    ['department', 'text'],
  ]);
  const crewTranslations = new BulkTable('movie_crew_translations', [
    ['credit_id', 'int'],
    ['locale', 'text'],
    ['job', 'text'],
  ]);
  const videoSources = new BulkTable(
    'video_sources',
    [
      ['id', 'int'],
      ['movie_id', 'int'],
      ['quality', 'text'],
      ['storage_key', 'text'],
      ['bandwidth', 'int'],
      ['codecs', 'text'],
      ['width', 'int'],
      ['height', 'int'],
      ['duration_seconds', 'float8'],
      ['status', 'text'],
    ],
    { created_at: 'now()', updated_at: 'now()' },
  );
  const featured = new BulkTable(
    'homepage_featured',
    [
      ['id', 'int'],
      ['movie_id', 'int'],
      ['position', 'int'],
      ['image_id', 'int'],
      ['visible_from', 'timestamptz'],
      ['visible_until', 'timestamptz'],
    ],
    { created_at: 'now()' },
  );

  let castId = 0;
  let crewId = 0;
  let videoId = 0;
  const backdropOf = new Map<number, number>();
  for (let id = 1; id <= films; id++) {
    const [en, lo] = filmTitle(random, pick, chance);
    const slug = `${en
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}-${id}`;
    const runtime = between(70, 170);
    const rental = chance(0.2);
    movies.add(
      id,
      slug,
      chance(0.7) ? 100_000 + id : null,
      chance(0.5) ? `tt${String(1_000_000 + id).padStart(8, '0')}` : null,
      lo,
      chance(0.85) ? 'lo' : pick(['th', 'en', 'fr']),
      chance(0.96) ? isoDate(1960, 2026) : null,
      runtime,
      pick(['G', 'PG', 'PG-13', 'R', null]),
      chance(0.9) ? Math.round((3 + random() * 6.5) * 10) / 10 : null,
      between(0, 5000),
      Math.round(random() ** 3 * 1000 * 100) / 100,
      chance(0.95) ? 'published' : 'draft',
      rental,
      rental ? pick([15_000, 25_000, 35_000]) : null,
      chance(0.3) ? `https://www.youtube.com/watch?v=lanxang${id}` : null,
    );
    const place = pick(PLACES);
    const role = pick(ROLES);
    const verb = pick(VERBS);
    const noun = pick(NOUNS);
    const other = pick(NOUNS);
    movieTranslations.add(
      id,
      'en',
      en,
      `In ${place[0]}, a ${role[0]} ${verb[0]} the ${noun[0].toLowerCase()} of the ${other[0].toLowerCase()}. A film about family, memory and the Mekong.`,
      `Every ${noun[0].toLowerCase()} has its ${other[0].toLowerCase()}.`,
      searchKey(en),
    );
    movieTranslations.add(
      id,
      'lo',
      lo,
      chance(0.9)
        ? `ຢູ່${place[1]} ${role[1]}ຄົນໜຶ່ງ${verb[1]}${noun[1]}ແຫ່ງ${other[1]}. ຮູບເງົາກ່ຽວກັບຄອບຄົວ, ຄວາມຊົງຈຳ ແລະ ແມ່ນ້ຳຂອງ.`
        : '',
      chance(0.8) ? `ທຸກ${noun[1]}ມີ${other[1]}ຂອງມັນ.` : '',
      searchKey(lo),
    );

    const genreIds = new Set([1 + skewed(GENRES.length)]);
    while (genreIds.size < between(1, 3)) genreIds.add(1 + skewed(GENRES.length));
    for (const genreId of genreIds) movieGenres.add(id, genreId);

    const credited = new Set<number>();
    while (credited.size < castPerFilm) credited.add(1 + skewed(people));
    [...credited].forEach((personId, order) => {
      cast.add(++castId, id, personId, order);
      const character = pick(GIVEN_NAMES);
      castTranslations.add(
        castId,
        'en',
        chance(0.1) ? `${role[0][0]!.toUpperCase()}${role[0].slice(1)}` : character[0],
      );
      castTranslations.add(castId, 'lo', character[1]);
    });
    for (const [index, [department, jobEn, jobLo]] of CREW_JOBS.entries()) {
      if (index >= 3 && !chance(0.5)) continue;
      crew.add(++crewId, id, 1 + skewed(people), department);
      crewTranslations.add(crewId, 'en', jobEn);
      crewTranslations.add(crewId, 'lo', jobLo);
    }

    images.add(++imageId, id, null, 'poster', null, 780, 1170, `images/movies/${slug}/poster`, 0);
    if (chance(0.4))
      images.add(
        ++imageId,
        id,
        null,
        'poster',
        'lo',
        780,
        1170,
        `images/movies/${slug}/poster-lo`,
        1,
      );
    images.add(
      ++imageId,
      id,
      null,
      'backdrop',
      null,
      1280,
      720,
      `images/movies/${slug}/backdrop`,
      0,
    );
    backdropOf.set(id, imageId);
    if (chance(0.2))
      images.add(++imageId, id, null, 'logo', null, 500, 200, `images/movies/${slug}/logo`, 0);

    if (chance(0.6)) {
      const duration = runtime * 60 + between(0, 59);
      for (const [quality, bandwidth, width, height] of [
        ['original', 5_000_000, 1920, 1080],
        ['720p', 2_800_000, 1280, 720],
        ['480p', 1_200_000, 854, 480],
      ] as const) {
        videoSources.add(
          ++videoId,
          id,
          quality,
          `video/${slug}/hls/${quality}.m3u8`,
          bandwidth,
          'avc1.640028,mp4a.40.2',
          width,
          height,
          duration,
          'ready',
        );
      }
    }
  }

  // The hero: eight films, one with its own artwork, one not yet visible, one already expired.
  const now = Date.now();
  const day = 86_400_000;
  for (let position = 0; position < 8; position++) {
    const movieId = 1 + position * Math.floor(films / 8);
    featured.add(
      position + 1,
      movieId,
      position,
      position === 0 ? backdropOf.get(movieId) : null,
      position === 6 ? new Date(now + 30 * day).toISOString() : null,
      position === 7 ? new Date(now - day).toISOString() : null,
    );
  }

  return [
    genres,
    genreTranslations,
    peopleTable,
    peopleTranslations,
    movies,
    movieTranslations,
    movieGenres,
    cast,
    castTranslations,
    crew,
    crewTranslations,
    images,
    videoSources,
    featured,
  ];
}

function filmTitle(
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
  chance: (p: number) => boolean,
): Pair {
  const noun = pick(NOUNS);
  const other = pick(NOUNS);
  const adjective = pick(ADJECTIVES);
  const pattern = Math.floor(random() * 4);
  // Lao puts the adjective after the noun and the possessor last ("daughter of the river").
  let title: Pair =
    pattern === 0
      ? [`The ${adjective[0]} ${noun[0]}`, `${noun[1]}${adjective[1]}`]
      : pattern === 1
        ? [`The ${noun[0]} of the ${other[0]}`, `${noun[1]}ແຫ່ງ${other[1]}`]
        : pattern === 2
          ? [`${noun[0]} and ${other[0]}`, `${noun[1]} ແລະ ${other[1]}`]
          : [`The ${other[0]}'s ${noun[0]}`, `${noun[1]}ຂອງ${other[1]}`];
  if (chance(0.08)) title = [`${title[0]} 2`, `${title[1]} 2`];
  return title;
}

/** A small, fast, seedable PRNG: the same seed gives the same catalog. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('Set BENCH_DATABASE_URL to a migrated, empty database');
  const report = await seedBenchCatalog(url);
  console.log(report);
}
