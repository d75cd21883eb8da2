/* eslint-disable @typescript-eslint/no-require-imports -- `lng build` require()s this file as CommonJS */
// `lng build` (LNG_BUNDLER=esbuild, LNG_CUSTOM_ESBUILD=true) deep-merges this over the CLI's own
// esbuild config (@lightningjs/cli src/configs/esbuild.es6.config.js). What we change, and why:
// - ES modules with code splitting, so Shaka (~200 KB gzip) arrives only on the first Play. With
//   `splitting` the CLI drops its `outfile` and writes into the build folder (`outdir`).
// - The CLI keeps its alias of `@lightningjs/core` to `window.lng`: Lightning core loads first as
//   its own classic script (`lib/lightning.min.js`, which the CLI copies from the SDK), so the
//   image worker Lightning builds from a function's source text is never touched by esbuild.
//   That is what makes the CLI's `keepNames` safe here (Lightning names states after classes).
// - Our page instead of the SDK's `startApp.js`, which expects one global IIFE bundle and loads
//   the unminified Lightning core.
const fs = require('node:fs');
const path = require('node:path');

const root = __dirname;

/** Writes index.html into the build folder once the bundle is there. */
const lanxangPage = {
  name: 'lanxang-page',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      const { outdir } = build.initialOptions;
      fs.writeFileSync(
        path.join(outdir, 'index.html'),
        withModulePreloads(
          fs.readFileSync(path.join(root, 'index.html'), 'utf8'),
          startupChunks(result.metafile, outdir),
        ),
      );
      fs.rmSync(path.join(outdir, 'startApp.js'), { force: true });
      writeServiceWorker(outdir);
    });
  },
};

/**
 * The chunks the app bundle imports statically, directly or through each other: all of them run
 * before the first screen. Without a hint the browser finds them only once appBundle.js has been
 * downloaded and parsed, and the next level only after those.
 */
function startupChunks(metafile, outdir) {
  const outputs = metafile.outputs;
  const bundle = Object.keys(outputs).find((file) => path.basename(file) === 'appBundle.js');
  const found = new Set();
  const visit = (file) => {
    for (const imported of outputs[file]?.imports ?? []) {
      if (imported.kind !== 'import-statement' || found.has(imported.path)) continue;
      found.add(imported.path);
      visit(imported.path);
    }
  };
  if (bundle) visit(bundle);
  return [...found].map((file) => `./${path.relative(outdir, path.resolve(file))}`);
}

/**
 * The page with a hint per script the start runs, so all of them download at once: Lightning
 * core and the app bundle first, then the chunks.
 */
function withModulePreloads(html, chunks) {
  const links = [
    '<link rel="preload" as="script" href="./lib/lightning.min.js" />',
    '<link rel="modulepreload" href="./appBundle.js" />',
    ...chunks.map((chunk) => `<link rel="modulepreload" href="${chunk}" />`),
  ];
  return html.replace('  </head>', `${links.map((link) => `    ${link}\n`).join('')}  </head>`);
}

/** The service worker, told every file of this build to keep for starting offline. */
function writeServiceWorker(outdir) {
  const files = [
    './',
    './index.html',
    './appBundle.js',
    './settings.json',
    './lib/lightning.min.js',
  ];
  // The chunks (pages, Shaka, Lao's catalogue) beside appBundle.js.
  for (const name of fs.readdirSync(outdir))
    if (/^[\w-]+-[A-Z0-9]{8}\.js$/.test(name)) files.push(`./${name}`);
  for (const dir of ['assets', 'static']) {
    const full = path.join(outdir, dir);
    if (!fs.existsSync(full)) continue;
    for (const name of fs.readdirSync(full))
      if (!name.endsWith('.map')) files.push(`./${dir}/${name}`);
  }
  const build = Date.now().toString(36);
  const source = fs.readFileSync(path.join(root, 'sw.js'), 'utf8');
  fs.writeFileSync(
    path.join(outdir, 'sw.js'),
    `self.__LANXANG_PRECACHE__ = ${JSON.stringify(files)};\nself.__LANXANG_BUILD__ = '${build}';\n${source}`,
  );
}

module.exports = {
  entryPoints: { appBundle: path.join(root, 'src/index.ts') },
  format: 'esm',
  splitting: true,
  // The CLI's own build folder (LNG_BUILD_FOLDER), where it also copies settings and the SDK files.
  outdir: path.join(root, process.env.LNG_BUILD_FOLDER || 'build'),
  // The CLI names an IIFE global after the app id; ES modules have none.
  globalName: undefined,
  chunkNames: '[name]-[hash]',
  assetNames: 'assets/[name]-[hash]',
  // Fonts (Noto Sans Lao from @fontsource) are emitted as files and imported as their URL. The
  // URL is used against the page, not against the importing chunk: `publicPath` makes it one from
  // the build folder, and the chunks sit beside appBundle.js so their imports of each other (which
  // take the same prefix) resolve too.
  loader: { '.woff2': 'file' },
  publicPath: './',
  // The CLI's Babel pass already lowers syntax for Safari 12; this keeps esbuild's own output
  // inside what Chromium 72 (webOS 5, Tizen 5.5) parses.
  target: 'es2019',
  minifySyntax: process.env.NODE_ENV === 'production',
  // Read by `lanxangPage` for the chunks the page preloads.
  metafile: true,
  plugins: [lanxangPage],
};
