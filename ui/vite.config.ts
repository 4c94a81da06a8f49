import { fileURLToPath } from "node:url";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";

// The app runs inside Tauri's web view with a strict CSP: everything is bundled locally,
// nothing is fetched from the network.
export default defineConfig({
  plugins: [svelte()],
  resolve: {
    alias: { $lib: fileURLToPath(new URL("./src/lib", import.meta.url)) },
  },
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: "localhost" },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
