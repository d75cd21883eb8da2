import type { LocalizedText } from '@lanxang/contracts';

/**
 * The demo catalog `npm start` seeds so a fresh machine has something to watch. The films and
 * people are invented for the demo; Lao text is written in NFC.
 */
export interface DemoGenre {
  key: string;
  tmdbId: number;
  name: LocalizedText;
}
export interface DemoPerson {
  key: string;
  name: LocalizedText;
  biography: LocalizedText;
  birthday: string;
  placeOfBirth: string;
}
export interface DemoFilm {
  slug: string;
  title: LocalizedText;
  overview: LocalizedText;
  tagline: LocalizedText;
  releaseDate: string;
  runtimeMinutes: number;
  certification: string;
  voteAverage: number;
  popularity: number;
  genres: string[];
  cast: { person: string; character: LocalizedText }[];
  director: string;
  writer: string;
  /** A short generated clip goes through the real HLS pipeline for these. */
  playable?: boolean;
  status?: 'draft' | 'published';
  rentalPrice?: number;
  /** Hue of the generated artwork, 0–359. */
  hue: number;
}

export const DEMO_GENRES: DemoGenre[] = [
  { key: 'drama', tmdbId: 18, name: { en: 'Drama', lo: 'ລະຄອນ' } },
  { key: 'comedy', tmdbId: 35, name: { en: 'Comedy', lo: 'ຕະຫຼົກ' } },
  { key: 'horror', tmdbId: 27, name: { en: 'Horror', lo: 'ສະຫຍອງຂວັນ' } },
  { key: 'romance', tmdbId: 10749, name: { en: 'Romance', lo: 'ຮັກໂລແມນຕິກ' } },
  { key: 'documentary', tmdbId: 99, name: { en: 'Documentary', lo: 'ສາລະຄະດີ' } },
  { key: 'family', tmdbId: 10751, name: { en: 'Family', lo: 'ຄອບຄົວ' } },
  { key: 'action', tmdbId: 28, name: { en: 'Action', lo: 'ແອັກຊັນ' } },
];

const person = (
  key: string,
  en: string,
  lo: string,
  birthday: string,
  placeOfBirth: string,
  bioEn: string,
  bioLo: string,
): DemoPerson => ({
  key,
  name: { en, lo },
  biography: { en: bioEn, lo: bioLo },
  birthday,
  placeOfBirth,
});

export const DEMO_PEOPLE: DemoPerson[] = [
  person(
    'souksavanh',
    'Souksavanh Phommachanh',
    'ສຸກສະຫວັນ ພົມມະຈັນ',
    '1984-03-12',
    'Vientiane, Laos',
    'A director who grew up beside the Mekong and films the lives of river towns.',
    'ຜູ້ກຳກັບທີ່ເຕີບໃຫຍ່ຢູ່ແຄມແມ່ນ້ຳຂອງ ແລະ ຖ່າຍທຳຊີວິດຂອງເມືອງແຄມນ້ຳ.',
  ),
  person(
    'noy',
    'Noy Keomany',
    'ນ້ອຍ ແກ້ວມະນີ',
    '1995-07-02',
    'Luang Prabang, Laos',
    'An actor known for quiet, precise performances.',
    'ນັກສະແດງທີ່ມີຊື່ສຽງຈາກການສະແດງທີ່ງຽບສະຫງົບ ແລະ ລະອຽດອ່ອນ.',
  ),
  person(
    'khamla',
    'Khamla Sisouk',
    'ຄຳຫຼ້າ ສີສຸກ',
    '1990-11-20',
    'Pakse, Laos',
    'A stage actor from Champasak who moved to film in 2015.',
    'ນັກສະແດງລະຄອນເວທີຈາກຈຳປາສັກ ທີ່ຫັນມາສະແດງຮູບເງົາໃນປີ 2015.',
  ),
  person(
    'vilay',
    'Vilay Inthavong',
    'ວິໄລ ອິນທະວົງ',
    '1978-01-05',
    'Savannakhet, Laos',
    'Writer and director of genre films.',
    'ນັກຂຽນ ແລະ ຜູ້ກຳກັບຮູບເງົາປະເພດຕ່າງໆ.',
  ),
  person(
    'bounmy',
    'Bounmy Chanthala',
    'ບຸນມີ ຈັນທະລາ',
    '1988-09-14',
    'Vientiane, Laos',
    'A comedian and actor.',
    'ນັກສະແດງຕະຫຼົກ ແລະ ນັກສະແດງ.',
  ),
  person(
    'phoutthasone',
    'Phoutthasone Keo',
    'ພຸດທະສອນ ແກ້ວ',
    '2001-04-30',
    'Xieng Khouang, Laos',
    'A young actor from the Plain of Jars.',
    'ນັກສະແດງໜຸ່ມຈາກທົ່ງໄຫຫີນ.',
  ),
  person(
    'anousone',
    'Anousone Vongsa',
    'ອານຸສອນ ວົງສາ',
    '1982-06-18',
    'Thakhek, Laos',
    'A screenwriter of family films.',
    'ນັກຂຽນບົດຮູບເງົາຄອບຄົວ.',
  ),
  person(
    'malaythong',
    'Malaythong Sengdara',
    'ມາໄລທອງ ແສງດາລາ',
    '1993-12-08',
    'Luang Namtha, Laos',
    'An actor and singer.',
    'ນັກສະແດງ ແລະ ນັກຮ້ອງ.',
  ),
  person(
    'somphone',
    'Somphone Luangrath',
    'ສົມພອນ ຫຼວງລາດ',
    '1970-02-22',
    'Vientiane, Laos',
    'A documentary filmmaker.',
    'ຜູ້ສ້າງຮູບເງົາສາລະຄະດີ.',
  ),
  person(
    'daovone',
    'Daovone Xayavong',
    'ດາວວອນ ໄຊຍະວົງ',
    '1998-08-25',
    'Pakse, Laos',
    'An action actor and stunt performer.',
    'ນັກສະແດງແອັກຊັນ ແລະ ນັກສະແດງສະຕັ້ນ.',
  ),
  person(
    'kongsy',
    'Kongsy Phanthavong',
    'ກອງສີ ພັນທະວົງ',
    '1965-10-10',
    'Champasak, Laos',
    'A veteran actor of Lao television.',
    'ນັກສະແດງອາວຸໂສຂອງໂທລະທັດລາວ.',
  ),
  person(
    'souphaphone',
    'Souphaphone Manivong',
    'ສຸພາພອນ ມະນີວົງ',
    '1991-05-16',
    'Vang Vieng, Laos',
    'A director of romantic comedies.',
    'ຜູ້ກຳກັບຮູບເງົາຕະຫຼົກໂລແມນຕິກ.',
  ),
];

const film = (f: DemoFilm) => f;

export const DEMO_FILMS: DemoFilm[] = [
  film({
    slug: 'the-rivers-daughter',
    title: { en: "The River's Daughter", lo: 'ລູກສາວແມ່ນ້ຳ' },
    overview: {
      en: 'A fisherman’s daughter follows the Mekong south to find the mother who left when the river flooded.',
      lo: 'ລູກສາວຂອງຊາວປະມົງຄົນໜຶ່ງ ເດີນທາງລົງໃຕ້ຕາມແມ່ນ້ຳຂອງ ເພື່ອຊອກຫາແມ່ທີ່ຈາກໄປໃນປີນ້ຳຖ້ວມ.',
    },
    tagline: { en: 'Every river remembers.', lo: 'ທຸກແມ່ນ້ຳລ້ວນຈື່ຈຳ.' },
    releaseDate: '2024-10-04',
    runtimeMinutes: 104,
    certification: 'PG',
    voteAverage: 8.1,
    popularity: 95,
    genres: ['drama', 'family'],
    director: 'souksavanh',
    writer: 'anousone',
    playable: true,
    hue: 200,
    cast: [
      { person: 'noy', character: { en: 'Dao', lo: 'ດາວ' } },
      { person: 'kongsy', character: { en: 'Father', lo: 'ພໍ່' } },
      { person: 'malaythong', character: { en: 'Ms. Chanh', lo: 'ນາງ ຈັນ' } },
    ],
  }),
  film({
    slug: 'monsoon-letters',
    title: { en: 'Monsoon Letters', lo: 'ຈົດໝາຍລະດູຝົນ' },
    overview: {
      en: 'Two pen friends in Vientiane and Bangkok write through one rainy season and meet on its last day.',
      lo: 'ໝູ່ທາງຈົດໝາຍສອງຄົນໃນວຽງຈັນ ແລະ ບາງກອກ ຂຽນຫາກັນຕະຫຼອດລະດູຝົນ ແລະ ໄດ້ພົບກັນໃນມື້ສຸດທ້າຍ.',
    },
    tagline: { en: 'Some words wait for the rain.', lo: 'ບາງຄຳເວົ້າລໍຖ້າສາຍຝົນ.' },
    releaseDate: '2023-06-16',
    runtimeMinutes: 97,
    certification: 'PG',
    voteAverage: 7.6,
    popularity: 80,
    genres: ['romance', 'drama'],
    director: 'souphaphone',
    writer: 'souphaphone',
    playable: true,
    hue: 260,
    rentalPrice: 15000,
    cast: [
      { person: 'malaythong', character: { en: 'Keo', lo: 'ແກ້ວ' } },
      { person: 'khamla', character: { en: 'Anan', lo: 'ອານັນ' } },
    ],
  }),
  film({
    slug: 'night-market',
    title: { en: 'Night Market', lo: 'ຕະຫຼາດກາງຄືນ' },
    overview: {
      en: 'A stall owner on the Luang Prabang night market bets her shop on one last season of silk.',
      lo: 'ແມ່ຄ້າຄົນໜຶ່ງໃນຕະຫຼາດກາງຄືນຫຼວງພະບາງ ວາງເດີມພັນຮ້ານຂອງນາງໄວ້ກັບລະດູຂາຍຜ້າໄໝຄັ້ງສຸດທ້າຍ.',
    },
    tagline: { en: 'Open until the lanterns go out.', lo: 'ເປີດຈົນກວ່າໂຄມໄຟຈະດັບ.' },
    releaseDate: '2022-11-25',
    runtimeMinutes: 88,
    certification: 'G',
    voteAverage: 7.2,
    popularity: 60,
    genres: ['drama', 'comedy'],
    director: 'souksavanh',
    writer: 'anousone',
    hue: 30,
    cast: [
      { person: 'khamla', character: { en: 'Mrs. Vone', lo: 'ນາງ ວອນ' } },
      { person: 'bounmy', character: { en: 'Tui', lo: 'ຕຸ້ຍ' } },
    ],
  }),
  film({
    slug: 'the-last-tuk-tuk',
    title: { en: 'The Last Tuk-Tuk', lo: 'ຕຸກຕຸກຄັນສຸດທ້າຍ' },
    overview: {
      en: 'When the city bans old tuk-tuks, a stubborn driver and his passengers take one last ride across Vientiane.',
      lo: 'ເມື່ອເມືອງຫ້າມລົດຕຸກຕຸກເກົ່າ ຄົນຂັບຫົວດື້ ແລະ ຜູ້ໂດຍສານຂອງລາວ ຂີ່ລົດຮອບວຽງຈັນເປັນຄັ້ງສຸດທ້າຍ.',
    },
    tagline: { en: 'Hold on tight.', lo: 'ຈັບໃຫ້ແໜ້ນ.' },
    releaseDate: '2024-02-09',
    runtimeMinutes: 92,
    certification: 'PG',
    voteAverage: 7.9,
    popularity: 88,
    genres: ['comedy', 'family'],
    director: 'vilay',
    writer: 'vilay',
    hue: 50,
    cast: [
      { person: 'bounmy', character: { en: 'Uncle Phet', lo: 'ລຸງເພັດ' } },
      { person: 'phoutthasone', character: { en: 'Nok', lo: 'ນົກ' } },
    ],
  }),
  film({
    slug: 'plain-of-jars',
    title: { en: 'Plain of Jars', lo: 'ທົ່ງໄຫຫີນ' },
    overview: {
      en: 'A documentary walk among the stone jars of Xieng Khouang and the families who farm around them.',
      lo: 'ສາລະຄະດີການຍ່າງທ່ອງທ່ຽວໄປຕາມໄຫຫີນຂອງຊຽງຂວາງ ແລະ ຄອບຄົວທີ່ເຮັດນາອ້ອມຮອບ.',
    },
    tagline: { en: 'Older than memory.', lo: 'ເກົ່າແກ່ກວ່າຄວາມຊົງຈຳ.' },
    releaseDate: '2021-09-03',
    runtimeMinutes: 76,
    certification: 'G',
    voteAverage: 8.4,
    popularity: 40,
    genres: ['documentary'],
    director: 'somphone',
    writer: 'somphone',
    hue: 120,
    cast: [{ person: 'phoutthasone', character: { en: 'Narrator', lo: 'ຜູ້ບັນຍາຍ' } }],
  }),
  film({
    slug: 'ghost-of-vientiane',
    title: { en: 'Ghost of Vientiane', lo: 'ຜີວຽງຈັນ' },
    overview: {
      en: 'A night guard at an old French villa hears a woman singing in a language no one has spoken for a century.',
      lo: 'ຍາມກາງຄືນຂອງເຮືອນຝຣັ່ງເກົ່າ ໄດ້ຍິນສຽງຜູ້ຍິງຮ້ອງເພງເປັນພາສາທີ່ບໍ່ມີໃຜເວົ້າມາເປັນຮ້ອຍປີ.',
    },
    tagline: { en: 'Do not answer her.', lo: 'ຢ່າຕອບນາງ.' },
    releaseDate: '2023-10-27',
    runtimeMinutes: 99,
    certification: '15',
    voteAverage: 6.8,
    popularity: 70,
    genres: ['horror'],
    director: 'vilay',
    writer: 'vilay',
    hue: 280,
    rentalPrice: 20000,
    cast: [
      { person: 'daovone', character: { en: 'Somsak', lo: 'ສົມສັກ' } },
      { person: 'noy', character: { en: 'The singer', lo: 'ນັກຮ້ອງ' } },
    ],
  }),
  film({
    slug: 'mekong-runner',
    title: { en: 'Mekong Runner', lo: 'ນັກແລ່ນແມ່ຂອງ' },
    overview: {
      en: 'A courier races a typhoon and a gang of smugglers to deliver medicine down the river.',
      lo: 'ຄົນສົ່ງເຄື່ອງແຂ່ງກັບພາຍຸ ແລະ ແກັ້ງລັກລອບ ເພື່ອສົ່ງຢາລົງຕາມແມ່ນ້ຳ.',
    },
    tagline: { en: 'The river does not wait.', lo: 'ແມ່ນ້ຳບໍ່ລໍຖ້າ.' },
    releaseDate: '2025-01-17',
    runtimeMinutes: 110,
    certification: '13',
    voteAverage: 7.0,
    popularity: 99,
    genres: ['action', 'drama'],
    director: 'vilay',
    writer: 'anousone',
    hue: 0,
    cast: [
      { person: 'daovone', character: { en: 'Khamsing', lo: 'ຄຳສິງ' } },
      { person: 'khamla', character: { en: 'Captain Bouasone', lo: 'ຮ້ອຍເອກ ບົວສອນ' } },
    ],
  }),
  film({
    slug: 'khaen-at-dawn',
    title: { en: 'Khaen at Dawn', lo: 'ສຽງແຄນຍາມເຊົ້າ' },
    overview: {
      en: 'An old khaen master teaches one last pupil before the village festival.',
      lo: 'ນາຍຄູແຄນອາວຸໂສ ສອນລູກສິດຄົນສຸດທ້າຍກ່ອນງານບຸນຂອງບ້ານ.',
    },
    tagline: { en: 'Breathe, then play.', lo: 'ຫາຍໃຈ ແລ້ວເປົ່າ.' },
    releaseDate: '2022-04-14',
    runtimeMinutes: 95,
    certification: 'G',
    voteAverage: 8.0,
    popularity: 55,
    genres: ['drama', 'family'],
    director: 'souksavanh',
    writer: 'anousone',
    hue: 90,
    cast: [
      { person: 'kongsy', character: { en: 'Master Thongdy', lo: 'ອາຈານ ທອງດີ' } },
      { person: 'phoutthasone', character: { en: 'Lek', lo: 'ເລັກ' } },
    ],
  }),
  film({
    slug: 'the-weaver',
    title: { en: 'The Weaver', lo: 'ຊ່າງຕ່ຳຫູກ' },
    overview: {
      en: 'A weaver’s pattern hides the map to her grandmother’s village.',
      lo: 'ລວດລາຍຜ້າຂອງຊ່າງຕ່ຳຫູກ ເຊື່ອງແຜນທີ່ໄປຫາບ້ານຂອງແມ່ຕູ້ນາງໄວ້.',
    },
    tagline: { en: 'Every thread leads home.', lo: 'ທຸກເສັ້ນໄໝນຳທາງກັບບ້ານ.' },
    releaseDate: '2021-03-19',
    runtimeMinutes: 101,
    certification: 'PG',
    voteAverage: 7.4,
    popularity: 35,
    genres: ['drama'],
    director: 'souphaphone',
    writer: 'anousone',
    hue: 330,
    cast: [{ person: 'malaythong', character: { en: 'Bee', lo: 'ບີ' } }],
  }),
  film({
    slug: 'rocket-festival',
    title: { en: 'Rocket Festival', lo: 'ບຸນບັ້ງໄຟ' },
    overview: {
      en: 'Two rival villages build the biggest bamboo rocket Laos has ever seen.',
      lo: 'ສອງບ້ານທີ່ເປັນຄູ່ແຂ່ງກັນ ສ້າງບັ້ງໄຟທີ່ໃຫຍ່ທີ່ສຸດທີ່ລາວເຄີຍເຫັນ.',
    },
    tagline: { en: 'Aim for the clouds.', lo: 'ເລັງໃສ່ກ້ອນເມກ.' },
    releaseDate: '2024-05-10',
    runtimeMinutes: 90,
    certification: 'G',
    voteAverage: 7.7,
    popularity: 77,
    genres: ['comedy', 'family'],
    director: 'souphaphone',
    writer: 'vilay',
    hue: 15,
    cast: [
      { person: 'bounmy', character: { en: 'Headman Sy', lo: 'ນາຍບ້ານ ສີ' } },
      { person: 'kongsy', character: { en: 'Grandpa Kham', lo: 'ພໍ່ເຖົ້າ ຄຳ' } },
    ],
  }),
  film({
    slug: 'waterfall-kids',
    title: { en: 'Waterfall Kids', lo: 'ເດັກນ້ອຍນ້ຳຕົກຕາດ' },
    overview: {
      en: 'Four children spend one summer guarding the Kuang Si falls from a developer.',
      lo: '',
    },
    tagline: { en: 'Summer is theirs.', lo: '' },
    releaseDate: '2020-07-24',
    runtimeMinutes: 85,
    certification: 'G',
    voteAverage: 6.9,
    popularity: 30,
    genres: ['family', 'comedy'],
    director: 'souphaphone',
    writer: 'anousone',
    hue: 170,
    cast: [{ person: 'phoutthasone', character: { en: 'Ton', lo: 'ຕົ້ນ' } }],
  }),
  film({
    slug: 'morning-in-luang-prabang',
    title: { en: 'Morning in Luang Prabang', lo: 'ຍາມເຊົ້າທີ່ຫຼວງພະບາງ' },
    overview: {
      en: 'A tour guide falls for a photographer who came to shoot the alms-giving at dawn.',
      lo: 'ໄກດ໌ນຳທ່ຽວຄົນໜຶ່ງ ຕົກຫຼຸມຮັກນັກຖ່າຍຮູບທີ່ມາຖ່າຍພາບການຕັກບາດຍາມເຊົ້າ.',
    },
    tagline: { en: 'Love at first light.', lo: 'ຮັກແຕ່ແສງທຳອິດ.' },
    releaseDate: '2019-12-06',
    runtimeMinutes: 98,
    certification: 'PG',
    voteAverage: 7.1,
    popularity: 45,
    genres: ['romance', 'comedy'],
    director: 'souphaphone',
    writer: 'souphaphone',
    hue: 40,
    cast: [
      { person: 'noy', character: { en: 'Mai', lo: 'ໃໝ' } },
      { person: 'khamla', character: { en: 'Tom', lo: 'ທອມ' } },
    ],
  }),
  film({
    slug: 'noodle-shop-in-pakse',
    title: { en: 'A Noodle Shop in Pakse', lo: '' },
    overview: {
      en: 'Three generations argue over the recipe that made their noodle shop famous.',
      lo: '',
    },
    tagline: { en: 'The broth is everything.', lo: '' },
    releaseDate: '2025-08-22',
    runtimeMinutes: 93,
    certification: 'G',
    voteAverage: 7.3,
    popularity: 66,
    genres: ['comedy', 'drama', 'family'],
    director: 'vilay',
    writer: 'anousone',
    hue: 20,
    cast: [{ person: 'bounmy', character: { en: 'Chef Somchai', lo: '' } }],
  }),
  film({
    slug: 'unfinished-cut',
    title: { en: 'The Unfinished Cut', lo: 'ຕັດຕໍ່ບໍ່ແລ້ວ' },
    overview: { en: 'Still in the edit: a draft no viewer sees.', lo: 'ຍັງຕັດຕໍ່ຢູ່.' },
    tagline: { en: '', lo: '' },
    releaseDate: '2026-12-01',
    runtimeMinutes: 100,
    certification: 'PG',
    voteAverage: 0,
    popularity: 0,
    genres: ['drama'],
    director: 'souksavanh',
    writer: 'anousone',
    hue: 210,
    status: 'draft',
    cast: [],
  }),
];

/** Featured on the TV home, in this order. */
export const DEMO_FEATURED = [
  'the-rivers-daughter',
  'mekong-runner',
  'monsoon-letters',
  'rocket-festival',
];
