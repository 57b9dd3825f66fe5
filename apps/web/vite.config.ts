import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves dist/ on the same origin, so the app never needs CORS.
// In development, /api goes to a locally running `homeward serve`.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Keep every asset a separate file: the CSP forbids inline data: scripts.
    assetsInlineLimit: 0,
    sourcemap: false,
    // One bundle served from our own origin; splitting would gain little for a staff tool.
    chunkSizeWarningLimit: 800,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
