export * from './browser.js';
export * from './ports.js';
