// The search field's filter language, run in the UI on every keystroke.
//
// A port of crates/imagen-core/src/images/filter.rs (where the semantics are documented
// and tested against `docker images --filter` on a real engine). Both run the shared cases
// in crates/imagen-core/tests/filter-vectors.json; change one, change the other.
//
// Free text matches what a card shows: tags (substring, any case), the `<none>` rows
// `docker images` prints for images without a tag (search-index.ts), and image IDs (prefix);
// digests only for text with `@` or starting `sha256:`, labels only through `label=`. Filter terms: dangling=, label=, reference=, before=, since= (docker's), in-use=
// and size>/size< (Imagen's). Different keys AND; several reference= OR.
import type { FilterError, ImageSummary } from "../ipc/api";
import { BAD, globMatch } from "./glob";
import { matchReferences, matchText, pattern, searchIndex, type SearchIndex } from "./search-index";
import { m } from "../i18n/messages";

// Built in idle time once a list is shown (ViewStore.prepare).
export { indexText } from "./search-index";

// Why a search cannot be run: generated from the Rust `FilterError`, so both ports return
// the same shape.
export type { FilterError };

export type Comparison = ">" | ">=" | "<" | "<=";

/** A parsed search: every part must hold for an image to match. */
export interface Query {
  /** Free-text terms, lowercased; each must match. */
  text: string[];
  dangling: boolean | null;
  /** Each must match; `value: null` asks only for the key. */
  labels: { key: string; value: string | null }[];
  /** Glob patterns; any may match. */
  references: string[];
  before: string[];
  since: string[];
  inUse: boolean | null;
  /** Bounds in whole bytes (fractions already rounded so the comparison is exact). */
  sizes: { comparison: Comparison; bytes: number }[];
}

export type ParseResult = { ok: true; query: Query } | { ok: false; error: FilterError };
export type ApplyResult = { ok: true; indices: number[] } | { ok: false; error: FilterError };

const KEYS = ["dangling", "label", "reference", "before", "since", "in-use", "size"] as const;

/** The keys the filter language accepts (`size` is written with >, <, >= or <=). */
export function validKeys(): readonly string[] {
  return KEYS;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** An example of a term, in docker's syntax (the same in every language). */
function example(key: string): string {
  const either = (first: string, second: string) => m.images_filter_either({ first, second });
  switch (key) {
    case "dangling":
      return "dangling=true";
    case "label":
      return either("label=com.example.team", "label=com.example.team=web");
    case "reference":
      return "reference=nginx:*";
    case "before":
      return "before=nginx:latest";
    case "since":
      return "since=nginx:latest";
    case "in-use":
      return "in-use=true";
    default:
      return either("size>100MB", "size<1GB");
  }
}

/**
 * The sentence to show for an error, in the current language (call it from a reactive context
 * so it follows a switch). In English, the same words as Rust's `Display`; the keys, values and
 * examples are docker's syntax in every language.
 */
export function filterMessage(error: FilterError): string {
  switch (error.kind) {
    case "UnclosedQuote":
      return m.images_filter_unclosed_quote();
    case "UnknownKey": {
      const valid = error.valid.join(", ");
      return error.key === ""
        ? m.images_filter_no_key({ valid })
        : m.images_filter_unknown_key({ key: error.key, valid });
    }
    case "EmptyValue":
      return m.images_filter_empty_value({ key: error.key, example: example(error.key) });
    case "BadBool":
      return m.images_filter_bad_bool({ key: error.key, value: error.value });
    case "ConflictingValues":
      return m.images_filter_conflicting({ key: error.key });
    case "BadLabel":
      return m.images_filter_bad_label({ value: error.value });
    case "BadPattern":
      return m.images_filter_bad_pattern({ pattern: error.pattern });
    case "BadSize":
      return m.images_filter_bad_size({ value: error.value });
    case "WrongOperator":
      return m.images_filter_wrong_operator({
        key: error.key,
        operator: error.operator,
        example: example(error.key),
      });
    case "NoSuchImage":
      return m.images_filter_no_such_image({ key: error.key, reference: error.reference });
  }
}

// Rust's char::is_whitespace (Unicode White_Space), not JavaScript's \s.
const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const TRIM = new RegExp(`^${SPACE.source}+|${SPACE.source}+$`, "g");

/** Whether `c` (one character) separates terms outside quotes. */
export function isSpace(c: string): boolean {
  return SPACE.test(c);
}

function trimSpace(s: string): string {
  return s.replace(TRIM, "");
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** One term of the field as the filter reads it. */
export interface Token {
  /** Its text, quotes removed. */
  text: string;
  /** It began with `"`: free text even if it contains `=`. */
  quoted: boolean;
  /** Where it is in what was typed (UTF-16 offsets, quotes included): [start, end). */
  start: number;
  end: number;
}

/** The field's terms: separated by whitespace outside double quotes. A term's trailing
 * commas (outside quotes) separate too, and are dropped from its text: a list pasted as
 * `nginx, alpine` is `nginx alpine`, and `label=env=prod,` asks for `prod` (the token's
 * [start, end) still covers them, so cutting the token cuts them too). `unclosed`: a quote
 * never closes, and the last token runs from where it began to the end. */
export function tokenize(text: string): { tokens: Token[]; unclosed: boolean } {
  const tokens: Token[] = [];
  let current: Token | null = null;
  /** How many commas, typed outside quotes, end the current token's text. */
  let commas = 0;
  const finish = () => {
    if (current && commas > 0) current.text = current.text.slice(0, -commas);
    if (current) tokens.push(current);
    current = null;
    commas = 0;
  };
  let inQuote = false;
  let at = 0;
  for (const c of text) {
    if (c === '"') {
      inQuote = !inQuote;
      current ??= { text: "", quoted: true, start: at, end: at };
      commas = 0;
    } else if (!inQuote && SPACE.test(c)) {
      finish();
    } else {
      current ??= { text: "", quoted: false, start: at, end: at };
      current.text += c;
      commas = !inQuote && c === "," ? commas + 1 : 0;
    }
    at += c.length;
    if (current) current.end = at;
  }
  finish();
  return { tokens, unclosed: inQuote };
}

/** Docker Hub's prefixes, as `docker pull` prints a reference
 * (`docker.io/library/nginx:latest`); the list names images without them. */
const HUB_PREFIXES = ["index.docker.io/", "docker.io/"];

/** Free text as the list names it: pasted `docker.io/library/nginx:latest` is
 * `nginx:latest`, `docker.io/bitnami/redis` is `bitnami/redis` (as `familiarLookup` reads a
 * `before=` reference). Keeps the case it was typed in. */
function familiarText(term: string): string {
  const lower = term.toLowerCase();
  const prefix = HUB_PREFIXES.find((p) => lower.startsWith(p));
  if (prefix === undefined) return term;
  const rest = term.slice(prefix.length);
  const official = rest.toLowerCase().startsWith("library/") ? rest.slice("library/".length) : null;
  return official !== null && !official.includes("/") ? official : rest;
}

/** A `reference=` term for the first free-text term with a glob's `*` or `?` in it, which
 * free text takes literally (no tag or ID has either): `nginx:*` → `reference=nginx:*`. Null
 * when there is none. */
export function patternHint(text: string): string | null {
  for (const token of tokenize(text).tokens) {
    if (token.quoted || /[=<>]/.test(token.text) || !/[*?]/.test(token.text)) continue;
    return `reference=${familiarText(token.text)}`;
  }
  return null;
}

const unknownKey = (key: string): FilterError => ({ kind: "UnknownKey", key, valid: [...KEYS] });

function emptyQuery(): Query {
  return {
    text: [],
    dangling: null,
    labels: [],
    references: [],
    before: [],
    since: [],
    inUse: null,
    sizes: [],
  };
}

/** Parses what the user typed. Pure; cheap enough for every keystroke. */
export function parseQuery(text: string): ParseResult {
  const { tokens, unclosed } = tokenize(text);
  if (unclosed) return { ok: false, error: { kind: "UnclosedQuote" } };
  const query = emptyQuery();
  const pushText = (typed: string) => {
    const t = familiarText(typed);
    if (t !== "") query.text.push(t.toLowerCase());
  };
  for (const token of tokens) {
    if (token.quoted) {
      pushText(token.text);
      continue;
    }
    const at = token.text.search(/[=<>]/);
    if (at < 0) {
      pushText(token.text);
      continue;
    }
    const keyTyped = token.text.slice(0, at);
    const rest = token.text.slice(at);
    if (rest.startsWith("=")) {
      const error = parseEqualsTerm(
        query,
        trimSpace(keyTyped).toLowerCase(),
        trimSpace(rest.slice(1)),
      );
      if (error) return { ok: false, error };
    } else if (/^[A-Za-z][A-Za-z0-9-]*$/.test(keyTyped)) {
      const key = keyTyped.toLowerCase();
      const operator: Comparison = rest.startsWith(">=")
        ? ">="
        : rest.startsWith("<=")
          ? "<="
          : rest.startsWith(">")
            ? ">"
            : "<";
      if (key !== "size") {
        const error: FilterError = (KEYS as readonly string[]).includes(key)
          ? { kind: "WrongOperator", key, operator }
          : unknownKey(key);
        return { ok: false, error };
      }
      const value = trimSpace(rest.slice(operator.length));
      if (value === "") return { ok: false, error: { kind: "EmptyValue", key } };
      const bytes = parseSize(value, operator);
      if (bytes === null) return { ok: false, error: { kind: "BadSize", value } };
      query.sizes.push({ comparison: operator, bytes });
    } else {
      // `<none>`, `maint@example.com>`: text, not an attempt at a filter.
      pushText(token.text);
    }
  }
  return { ok: true, query };
}

function parseEqualsTerm(query: Query, key: string, value: string): FilterError | null {
  if (!(KEYS as readonly string[]).includes(key)) return unknownKey(key);
  if (key === "size") return { kind: "WrongOperator", key, operator: "=" };
  if (value === "") return { kind: "EmptyValue", key };
  switch (key) {
    case "dangling":
    case "in-use": {
      const b = parseBool(key, value);
      if (b === null) return { kind: "BadBool", key, value };
      const old = key === "dangling" ? query.dangling : query.inUse;
      if (old !== null && old !== b) return { kind: "ConflictingValues", key };
      if (key === "dangling") query.dangling = b;
      else query.inUse = b;
      return null;
    }
    case "label": {
      const eq = value.indexOf("=");
      const label = eq < 0 ? value : value.slice(0, eq);
      if (label === "") return { kind: "BadLabel", value };
      query.labels.push({ key: label, value: eq < 0 ? null : value.slice(eq + 1) });
      return null;
    }
    case "reference":
      if (globMatch(Array.from(value), []) === BAD) return { kind: "BadPattern", pattern: value };
      query.references.push(value);
      return null;
    case "before":
      query.before.push(value);
      return null;
    default:
      query.since.push(value);
      return null;
  }
}

/** A boolean as the engine reads `dangling=` (moby's `GetBoolOrDefault`): exactly `true`,
 * `false`, `1` or `0` (`TRUE` is an error there). `in-use=` is Imagen's own: `true` and
 * `false` in any case too. */
function parseBool(key: string, value: string): boolean | null {
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  if (key === "in-use") {
    const lower = asciiLower(value);
    if (lower === "true") return true;
    if (lower === "false") return false;
  }
  return null;
}

const UNITS: Record<string, bigint> = {
  "": 1n,
  b: 1n,
  kb: 1_000n,
  mb: 1_000_000n,
  gb: 1_000_000_000n,
  tb: 1_000_000_000_000n,
};

/** `100MB`, `1.5gb`, `512`: decimal units; rounded to whole bytes for an exact comparison. */
function parseSize(value: string, comparison: Comparison): number | null {
  const end = value.search(/[^0-9.]/);
  const number = end < 0 ? value : value.slice(0, end);
  const unit = asciiLower(end < 0 ? "" : value.slice(end));
  const multiplier = Object.hasOwn(UNITS, unit) ? UNITS[unit] : undefined;
  if (multiplier === undefined) return null;
  const dot = number.indexOf(".");
  const whole = dot < 0 ? number : number.slice(0, dot);
  const fraction = dot < 0 ? "" : number.slice(dot + 1);
  const digits = /^[0-9]*$/;
  if (
    whole === "" ||
    !digits.test(whole) ||
    !digits.test(fraction) ||
    (dot >= 0 && fraction === "") ||
    fraction.length > 18
  ) {
    return null;
  }
  const scale = 10n ** BigInt(fraction.length);
  const fractionBytes = BigInt(fraction === "" ? "0" : fraction) * multiplier;
  const floor = BigInt(whole) * multiplier + fractionBytes / scale;
  const exact = fractionBytes % scale === 0n;
  // size > 1.5 ⇔ size > 1; size >= 1.5 ⇔ size >= 2; size < 1.5 ⇔ size < 2; size <= 1.5 ⇔ size <= 1.
  const bound = comparison === ">" || comparison === "<=" || exact ? floor : floor + 1n;
  return bound > BigInt(MAX_SAFE) ? MAX_SAFE : Number(bound);
}

// ---- Matching ----------------------------------------------------------------------------

/** The terms `matchText` and `matchReferences` do not cover. */
function otherTermsHold(query: Query, image: ImageSummary): boolean {
  // The engine drops every image with a tag from dangling=true. The classic store keeps images
  // that only have digests (a pulled image whose tag moved on) in both lists; the containerd
  // store and Podman drop one a digest names (a pull by digest) too.
  if (query.dangling === true && (image.tags.length > 0 || image.digestNamed)) return false;
  if (query.dangling === false && image.tags.length === 0 && image.digests.length === 0) {
    return false;
  }
  for (const term of query.labels) {
    if (!Object.hasOwn(image.labels, term.key)) return false;
    if (term.value !== null && image.labels[term.key] !== term.value) return false;
  }
  if (query.inUse !== null) {
    if (image.containers.running + image.containers.stopped > 0 !== query.inUse) return false;
  }
  for (const bound of query.sizes) {
    const size = image.size;
    const holds =
      bound.comparison === ">"
        ? size > bound.bytes
        : bound.comparison === ">="
          ? size >= bound.bytes
          : bound.comparison === "<"
            ? size < bound.bytes
            : size <= bound.bytes;
    if (!holds) return false;
  }
  return true;
}

/** True when `query` has no term at all, so every image matches. */
export function isEmptyQuery(query: Query): boolean {
  return (
    query.text.length === 0 &&
    query.dangling === null &&
    query.labels.length === 0 &&
    query.references.length === 0 &&
    query.before.length === 0 &&
    query.since.length === 0 &&
    query.inUse === null &&
    query.sizes.length === 0
  );
}

/** A typed reference in the familiar form the engine lists: `docker.io/library/nginx` →
 * `nginx:latest`. Invalid input gives a string no listed reference equals. */
function familiarLookup(input: string): string {
  const at = input.indexOf("@");
  const nameTag = at < 0 ? input : input.slice(0, at);
  const digest = at < 0 ? null : input.slice(at + 1);
  const slash = nameTag.indexOf("/");
  let domain = "docker.io";
  let remainder = nameTag;
  if (slash >= 0) {
    const first = nameTag.slice(0, slash);
    if (
      first.includes(".") ||
      first.includes(":") ||
      first === "localhost" ||
      first.toLowerCase() !== first
    ) {
      domain = first;
      remainder = nameTag.slice(slash + 1);
    }
  }
  if (domain === "index.docker.io") domain = "docker.io";
  const colon = remainder.indexOf(":");
  const path = colon < 0 ? remainder : remainder.slice(0, colon);
  const tag = colon < 0 ? null : remainder.slice(colon + 1);
  let name: string;
  if (domain === "docker.io") {
    const rest = path.startsWith("library/") ? path.slice("library/".length) : null;
    name = rest !== null && !rest.includes("/") ? rest : path;
  } else {
    name = `${domain}/${path}`;
  }
  if (digest !== null) return `${name}@${digest}`;
  return `${name}:${tag ?? "latest"}`;
}

const isLowerHex = (s: string) => /^[0-9a-f]*$/.test(s);

/** moby's GetImage, over the listed images. */
function resolve(
  key: string,
  reference: string,
  images: readonly ImageSummary[],
): ImageSummary | FilterError {
  const notFound: FilterError = { kind: "NoSuchImage", key, reference };
  let fullId: string | null = null;
  if (reference.length === 64 && isLowerHex(reference)) fullId = `sha256:${reference}`;
  else if (reference.startsWith("sha256:")) {
    const hex = reference.slice("sha256:".length);
    if (hex.length === 64 && isLowerHex(hex)) fullId = reference;
  }
  if (fullId !== null) return images.find((i) => i.id === fullId) ?? notFound;
  const familiar = familiarLookup(reference);
  const byDigest = familiar.includes("@");
  const byName = images.find((i) => (byDigest ? i.digests : i.tags).includes(familiar));
  if (byName) return byName;
  const prefix = reference.startsWith("sha256:") ? reference.slice("sha256:".length) : reference;
  if (prefix === "" || !isLowerHex(prefix)) return notFound;
  let found: ImageSummary | null = null;
  for (const image of images) {
    const id = image.id.startsWith("sha256:") ? image.id.slice("sha256:".length) : image.id;
    if (id.startsWith(prefix)) {
      if (found) return notFound;
      found = image;
    }
  }
  return found ?? notFound;
}

const isError = (x: ImageSummary | FilterError): x is FilterError => "kind" in x;

export type MaskResult = { ok: true; mask: Uint8Array | null } | { ok: false; error: FilterError };

/** Which images the query keeps: `mask[i]` is 1 for each (null: every image, an empty query).
 * Per keystroke this walks typed arrays and the list's search index (search-index.ts), and
 * calls per-image code only for the terms that need the image itself. The mask is the
 * index's to keep: read it, do not change it. */
export function matchQuery(query: Query, images: readonly ImageSummary[]): MaskResult {
  if (isEmptyQuery(query)) return { ok: true, mask: null };
  const index = searchIndex(images);
  // Only free text and references, which read nothing but what the index checks is unchanged
  // (tags, digests, labels, ID), may narrow from the last result: the other terms read fields
  // a list edited in place could have changed since.
  const indexedOnly =
    query.dangling === null &&
    query.labels.length === 0 &&
    query.before.length === 0 &&
    query.since.length === 0 &&
    query.inUse === null &&
    query.sizes.length === 0;
  const references = JSON.stringify(query.references);
  const narrowed = indexedOnly ? narrow(index.last, references, query.text) : null;
  if (narrowed) {
    matchText(narrowed.terms, index, narrowed.mask);
    index.last = { references, terms: query.text, mask: narrowed.mask };
    return { ok: true, mask: narrowed.mask };
  }
  let before: number | null = null;
  for (const reference of query.before) {
    const found = resolve("before", reference, images);
    if (isError(found)) return { ok: false, error: found };
    before = before === null ? found.created : Math.min(before, found.created);
  }
  let since: number | null = null;
  for (const reference of query.since) {
    const found = resolve("since", reference, images);
    if (isError(found)) return { ok: false, error: found };
    since = since === null ? found.created : Math.max(since, found.created);
  }
  const n = images.length;
  const mask = new Uint8Array(n).fill(1);
  if (before !== null || since !== null) {
    for (let i = 0; i < n; i++) {
      const created = images[i]!.created;
      if ((before !== null && !(created < before)) || (since !== null && !(created > since))) {
        mask[i] = 0;
      }
    }
  }
  if (query.text.length > 0) matchText(query.text, index, mask);
  if (query.references.length > 0) {
    matchReferences(query.references.map(pattern), images, index, mask);
  }
  const others =
    query.dangling !== null ||
    query.labels.length > 0 ||
    query.inUse !== null ||
    query.sizes.length > 0;
  if (others) {
    for (let i = 0; i < n; i++) if (mask[i] && !otherTermsHold(query, images[i]!)) mask[i] = 0;
  }
  index.last = indexedOnly ? { references, terms: query.text, mask } : null;
  return { ok: true, mask };
}

/** When the search only adds to the last one's free text (typing on at the end of a word, or
 * a new word), it keeps a subset of what that kept: the last result to narrow down, and the
 * free-text terms to check on it. The references are the same, so already hold. A term that
 * grows keeps matching what it matched before except through an ID prefix when it gains or
 * loses a leading `sha256:`, which picks the prefix it is compared to: not narrowed. */
function narrow(
  last: SearchIndex["last"],
  references: string,
  terms: readonly string[],
): { mask: Uint8Array; terms: string[] } | null {
  if (!last || last.references !== references || last.terms.length > terms.length) return null;
  const sha = (t: string) => t.startsWith("sha256:");
  const changed: string[] = [];
  for (let j = 0; j < terms.length; j++) {
    const was = last.terms[j];
    const now = terms[j]!;
    if (was === now) continue;
    if (was !== undefined && (!now.startsWith(was) || sha(now) !== sha(was))) return null;
    changed.push(now);
  }
  return { mask: last.mask.slice(), terms: changed };
}

/** The indices of the images the query keeps, in input order. */
export function applyQuery(query: Query, images: readonly ImageSummary[]): ApplyResult {
  const matched = matchQuery(query, images);
  if (!matched.ok) return matched;
  const { mask } = matched;
  const indices: number[] = [];
  for (let i = 0; i < images.length; i++) if (!mask || mask[i]) indices.push(i);
  return { ok: true, indices };
}

/** Parse and apply in one go. */
export function filterImages(text: string, images: readonly ImageSummary[]): ApplyResult {
  const parsed = parseQuery(text);
  return parsed.ok ? applyQuery(parsed.query, images) : parsed;
}
