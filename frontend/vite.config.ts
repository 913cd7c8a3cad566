import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Dev mode: `npm run dev` serves the console on :5173 and proxies /graphql (HTTP and websocket)
// to the Go server on :8080. The Host header is passed through unchanged (no changeOrigin), so
// the server sees the page's own origin and accepts the session cookie.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/graphql': { target: 'http://localhost:8080', ws: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
});
