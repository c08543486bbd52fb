// What the filter searches in a list, built once per list and reused on every keystroke: the
// free-text haystacks and the image IDs (`indexText`, in idle time once the list is shown), and
// the references `reference=` matches (on its first term). Matching writes into a mask, one
// byte per image, so a keystroke walks typed arrays and native string searches rather than
// calling per-image code. The semantics are filter.ts's: its tests run through this, and
// search-index.test.ts compares it with the per-image matching it replaced.
import type { ImageSummary } from "../ipc/api";
import { chars, globMatch, type Chars } from "./glob";

export interface SearchIndex {
  /** Per image: the tags, digests and ID indexed (the index is rebuilt when one of them is
   * not the same object or string any more, e.g. a list edited in place). */
  fields: unknown[];
  /** Per image: what its card shows, as free text finds it: its tags and `<none>` rows
   * (`untaggedRows`), lowercased and NUL-separated. Not its labels (an image built `FROM
   * nginx` carries nginx's maintainer label, and `nginx` must not find it: `label=` does). */
  hays: string[];
  /** Per image: its digests, lowercased and NUL-separated, searched only by text that reads
   * as a digest (`digestLike`): their hex is on no card, and `22` typed for `node:22` would
   * find one image in five by it. */
  digests: string[];
  /** The haystacks, each followed by a newline: a rare term is found by a few native
   * searches over the whole list rather than one per image. */
  hay: string;
  /** Where each image's haystack starts and ends in `hay`. */
  starts: Int32Array;
  ends: Int32Array;
  ids: string[];
  /** The IDs' hex part (after the algorithm). */
  hexes: string[];
  /** Every ID is `sha256:` and lowercase hex (as the engine lists them). */
  hexIds: boolean;
  /** Built on the list's first `reference=` term. */
  refs: ReferenceIndex | null;
  /** The last search of this list with only free text and references (`references`: its
   * patterns, as JSON), and its result: filter.ts narrows the next one from it. */
  last: { references: string; terms: readonly string[]; mask: Uint8Array } | null;
}

/** Every tag and digest of the list and its familiar name (without tag or digest), flat. */
interface ReferenceIndex {
  names: Chars[];
  /** The names, each followed by a newline, and where each starts and ends: a pattern's
   * literal run is looked up in it like a free-text term (see `eachContaining`). */
  text: string;
  starts: Int32Array;
  ends: Int32Array;
  /** Each name's slash count. */
  slashes: Int32Array;
  /** The image each name belongs to. */
  owners: Int32Array;
}

const indexes = new WeakMap<readonly ImageSummary[], SearchIndex>();

/** The list's index: built on first use, rebuilt when the list was edited in place. */
export function searchIndex(images: readonly ImageSummary[]): SearchIndex {
  const index = indexes.get(images);
  if (index && index.fields.length === images.length * 3) {
    let same = true;
    const f = index.fields;
    for (let i = 0, j = 0; same && i < images.length; i++, j += 3) {
      const image = images[i]!;
      same = f[j] === image.tags && f[j + 1] === image.digests && f[j + 2] === image.id;
    }
    if (same) return index;
  }
  const n = images.length;
  const fresh: SearchIndex = {
    fields: new Array<unknown>(n * 3),
    hays: new Array<string>(n),
    digests: new Array<string>(n),
    hay: "",
    starts: new Int32Array(n),
    ends: new Int32Array(n),
    ids: new Array<string>(n),
    hexes: new Array<string>(n),
    hexIds: false,
    refs: null,
    last: null,
  };
  let at = 0;
  images.forEach((image, i) => {
    fresh.fields[i * 3] = image.tags;
    fresh.fields[i * 3 + 1] = image.digests;
    fresh.fields[i * 3 + 2] = image.id;
    const rows = untaggedRows(image);
    const hay = [...image.tags, ...(rows === NAMELESS ? NAMELESS_CARD : rows)]
      .join("\0")
      .toLowerCase();
    fresh.digests[i] = image.digests.join("\0").toLowerCase();
    fresh.hays[i] = hay;
    fresh.starts[i] = at;
    fresh.ends[i] = at + hay.length;
    at += hay.length + 1;
    const id = image.id.toLowerCase();
    const colon = id.indexOf(":");
    fresh.ids[i] = id;
    fresh.hexes[i] = colon < 0 ? id : id.slice(colon + 1);
  });
  fresh.hexIds = fresh.ids.every((id) => /^sha256:[0-9a-f]*$/.test(id));
  fresh.hay = fresh.hays.join("\n") + "\n";
  indexes.set(images, fresh);
  return fresh;
}

const NO_ROWS: readonly string[] = [];
const NAMELESS: readonly string[] = ["<none>"];
/** How a card without tag or digest is searched: its chip, `<none>:<none>` (which `<none>`
 * finds too). */
const NAMELESS_CARD: readonly string[] = ["<none>:<none>"];

/** The rows `docker images` prints with TAG `<none>` for an image (docker/cli's
 * `imageFormat`), as the card writes them: `repo:<none>` for each repository the image has a
 * digest in but no tag (a digest-only image's card is named so), once each; `<none>` for an
 * image with neither tag nor digest (REPOSITORY and TAG `<none>`; its card is
 * `<none>@<short id>`). Free text finds them, as `docker images | grep "<none>"` does. */
export function untaggedRows(image: Pick<ImageSummary, "tags" | "digests">): readonly string[] {
  const { tags, digests } = image;
  if (digests.length === 0) return tags.length === 0 ? NAMELESS : NO_ROWS;
  let rows: string[] | null = null;
  for (const digest of digests) {
    const name = familiarName(digest);
    if (tags.some((tag) => isTagIn(tag, name))) continue;
    const row = name + ":<none>";
    if (!rows?.includes(row)) (rows ??= []).push(row);
  }
  return rows ?? NO_ROWS;
}

/** `familiarName(tag) === name` for a `repo:tag` (no digest), without slicing the tag. */
function isTagIn(tag: string, name: string): boolean {
  const n = name.length;
  return (
    tag.length > n &&
    tag.charCodeAt(n) === 58 /* : */ &&
    tag.startsWith(name) &&
    tag.indexOf(":", n + 1) < 0 &&
    tag.indexOf("/", n + 1) < 0
  );
}

/** Builds what free-text search over `images` needs ahead of the first term (idle time). */
export function indexText(images: readonly ImageSummary[]): void {
  searchIndex(images);
}

/** Calls `found(k)` for each entry k of `text` (entries at [starts[k], ends[k]), in order,
 * separated by at least one character) that contains `needle`, with native searches that
 * skip from one containing entry to the next. */
function eachContaining(
  text: string,
  starts: Int32Array,
  ends: Int32Array,
  needle: string,
  found: (k: number) => void,
): void {
  const n = starts.length;
  let k = 0;
  let pos = text.indexOf(needle);
  while (pos >= 0 && k < n) {
    while (k < n && ends[k]! < pos) k++;
    if (k === n) break;
    if (pos >= starts[k]! && pos + needle.length <= ends[k]!) {
      // Found in entry k: carry on from the next entry.
      found(k);
      k++;
      pos = k < n ? text.indexOf(needle, starts[k]!) : -1;
    } else {
      pos = text.indexOf(needle, pos + 1);
    }
  }
}

/** Free text that reads as (part of) a digest, `nginx@sha256:…` or `sha256:…`: the only text
 * searched in digests. */
const digestLike = (term: string) => term.includes("@") || term.startsWith("sha256:");

/** Clears `mask[i]` for every image some free-text term does not match: a term matches in
 * the image's haystack (substring), in its digests when it reads as one, or as a prefix of
 * its ID (of the hex part unless the term starts with sha256:). `terms` are lowercased. */
export function matchText(terms: readonly string[], index: SearchIndex, mask: Uint8Array): void {
  const { hays, hay, starts, ends, ids, hexes, hexIds, digests } = index;
  const n = mask.length;
  for (const term of terms) {
    if (digestLike(term)) {
      // Rare, and pasted whole: each image is looked at.
      for (let i = 0; i < n; i++) {
        if (!mask[i]) continue;
        const id = ids[i]!;
        if (!hays[i]!.includes(term) && !digests[i]!.includes(term) && !id.startsWith(term)) {
          mask[i] = 0;
        }
      }
      continue;
    }
    // Most words typed cannot start an ID: then only the haystacks are searched.
    const idLike = !hexIds || /^[0-9a-f]*$/.test(term);
    let left = 0;
    for (let i = 0; i < n; i++) left += mask[i]!;
    if (left > n >> 3) {
      // Many images still in: search the whole list at once.
      const hit = new Uint8Array(n);
      eachContaining(hay, starts, ends, term, (k) => (hit[k] = 1));
      for (let i = 0; i < n; i++) {
        if (mask[i] && !hit[i] && !(idLike && hexes[i]!.startsWith(term))) mask[i] = 0;
      }
    } else {
      // A few: check only those.
      for (let i = 0; i < n; i++) {
        if (mask[i] && !hays[i]!.includes(term) && !(idLike && hexes[i]!.startsWith(term))) {
          mask[i] = 0;
        }
      }
    }
  }
}

const slashCount = (text: string) => text.split("/").length - 1;

/** `localhost:5000/app:1.0` → `localhost:5000/app`; `repo@sha256:…` → `repo`. */
function familiarName(reference: string): string {
  const at = reference.indexOf("@");
  if (at >= 0) return reference.slice(0, at);
  const colon = reference.lastIndexOf(":");
  if (colon >= 0 && !reference.slice(colon).includes("/")) return reference.slice(0, colon);
  return reference;
}

function referenceIndex(images: readonly ImageSummary[], index: SearchIndex): ReferenceIndex {
  if (index.refs) return index.refs;
  const names: Chars[] = [];
  const texts: string[] = [];
  const slashes: number[] = [];
  const owners: number[] = [];
  images.forEach((image, i) => {
    const mine: string[] = [];
    for (const reference of [...image.tags, ...image.digests]) {
      // Each reference as written and its familiar name; a name two tags share, once.
      for (const name of [reference, familiarName(reference)]) {
        if (mine.includes(name)) continue;
        mine.push(name);
        texts.push(name);
        names.push(chars(name));
        slashes.push(slashCount(name));
        owners.push(i);
      }
    }
  });
  const starts = new Int32Array(texts.length);
  const ends = new Int32Array(texts.length);
  let at = 0;
  texts.forEach((text, k) => {
    starts[k] = at;
    ends[k] = at + text.length;
    at += text.length + 1;
  });
  index.refs = {
    names,
    text: texts.join("\n") + "\n",
    starts,
    ends,
    slashes: Int32Array.from(slashes),
    owners: Int32Array.from(owners),
  };
  return index.refs;
}

/** A reference= pattern ready to match, with what any name it matches must have, so most
 * names are passed over without running the matcher. Without [ ] or \ (which can stand for a
 * slash): as many slashes as the pattern, since * and ? never match one. Without ?, [ ] or \
 * too: every literal run between its stars. */
export interface Pattern {
  chars: Chars;
  slashes: number | null;
  runs: string[] | null;
}

export function pattern(text: string): Pattern {
  const plain = !/[[\\]/.test(text);
  return {
    chars: chars(text),
    slashes: plain ? slashCount(text) : null,
    runs: plain && !text.includes("?") ? text.split("*").filter(Boolean) : null,
  };
}

function matches(pat: Pattern, name: Chars): boolean {
  if (pat.runs && typeof name === "string" && !pat.runs.every((run) => name.includes(run))) {
    return false;
  }
  return globMatch(pat.chars, name) === true;
}

/** Clears `mask[i]` for every image none of whose references (as written, or its familiar
 * name) any of `patterns` matches. */
export function matchReferences(
  patterns: readonly Pattern[],
  images: readonly ImageSummary[],
  index: SearchIndex,
  mask: Uint8Array,
): void {
  const { names, text, starts, ends, slashes, owners } = referenceIndex(images, index);
  const hit = new Uint8Array(images.length);
  for (const pat of patterns) {
    const check = (k: number) => {
      const owner = owners[k]!;
      if (hit[owner] || !mask[owner]) return;
      if (pat.slashes !== null && pat.slashes !== slashes[k]) return;
      if (matches(pat, names[k]!)) hit[owner] = 1;
    };
    // A name it matches has every literal run: only the names with the longest one (found
    // in UTF-16, which finds the same code points in names with astral characters too).
    const longest = pat.runs?.reduce((a, b) => (b.length > a.length ? b : a), "") ?? "";
    if (longest !== "") eachContaining(text, starts, ends, longest, check);
    else for (let k = 0; k < names.length; k++) check(k);
  }
  for (let i = 0; i < images.length; i++) if (!hit[i]) mask[i] = 0;
}
