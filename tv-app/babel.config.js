// `lng build` runs every file through Babel (preset-env for Safari 12) before esbuild bundles it.
// That pass cannot stay in this app: its caller does not declare dynamic-import support, so Babel
// rejects the `import('./engine')` that keeps Shaka out of the first bundle ("Dynamic import can
// only be transformed when transforming ES modules to AMD, CommonJS or SystemJS"), and it reads
// the fonts as source text. esbuild lowers the syntax itself (`target` in esbuild.es6.config.js),
// so Babel ignores every file.
module.exports = { ignore: [() => true] };
