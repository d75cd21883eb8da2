/** esbuild's `file` loader (esbuild.es6.config.js) turns a font import into the emitted file's URL. */
declare module '*.woff2' {
  const url: string;
  export default url;
}
