/**
 * The admin's service credential in every test: the test API (`createTestApp`) and the built
 * admin the browser tests start (`startAdmin`, production mode, which refuses the development
 * value) must agree on it, or the API would not believe the viewer address the admin sends.
 */
export const TEST_ADMIN_SERVICE_TOKEN = 'test-only-admin-service-token-of-32-characters';
