// Start-up marks for scripts/bench-app.mjs (see ui/src/main.ts for the others): when the first
// cards reach the DOM and when the frame that paints them starts, noted by the page itself.
// The benchmark reads them where its own observer comes too late: the page is busy from its
// script to its first cards, so WebDriver's first script runs after they are there.
let marked = false;

/** Once per page: notes that cards are in the DOM now (call from an effect). */
export function markFirstCards(): void {
  if (marked) return;
  marked = true;
  performance.mark("imagen:first-cards");
  if (typeof requestAnimationFrame === "function") {
    requestAnimationFrame(() => performance.mark("imagen:first-cards-frame"));
  }
}
