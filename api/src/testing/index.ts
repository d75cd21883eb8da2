export {
  createTestApp,
  TEST_LAOQR_WEBHOOK_SECRET,
  untilResponseCacheLive,
  type TestApp,
} from './app.js';
export { linkTree, privateDemoMediaDir, testMediaMaker } from './demo-media.js';
export {
  createTestDatabase,
  startTestPostgres,
  withClient,
  type TestTemplate,
} from './postgres.js';
export { manualClock, signIn } from './accounts.js';
// Brings the global setup's `inject('postgresAdminUrl')` type to every importer.
export type {} from './global-setup.js';
export { startApiProcess, type ApiProcess } from './processes.js';
