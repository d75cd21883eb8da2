export {
  TmdbError,
  createTmdbClient,
  isReadToken,
  parseRetryAfter,
  type TmdbClient,
  type TmdbClientOptions,
  type TmdbErrorCode,
} from './tmdb.client.js';
export { tmdbImporter, type ImportResult, type TmdbImporter } from './tmdb.importer.js';
export { tmdbBatches, type TmdbBatches } from './tmdb.batches.js';
export { planMovie, pickCertification, pickTrailerUrl, type MoviePlan } from './tmdb.mapping.js';
