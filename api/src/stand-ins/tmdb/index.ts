export {
  FAKE_TMDB_API_KEY,
  FAKE_TMDB_READ_TOKEN,
  FIGHT_CLUB_ID,
  LAO_FILM_ID,
  startFakeTmdb,
  type FakeTmdb,
  type FakeTmdbOptions,
  type FakeTmdbRequest,
} from './server.js';
