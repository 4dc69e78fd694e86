/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";

// The Tauri shell embeds `dist/` (src-tauri/tauri.conf.json > build.frontendDist).
// Everything is bundled locally: no CDN, no remote fonts (the CSP forbids them).
export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebKitGTK 2.50 on Debian 12 supports modern JS.
    target: "es2022",
    sourcemap: false,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
  },
});
