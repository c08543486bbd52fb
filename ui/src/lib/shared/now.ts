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

/** How often an age under an hour moves on: `docker images` counts it in seconds, then in
 * minutes from the moment it was made, which a tick of its own would miss by up to a tick. */
export const YOUNG_TICK_MS = 1_000;

const subscribeYoung = createSubscriber((update) => {
  const timer = setInterval(update, YOUNG_TICK_MS);
  return () => clearInterval(timer);
});

/** `nowSeconds()` for wording the age of something made at `created` (seconds since the
 * epoch): re-read every second while that age is under an hour, so a card pulled just now
 * says "29 seconds ago", and "3 minutes ago", when `docker images` beside it does; on the
 * 30-second tick a quarter of those minutes would read one behind. The fine timer runs only
 * while some reader is that young (a few cards at most: those on screen). */
export function nowForAge(created: number): number {
  const now = nowSeconds();
  const age = now - created;
  if (age > -60 && age < 3600) subscribeYoung();
  return now;
}
