// Pure helpers for the JSON tree: jq-style paths, copy text, search, counts and the flat list
// of visible rows. Nothing here knows about Svelte or the DOM.
//
// Every node has an ID, and the tree's state (expanded nodes, focus, search matches) is keyed
// by it. The ID is the node's jq path (`.Config.Env[2]`, `.Config.Labels["org.opencontainers.x"]`,
// root `.`), except under a duplicated object key: JSON allows `{"a": 1, "a": 2}` and the parser
// keeps both, so the second `a` gets the ID `.a#2` (its path is still `.a`). No real key can
// produce `#` right after an identifier segment or a closing `]`, so IDs stay unique.

import { childCount, isContainer, stringifyJson, type JsonNode, type JsonObject } from "./json";
import { locale } from "../i18n/locale.svelte";
import { m } from "../i18n/messages";

export const ROOT_ID = ".";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A key as a jq path segment: `.Config` or `["80/tcp"]`. */
export function keySegment(key: string): string {
  return IDENTIFIER.test(key) ? "." + key : "[" + JSON.stringify(key) + "]";
}

/** Appends a segment (`.Key`, `["key"]`, `[2]`) to a path or ID. */
export function joinPath(parent: string, segment: string): string {
  if (parent === ROOT_ID) return segment.charCodeAt(0) === 91 ? "." + segment : segment;
  return parent + segment;
}

/** Formats a path from keys (strings) and array indices (numbers), jq style; `[]` is `.`. */
export function formatPath(segments: readonly (string | number)[]): string {
  let path = ROOT_ID;
  for (const s of segments) path = joinPath(path, typeof s === "number" ? `[${s}]` : keySegment(s));
  return path;
}

/** The jq path of a node ID: the ID without duplicate-key markers. */
export function pathOfId(id: string): string {
  if (!id.includes("#")) return id;
  let out = "";
  for (const seg of splitId(id)) {
    const hash = seg.lastIndexOf("#");
    const bare = hash > 0 && /^#\d+$/.test(seg.slice(hash)) ? seg.slice(0, hash) : seg;
    out += bare;
  }
  return out;
}

/**
 * Splits an ID into its segments (`.Config.Env[2]` → `.Config`, `.Env`, `[2]`). Quotes inside
 * `["…"]` are honoured, so `.["a.b"]` is one segment. The root has no segments.
 */
export function splitId(id: string): string[] {
  if (id === ROOT_ID) return [];
  const segments: string[] = [];
  let start = 0;
  let inString = false;
  // A leading `.[` is one boundary, not two.
  let i = id.startsWith(".[") ? 1 : 0;
  for (; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if ((c === 46 || c === 91) && i > 0 && !(c === 91 && id.charCodeAt(i - 1) === 46)) {
      segments.push(id.slice(start, i));
      start = i;
    }
  }
  segments.push(id.slice(start));
  return segments;
}

/** The IDs of a node's ancestors, outermost first, not counting the root. */
export function ancestorIds(id: string): string[] {
  const segments = splitId(id);
  const out: string[] = [];
  let acc = "";
  for (let k = 0; k < segments.length - 1; k++) {
    acc += segments[k];
    out.push(acc);
  }
  return out;
}

/** True when `id` is strictly inside `ancestor`. */
export function isDescendantId(id: string, ancestor: string): boolean {
  if (ancestor === ROOT_ID) return id !== ROOT_ID;
  if (id.length <= ancestor.length || !id.startsWith(ancestor)) return false;
  const next = id.charCodeAt(ancestor.length);
  return next === 46 || next === 91;
}

// The segment of every entry of an object, with duplicate-key markers; cached per object so
// repeated flattening and searching of a large document does not redo it.
const objectSegments = new WeakMap<JsonObject, string[]>();
function segmentsOf(node: JsonObject): string[] {
  let segs = objectSegments.get(node);
  if (segs) return segs;
  segs = new Array<string>(node.entries.length);
  let seen: Map<string, number> | null = null;
  for (let k = 0; k < node.entries.length; k++) {
    const key = node.entries[k][0];
    let seg = keySegment(key);
    if (k > 0) {
      if (seen === null) {
        seen = new Map();
        seen.set(node.entries[0][0], 1);
      }
      const times = (seen.get(key) ?? 0) + 1;
      seen.set(key, times);
      if (times > 1) seg += "#" + times;
    }
    segs[k] = seg;
  }
  objectSegments.set(node, segs);
  return segs;
}

export interface Child {
  /** The object key, or the array index. */
  key: string | number;
  node: JsonNode;
  id: string;
}

/** The children of a node with their IDs (none for scalars). */
export function childrenOf(node: JsonNode, id: string): Child[] {
  if (node.kind === "array")
    return node.items.map((c, k) => ({ key: k, node: c, id: joinPath(id, `[${k}]`) }));
  if (node.kind !== "object") return [];
  const segs = segmentsOf(node);
  return node.entries.map(([key, c], k) => ({ key, node: c, id: joinPath(id, segs[k]) }));
}

/** The node with this ID, if there is one. */
export function nodeAt(root: JsonNode, id: string): JsonNode | undefined {
  let node: JsonNode = root;
  let at = ROOT_ID;
  for (const seg of splitId(id)) {
    const target = joinPath(at, seg);
    let next: JsonNode | undefined;
    if (node.kind === "array") {
      const m = /^\[(\d+)\]$/.exec(seg);
      next = m ? node.items[Number(m[1])] : undefined;
    } else if (node.kind === "object") {
      const segs = segmentsOf(node);
      const k = segs.indexOf(seg);
      next = k >= 0 ? node.entries[k][1] : undefined;
    }
    if (next === undefined) return undefined;
    node = next;
    at = target;
  }
  return node;
}

/** Objects and arrays with at least one child: the nodes that open and close. */
export function isExpandable(node: JsonNode): boolean {
  return childCount(node) > 0;
}

/** "3 items", "1 item", "12 keys", "1 key" in the current language; empty string for scalars. */
export function countText(node: JsonNode): string {
  if (node.kind !== "array" && node.kind !== "object") return "";
  const count = childCount(node);
  // Every visible row asks, and a plural message builds its Intl formatters on each call:
  // remembered per language (read here, so a caller in a reactive context follows a switch).
  const key = `${locale.current} ${node.kind} ${count}`;
  let text = counts.get(key);
  if (text === undefined) {
    text =
      node.kind === "array" ? m.inspector_json_items({ count }) : m.inspector_json_keys({ count });
    if (counts.size >= 2000) counts.clear();
    counts.set(key, text);
  }
  return text;
}
const counts = new Map<string, string>();

/** Text to put on the clipboard for a value: raw content for strings, JSON for the rest,
 * indented by 4 like `docker image inspect` and the Raw tab. */
export function copyText(node: JsonNode): string {
  switch (node.kind) {
    case "string":
      return node.value;
    case "number":
      return node.text;
    case "boolean":
      return node.value ? "true" : "false";
    case "null":
      return "null";
    default:
      return stringifyJson(node, 4);
  }
}

// Quotes, backslashes, control characters, line/paragraph separators and lone surrogates.
const NEEDS_ESCAPE =
  /["\\\u0000-\u001f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?:[^\ud800-\udbff]|^)[\udc00-\udfff]/;

/** A string as shown on one line: JSON escapes for quotes, backslashes and control chars. */
export function displayString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return JSON.stringify(s)
    .slice(1, -1)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The text a scalar shows (strings without their quotes); empty for containers. */
export function scalarText(node: JsonNode): string {
  switch (node.kind) {
    case "string":
      return displayString(node.value);
    case "number":
      return node.text;
    case "boolean":
      return node.value ? "true" : "false";
    case "null":
      return "null";
    default:
      return "";
  }
}

export interface SearchResult {
  /** IDs of matching nodes in document order. A key match counts as a match of its value. */
  matches: string[];
  /** IDs of every container that has to be open for all matches to be visible. */
  ancestors: Set<string>;
}

interface WalkFrame {
  node: JsonNode;
  id: string;
  next: number;
  /** Whether this container is already in `ancestors`. */
  added: boolean;
}

interface SearchFrame {
  node: JsonNode;
  /** Built only when needed: most containers hold no match. */
  id: string | null;
  parent: SearchFrame | null;
  /** Index of this container in its parent. */
  at: number;
  next: number;
  added: boolean;
}

/** A search frame's ID, built (and kept) from its nearest ancestor that has one: a loop, not
 * a recursion, so a match thousands of levels deep does not overflow the call stack. */
function frameId(frame: SearchFrame): string {
  const unnamed: SearchFrame[] = [];
  let named: SearchFrame = frame;
  while (named.id === null) {
    unnamed.push(named);
    named = named.parent!;
  }
  let id = named.id;
  for (let k = unnamed.length - 1; k >= 0; k--) {
    const f = unnamed[k]!;
    const node = f.parent!.node;
    const seg = node.kind === "object" ? segmentsOf(node)[f.at] : `[${f.at}]`;
    id = f.id = joinPath(id, seg);
  }
  return id;
}

/**
 * Case-insensitive search of object keys and scalar values (as displayed: strings without
 * quotes, numbers as written). Array indices and container summaries are not searched.
 */
export function searchJson(root: JsonNode, query: string): SearchResult {
  const matches: string[] = [];
  const ancestors = new Set<string>();
  const q = query.toLowerCase();
  if (q === "") return { matches, ancestors };
  // Displayed strings differ from their content only by backslash escapes, so only a query
  // with a backslash needs the displayed form.
  const escaped = q.includes("\\");
  const hitString = (s: string) =>
    s.toLowerCase().includes(q) || (escaped && displayString(s).toLowerCase().includes(q));
  const hitScalar = (node: JsonNode) =>
    node.kind === "string" ? hitString(node.value) : scalarText(node).toLowerCase().includes(q);

  if (!isContainer(root)) {
    if (hitScalar(root)) matches.push(ROOT_ID);
    return { matches, ancestors };
  }
  const stack: SearchFrame[] = [
    { node: root, id: ROOT_ID, parent: null, at: 0, next: 0, added: true },
  ];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    const parent = frame.node;
    if (frame.next >= childCount(parent)) {
      stack.pop();
      continue;
    }
    const k = frame.next++;
    let node: JsonNode;
    let keyHit = false;
    if (parent.kind === "object") {
      const entry = parent.entries[k];
      node = entry[1];
      keyHit = hitString(entry[0]);
    } else {
      node = (parent as { items: JsonNode[] }).items[k];
    }
    const container = isContainer(node);
    if (keyHit || (!container && hitScalar(node))) {
      const seg = parent.kind === "object" ? segmentsOf(parent)[k] : `[${k}]`;
      matches.push(joinPath(frameId(frame), seg));
      for (let f = stack.length - 1; f >= 0 && !stack[f].added; f--) {
        stack[f].added = true;
        ancestors.add(frameId(stack[f]));
      }
    }
    if (container && childCount(node) > 0) {
      stack.push({ node, id: null, parent: frame, at: k, next: 0, added: false });
    }
  }
  return { matches, ancestors };
}

/** IDs of every object and array that has children (for "Expand all"). */
export function expandableIds(root: JsonNode): Set<string> {
  const ids = new Set<string>();
  if (!isExpandable(root)) return ids;
  const stack: WalkFrame[] = [{ node: root, id: ROOT_ID, next: 0, added: false }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    const parent = frame.node;
    if (frame.next >= childCount(parent)) {
      stack.pop();
      continue;
    }
    const k = frame.next++;
    const node =
      parent.kind === "object" ? parent.entries[k][1] : (parent as { items: JsonNode[] }).items[k];
    if (!isExpandable(node)) continue;
    const seg = parent.kind === "object" ? segmentsOf(parent)[k] : `[${k}]`;
    const id = joinPath(frame.id, seg);
    ids.add(id);
    stack.push({ node, id, next: 0, added: false });
  }
  return ids;
}

/**
 * The IDs of `ids` that name a node of `root` (with `expandable`, only objects and arrays with
 * children): what carries over from a document to the one that replaces it.
 */
export function existingIds(
  root: JsonNode,
  ids: ReadonlySet<string>,
  expandable = false,
): Set<string> {
  const kept = new Set<string>();
  if (ids.size === 0) return kept;
  if (expandable && ids.size > 1000) {
    // After "Expand all" on a large document: one walk instead of a lookup per ID.
    const all = expandableIds(root);
    for (const id of ids) if (all.has(id)) kept.add(id);
    return kept;
  }
  for (const id of ids) {
    const node = nodeAt(root, id);
    if (node !== undefined && (!expandable || isExpandable(node))) kept.add(id);
  }
  return kept;
}

export interface Row {
  id: string;
  node: JsonNode;
  /** Object key, array index, or null for a scalar document's only row. */
  key: string | number | null;
  /** 1-based depth (top-level entries are 1: the root container itself has no row). */
  level: number;
  /** The parent row's ID, null at the top level. */
  parent: string | null;
  /** Position among siblings (1-based) and the number of siblings, for aria-posinset/setsize. */
  posinset: number;
  setsize: number;
  expandable: boolean;
  expanded: boolean;
}

interface FlatFrame {
  node: JsonNode;
  id: string;
  level: number;
  next: number;
  size: number;
}

/**
 * The rows on screen, in order: the root's children, and the children of every expanded
 * container whose ancestors are all expanded. The root container is always open and has no
 * row of its own; a scalar document is one row. Cost is linear in the number of visible rows.
 */
export function flattenVisible(root: JsonNode, expanded: ReadonlySet<string>): Row[] {
  if (isContainer(root)) return flattenChildren(root, ROOT_ID, 0, expanded);
  return [
    {
      id: ROOT_ID,
      node: root,
      key: null,
      level: 1,
      parent: null,
      posinset: 1,
      setsize: 1,
      expandable: false,
      expanded: false,
    },
  ];
}

/**
 * The visible rows below one container (`level` is the container's own level, 0 for the
 * root), as if it were open: for opening a node without flattening the whole tree again.
 */
export function flattenChildren(
  container: JsonNode,
  id: string,
  level: number,
  expanded: ReadonlySet<string>,
): Row[] {
  const rows: Row[] = [];
  const stack: FlatFrame[] = [{ node: container, id, level, next: 0, size: childCount(container) }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next >= frame.size) {
      stack.pop();
      continue;
    }
    const parent = frame.node;
    const k = frame.next++;
    let key: string | number;
    let node: JsonNode;
    let childId: string;
    if (parent.kind === "object") {
      const entry = parent.entries[k];
      key = entry[0];
      node = entry[1];
      childId = joinPath(frame.id, segmentsOf(parent)[k]);
    } else {
      key = k;
      node = (parent as { items: JsonNode[] }).items[k];
      childId = joinPath(frame.id, `[${k}]`);
    }
    const size = childCount(node);
    const open = size > 0 && expanded.has(childId);
    rows.push({
      id: childId,
      node,
      key,
      level: frame.level + 1,
      parent: frame.level === 0 ? null : frame.id,
      posinset: k + 1,
      setsize: frame.size,
      expandable: size > 0,
      expanded: open,
    });
    if (open) stack.push({ node, id: childId, level: frame.level + 1, next: 0, size });
  }
  return rows;
}

/**
 * The position of the row with this ID, -1 if it is not in `rows`. Lookups mostly repeat or
 * move a little, so the scan starts at `hint` and goes outwards; it compares node identity,
 * which is much cheaper than comparing IDs (scalars like `null` are shared: the ID decides).
 * Kept out of `.svelte.ts` files, where dev builds route every `===` through a proxy check.
 */
export function findRow(root: JsonNode, rows: readonly Row[], id: string, hint = 0): number {
  const n = rows.length;
  if (n === 0) return -1;
  const start = Math.max(0, Math.min(hint, n - 1));
  if (rows[start].id === id) return start;
  const node = nodeAt(root, id);
  if (node === undefined) return -1;
  for (let d = 1; d < n; d++) {
    const below = start + d;
    const above = start - d;
    if (below >= n && above < 0) break;
    if (below < n && rows[below].node === node && rows[below].id === id) return below;
    if (above >= 0 && rows[above].node === node && rows[above].id === id) return above;
  }
  return -1;
}

export interface Piece {
  text: string;
  mark: boolean;
}

/** Splits text around case-insensitive occurrences of the query, for `<mark>`ing. */
export function highlight(text: string, query: string): Piece[] {
  if (query === "" || text === "") return [{ text, mark: false }];
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  const pieces: Piece[] = [];
  if (lower.length !== text.length) {
    // Lower-casing changed lengths (e.g. "İ"): compare slice by slice instead.
    let from = 0;
    for (let i = 0; i + query.length <= text.length;) {
      if (text.slice(i, i + query.length).toLowerCase() === q) {
        if (i > from) pieces.push({ text: text.slice(from, i), mark: false });
        pieces.push({ text: text.slice(i, i + query.length), mark: true });
        i += query.length;
        from = i;
      } else i++;
    }
    if (from < text.length) pieces.push({ text: text.slice(from), mark: false });
    return pieces.length ? pieces : [{ text, mark: false }];
  }
  let from = 0;
  for (let at = lower.indexOf(q); at >= 0; at = lower.indexOf(q, at + q.length)) {
    if (at > from) pieces.push({ text: text.slice(from, at), mark: false });
    pieces.push({ text: text.slice(at, at + q.length), mark: true });
    from = at + q.length;
  }
  if (from < text.length) pieces.push({ text: text.slice(from), mark: false });
  return pieces.length ? pieces : [{ text, mark: false }];
}

/**
 * How a row reads to a screen reader: "Env: 3 items", `Architecture: "amd64"`. Keys and values
 * are the engine's and stay as they are; counts and "empty …" follow the current language.
 */
export function rowLabel(row: Row, maxLength = 200): string {
  const name =
    row.key === null
      ? ""
      : typeof row.key === "number"
        ? `[${row.key}]: `
        : `${displayString(row.key)}: `;
  let value: string;
  // A string keeps its quotes, as the row shows it: the string "true", "1" or "null" is not
  // the boolean, the number or null.
  let quoted = false;
  if (isContainer(row.node))
    value = row.expandable
      ? countText(row.node)
      : row.node.kind === "object"
        ? m.inspector_json_empty_object_value()
        : m.inspector_json_empty_array_value();
  else if (row.node.kind === "string") {
    quoted = row.node.value !== "";
    value = quoted ? scalarText(row.node) : m.inspector_json_empty_string_value();
  } else value = scalarText(row.node);
  if (value.length > maxLength) value = value.slice(0, maxLength) + "…";
  return name + (quoted ? `"${value}"` : value);
}
