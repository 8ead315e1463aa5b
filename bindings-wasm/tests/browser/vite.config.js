// Builds the Vite page (index.html) into bindings-wasm/target-artifacts/browser/vite/. Vite 8 needs no
// wasm plugin for wasm-bindgen's bundler build; es2022 for its top-level await.
import { fileURLToPath } from 'node:url';

export default {
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'warn',
  build: {
    target: 'es2022',
    outDir: fileURLToPath(new URL('../../target-artifacts/browser/vite/', import.meta.url)),
    emptyOutDir: true,
    rollupOptions: { input: { index: fileURLToPath(new URL('index.html', import.meta.url)) } },
  },
};
