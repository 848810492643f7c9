import { defineConfig } from 'vite';

// The dashboard is a static bundle served by the riskgate server at /. `base: './'` keeps
// asset URLs relative so the same build works behind any path prefix.
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  server: { proxy: { '/api': 'http://127.0.0.1:8000', '/health': 'http://127.0.0.1:8000', '/metrics': 'http://127.0.0.1:8000' } },
});
