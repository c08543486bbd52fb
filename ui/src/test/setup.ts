import "@testing-library/jest-dom/vitest";

// jsdom has no layout and no ResizeObserver; the virtualised grid only needs it to exist.
if (!("ResizeObserver" in globalThis)) {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
}

// The engines a window has listed are remembered by module (known-engines.svelte.ts); each
// test starts from a window that has listed none.
import { afterEach } from "vitest";
import { forgetEngines } from "../lib/app/known-engines.svelte";
afterEach(() => forgetEngines());
