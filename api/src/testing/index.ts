export { createTestApp, type TestApp } from './app.js';
export { privateDemoMediaDir, testMediaMaker } from './demo-media.js';
export { createTestDatabase, startTestPostgres, type TestTemplate } from './postgres.js';
export { manualClock, signIn } from './accounts.js';
// Brings the global setup's `inject('postgresAdminUrl')` type to every importer.
export type {} from './global-setup.js';
