import { describe, expect, it } from 'vitest';
import { accountRouteSpecs } from '../src/accounts.routes.js';
import { adminCatalogRouteSpecs } from '../src/admin-catalog.routes.js';
import { analyticsRouteSpecs } from '../src/analytics.routes.js';
import { catalogRouteSpecs } from '../src/catalog.routes.js';
import { mediaRouteSpecs } from '../src/media.routes.js';
import { progressRouteSpecs } from '../src/progress.routes.js';
import { routes } from '../src/routes.js';
import { systemRouteSpecs } from '../src/system.routes.js';
import { tmdbRouteSpecs } from '../src/tmdb.routes.js';

const areas = [
  systemRouteSpecs,
  catalogRouteSpecs,
  adminCatalogRouteSpecs,
  tmdbRouteSpecs,
  mediaRouteSpecs,
  accountRouteSpecs,
  progressRouteSpecs,
  analyticsRouteSpecs,
];

describe('routes', () => {
  // A spread silently keeps the last of two equal keys, so a name reused by a second area would
  // drop the first area's route without a type error.
  it('takes every area’s routes, no name shared between areas', () => {
    const names = areas.flatMap((area) => Object.keys(area));
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(routes).sort()).toEqual([...names].sort());
  });

  it('gives each method and path one route', () => {
    const operations = Object.values(routes).map((spec) => `${spec.method} ${spec.path}`);
    expect(new Set(operations).size).toBe(operations.length);
  });
});
