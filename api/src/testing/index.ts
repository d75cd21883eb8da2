export { createTestApp, type TestApp } from './app.js';
export { testMediaMaker } from './demo-media.js';
export { createTestDatabase, startTestPostgres, type TestTemplate } from './postgres.js';
