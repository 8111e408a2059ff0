import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
/** Where the dev server (`npx vite --config web/vite.config.ts`) sends API calls: `cxloop serve`. */
const apiTarget = "http://127.0.0.1:3000";

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // The chart library (echarts, ~510 kB) is its own chunk, loaded with the first chart only.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      "/api": apiTarget,
      "/v1": apiTarget,
      "/health": apiTarget,
    },
  },
});
