import { AuditEntry } from './modules/audit/audit.entity.js';
import {
  CastCredit,
  CastCreditTranslation,
  CrewCredit,
  CrewCreditTranslation,
} from './modules/catalog/credit.entity.js';
import { FeaturedItem } from './modules/catalog/featured.entity.js';
import { Genre, GenreTranslation } from './modules/catalog/genre.entity.js';
import { Image } from './modules/catalog/image.entity.js';
import { Movie, MovieTranslation } from './modules/catalog/movie.entity.js';
import { Person, PersonTranslation } from './modules/catalog/person.entity.js';
import { VideoSource } from './modules/catalog/video-source.entity.js';
import { TmdbImportBatch, TmdbImportItem } from './modules/tmdb/import-batch.entity.js';
import { MediaJob } from './modules/media/media-job.entity.js';
import { SubtitleTrack } from './modules/media/subtitle-track.entity.js';
import { DeviceAuthorization } from './modules/accounts/device-authorization.entity.js';
import { RateLimitWindow } from './modules/accounts/rate-limit.entity.js';
import { Session } from './modules/accounts/session.entity.js';
import { User } from './modules/accounts/user.entity.js';
import { PricingTier } from './modules/rentals/pricing-tier.entity.js';
import { PromoCode } from './modules/rentals/promo-code.entity.js';

/** Every entity the ORM knows; a new module adds its own here. */
export const entities = [
  Movie,
  MovieTranslation,
  Genre,
  GenreTranslation,
  Person,
  PersonTranslation,
  CastCredit,
  CastCreditTranslation,
  CrewCredit,
  CrewCreditTranslation,
  Image,
  VideoSource,
  FeaturedItem,
  AuditEntry,
  TmdbImportBatch,
  TmdbImportItem,
  MediaJob,
  SubtitleTrack,
  User,
  Session,
  DeviceAuthorization,
  RateLimitWindow,
  PricingTier,
  PromoCode,
];
