export * from './locale.js';
export * from './problem.js';
export * from './catalog.js';
export * from './system.js';
export * from './routes.js';
export * from './search.js';
export * from './admin-catalog.js';
export * from './media.js';
