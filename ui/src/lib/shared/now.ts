// The time an "N minutes ago" text is worded against (a card's age, like the CREATED column of
// `docker images`). Date.now() alone is read once, when the card renders: a list that stands
// still for minutes would keep saying "Less than a second ago". Read in a derived or an effect,
// this one is read again every AGE_TICK_MS. One timer serves every reader, and it runs only
// while something on screen reads it.
import { createSubscriber } from "svelte/reactivity";

/** How often ages move on: finer than the minutes they count from the first minute on. */
export const AGE_TICK_MS = 30_000;

const subscribe = createSubscriber((update) => {
  const timer = setInterval(update, AGE_TICK_MS);
  return () => clearInterval(timer);
});

/** Seconds since the epoch. In a derived or an effect, it is re-read every AGE_TICK_MS. */
export function nowSeconds(): number {
  subscribe();
  return Date.now() / 1000;
}
