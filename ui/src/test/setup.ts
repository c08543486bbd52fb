import "@testing-library/jest-dom/vitest";

// jsdom has no layout and no ResizeObserver; the virtualised grid only needs it to exist.
if (!("ResizeObserver" in globalThis)) {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
}
