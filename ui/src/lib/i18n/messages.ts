// The one import for UI text: components import `m` from this module and call
// `m.images_empty_title()`. Importing the locale state first guarantees every message asks it
// for the language (docs/i18n.md). Write `m.key` out like that, never computed (`m[key]`): the
// catalog test finds the keys in use by that spelling, and the bundler keeps only the messages
// that are named.
import "./locale.svelte";

export { m } from "./paraglide/messages.js";
