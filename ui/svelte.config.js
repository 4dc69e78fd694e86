// Svelte 5 strips TypeScript in <script lang="ts"> natively; no preprocessor needed.
/** @type {import("svelte/compiler").CompileOptions} */
export default {
  compilerOptions: { runes: true },
};
