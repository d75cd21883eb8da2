export { createTestApp, type TestApp } from './app.js';
export { createTestDatabase, startTestPostgres } from './postgres.js';
