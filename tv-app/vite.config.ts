import { defineConfig } from 'vite';

// Vite rather than `lng build`: Rollup code-splitting lets Shaka (the biggest dependency by far)
// arrive only when the player opens, which `lng build` cannot do. See README.md.
export default defineConfig({
  base: './',
  build: {
    // Smart-TV browsers lag desktop Chrome by years; ES2019 covers Chromium 72+ (webOS 5, Tizen 5.5).
    target: 'es2019',
    outDir: 'dist',
    assetsInlineLimit: 0,
    sourcemap: true,
    // Lightning names states after their classes (`class Rows extends this`), so class names must
    // survive minification. Terser keeps them as written; esbuild's `keepNames` instead injects a
    // helper that breaks Lightning's image worker (built from a function's source text).
    minify: 'terser',
    terserOptions: { keep_classnames: true },
    reportCompressedSize: true,
  },
  server: { port: 8080 },
});
