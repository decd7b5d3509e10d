// Stylesheets are bundled by esbuild (lib/site-build.ts): an import of one has no value.
declare module '*.css';
