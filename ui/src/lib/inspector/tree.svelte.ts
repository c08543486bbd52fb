// State of one JSON tree view: which nodes are open, which row has focus, the search and its
// current match, and the flat list of visible rows.
//
// "Expand all" really opens every object and array. That is fine for a 5 MB document because
// the view renders only the rows in its viewport (see JsonTree.svelte): listing ~240k rows
// takes a few hundred milliseconds once, and the DOM only ever holds a screenful. Opening or
// closing one node afterwards splices its rows in or out instead of listing everything again.
//
// The same image inspected again (after `docker tag` in a terminal) is a new document; its
// state starts from the previous one's for every node ID (jq path) that is still there.

import { type JsonNode } from "./json";
import {
  ROOT_ID,
  ancestorIds,
  expandableIds,
  existingIds,
  findRow,
  flattenChildren,
  flattenVisible,
  isDescendantId,
  isExpandable,
  nodeAt,
  searchJson,
  type Row,
} from "./tree";

export type FocusMove = "next" | "previous" | "first" | "last" | "in" | "out";

/** How a JSON view was left (another inspector tab shown), to open as it was: the document
 * and its tree (what was open, focused, searched), the view, the search typed, and where each
 * view was scrolled to. */
export interface JsonView {
  text: string;
  /** Null for text that is not JSON. */
  tree: JsonTreeState | null;
  view: "tree" | "raw";
  search: string;
  scrollTop: number;
  rawScrollTop: number;
}

export class JsonTreeState {
  readonly root: JsonNode;

  #expanded: ReadonlySet<string> = $state.raw(new Set());
  #rows: readonly Row[] = $state.raw([]);
  /** ID of the row that has (or will get) keyboard focus. */
  focused: string = $state(ROOT_ID);
  query: string = $state("");
  /** IDs of matching nodes in document order. */
  matches: readonly string[] = $state.raw([]);
  /** Index into `matches`, -1 without matches. */
  current: number = $state(-1);

  readonly matchSet: ReadonlySet<string> = $derived(new Set(this.matches));

  /**
   * What was open before the current search started: each new query opens the ancestors of
   * its matches on top of this, so typing "E", "En", "Env" does not leave everything that
   * matched "E" open. Null when no search is active.
   */
  #beforeSearch: ReadonlySet<string> | null = null;

  /** Where the last looked-up row was: lookups mostly repeat or move a little. */
  #hint = 0;

  /**
   * The state of a tree for `root`. With `previous` (the tree of the document this one
   * replaces), it goes on from there: the containers open there that are still containers here
   * stay open, the focused row stays focused (or its closest ancestor still here), and a search
   * is run again, staying on the same match if it is still one; new matches are revealed.
   */
  constructor(root: JsonNode, previous?: JsonTreeState | null) {
    this.root = root;
    if (!previous) {
      this.#rows = flattenVisible(root, this.#expanded);
      this.focused = this.#rows[0]?.id ?? ROOT_ID;
      return;
    }
    const expanded = existingIds(root, previous.#expanded, true);
    if (previous.#beforeSearch !== null)
      this.#beforeSearch = existingIds(root, previous.#beforeSearch, true);
    this.query = previous.query;
    if (this.query.trim() !== "") {
      const { matches } = searchJson(root, this.query);
      const known = new Set(previous.matches);
      for (const id of matches)
        if (!known.has(id)) for (const a of ancestorIds(id)) expanded.add(a);
      const current = previous.currentMatch;
      const at = current === null ? -1 : matches.indexOf(current);
      this.matches = matches;
      this.current = at >= 0 ? at : matches.length > 0 ? 0 : -1;
    }
    this.#expanded = expanded;
    this.#rows = flattenVisible(root, expanded);
    const focus = [...ancestorIds(previous.focused), previous.focused].reverse();
    this.focused =
      focus.find((id) => id !== ROOT_ID && nodeAt(root, id) !== undefined) ??
      this.#rows[0]?.id ??
      ROOT_ID;
    this.#hint = previous.#hint;
  }

  /** IDs of open containers (the root is always open and not listed). */
  get expanded(): ReadonlySet<string> {
    return this.#expanded;
  }

  /** The visible rows, in order. */
  get rows(): readonly Row[] {
    return this.#rows;
  }

  get currentMatch(): string | null {
    return this.current >= 0 ? (this.matches[this.current] ?? null) : null;
  }

  /** Position of the focused row, or of its nearest visible ancestor if it is hidden. */
  get focusedIndex(): number {
    const at = this.indexOf(this.focused);
    if (at >= 0) return at;
    for (const id of ancestorIds(this.focused).reverse()) {
      const k = this.indexOf(id);
      if (k >= 0) return k;
    }
    return this.#rows.length > 0 ? 0 : -1;
  }

  get focusedRow(): Row | undefined {
    return this.#rows[this.focusedIndex];
  }

  /**
   * The position of a row, -1 if it is not visible: a scan outwards from the last hit, which
   * is cheaper than keeping a map of a few hundred thousand rows up to date on every toggle.
   */
  indexOf(id: string): number {
    const at = findRow(this.root, this.#rows, id, this.#hint);
    if (at >= 0) this.#hint = at;
    return at;
  }

  isExpanded(id: string): boolean {
    return id === ROOT_ID || this.#expanded.has(id);
  }

  /** Replaces the open set and lists the rows again. */
  #setExpanded(next: ReadonlySet<string>, keepForSearch = true) {
    this.#expanded = next;
    if (keepForSearch && this.#beforeSearch !== null) this.#beforeSearch = next;
    this.#rows = flattenVisible(this.root, next);
  }

  expand(id: string): void {
    if (this.isExpanded(id)) return;
    const at = this.indexOf(id);
    const node = at >= 0 ? this.#rows[at].node : nodeAt(this.root, id);
    if (!node || !isExpandable(node)) return;
    const next = new Set(this.#expanded).add(id);
    this.#expanded = next;
    if (this.#beforeSearch !== null) this.#beforeSearch = new Set(this.#beforeSearch).add(id);
    if (at < 0) return; // inside a closed node: nothing to show yet
    const rows = this.#rows;
    const row = rows[at];
    const children = flattenChildren(row.node, id, row.level, next);
    this.#rows = rows
      .slice(0, at)
      .concat([{ ...row, expanded: true }], children, rows.slice(at + 1));
  }

  collapse(id: string): void {
    if (!this.#expanded.has(id)) return;
    const next = new Set(this.#expanded);
    next.delete(id);
    this.#expanded = next;
    if (this.#beforeSearch?.has(id)) {
      const before = new Set(this.#beforeSearch);
      before.delete(id);
      this.#beforeSearch = before;
    }
    if (isDescendantId(this.focused, id)) this.focused = id;
    const at = this.indexOf(id);
    if (at < 0) return;
    const rows = this.#rows;
    const row = rows[at];
    let end = at + 1;
    while (end < rows.length && rows[end].level > row.level) end++;
    this.#rows = rows.slice(0, at).concat([{ ...row, expanded: false }], rows.slice(end));
  }

  toggle(id: string): void {
    if (this.#expanded.has(id)) this.collapse(id);
    else this.expand(id);
  }

  /** Opens every object and array (see the note at the top of this file). */
  expandAll(): void {
    this.#setExpanded(expandableIds(this.root));
  }

  collapseAll(): void {
    this.focused = ancestorIds(this.focused)[0] ?? this.focused;
    this.#setExpanded(new Set());
  }

  /** Opens `id`'s ancestors so its row is visible. */
  reveal(id: string): void {
    const missing = ancestorIds(id).filter((a) => !this.#expanded.has(a));
    if (missing.length === 0) return;
    const next = new Set(this.#expanded);
    for (const a of missing) next.add(a);
    this.#setExpanded(next, false);
  }

  /** Searches keys and values, opens the ancestors of every match, goes to the first one. */
  setQuery(query: string): void {
    this.query = query;
    if (query.trim() === "") {
      // The tree stays as the search left it: the user may have found what they wanted.
      this.#beforeSearch = null;
      this.matches = [];
      this.current = -1;
      return;
    }
    const before = (this.#beforeSearch ??= this.#expanded);
    const { matches, ancestors } = searchJson(this.root, query);
    const next = new Set(before);
    for (const a of ancestors) next.add(a);
    this.#setExpanded(next, false);
    this.matches = matches;
    this.current = matches.length > 0 ? 0 : -1;
    if (matches.length > 0) this.focused = matches[0];
  }

  #goToMatch(index: number) {
    const n = this.matches.length;
    if (n === 0) return;
    this.current = ((index % n) + n) % n;
    const id = this.matches[this.current];
    this.reveal(id);
    this.focused = id;
  }

  nextMatch(): void {
    this.#goToMatch(this.current + 1);
  }

  prevMatch(): void {
    this.#goToMatch(this.current - 1);
  }

  focus(id: string): void {
    this.focused = id;
  }

  /**
   * Moves focus as in the WAI-ARIA tree pattern: next/previous visible row, first/last row,
   * "in" (Right) opens a closed node or goes to its first child, "out" (Left) closes an open
   * node or goes to its parent. `by` moves several rows at once (Page Up/Down).
   */
  moveFocus(move: FocusMove, by = 1): void {
    const at = this.focusedIndex;
    const rows = this.#rows;
    const row = rows[at];
    if (!row) return;
    const last = rows.length - 1;
    switch (move) {
      case "next":
        this.focused = rows[Math.min(last, at + by)].id;
        break;
      case "previous":
        this.focused = rows[Math.max(0, at - by)].id;
        break;
      case "first":
        this.focused = rows[0].id;
        break;
      case "last":
        this.focused = rows[last].id;
        break;
      case "in":
        this.focused = row.id;
        if (!row.expandable) break;
        if (!row.expanded) this.expand(row.id);
        else this.focused = rows[at + 1].id;
        break;
      case "out":
        if (row.expanded) {
          this.focused = row.id;
          this.collapse(row.id);
        } else this.focused = row.parent ?? row.id;
        break;
    }
  }

  /** Opens every expandable sibling of the focused row (the `*` key of the tree pattern). */
  expandSiblings(): void {
    const row = this.focusedRow;
    if (!row) return;
    const next = new Set(this.#expanded);
    for (const r of this.#rows) if (r.parent === row.parent && r.expandable) next.add(r.id);
    this.#setExpanded(next);
  }

  /**
   * Handles a key pressed on the tree; returns true when it was used (the caller then
   * prevents the default and moves DOM focus to `focusedRow`).
   */
  handleKey(key: string, pageSize = 10): boolean {
    const row = this.focusedRow;
    if (!row) return false;
    switch (key) {
      case "ArrowDown":
        this.moveFocus("next");
        return true;
      case "ArrowUp":
        this.moveFocus("previous");
        return true;
      case "ArrowRight":
        this.moveFocus("in");
        return true;
      case "ArrowLeft":
        this.moveFocus("out");
        return true;
      case "Home":
        this.moveFocus("first");
        return true;
      case "End":
        this.moveFocus("last");
        return true;
      case "PageDown":
        this.moveFocus("next", pageSize);
        return true;
      case "PageUp":
        this.moveFocus("previous", pageSize);
        return true;
      case "Enter":
      case " ":
        this.focused = row.id;
        if (row.expandable) this.toggle(row.id);
        return true;
      case "*":
        this.expandSiblings();
        return true;
      default:
        return false;
    }
  }
}
