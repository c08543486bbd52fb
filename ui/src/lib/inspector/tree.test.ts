import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/locale.svelte";
import { parseJson } from "./json";
import {
  ancestorIds,
  copyText,
  countText,
  existingIds,
  expandableIds,
  flattenChildren,
  flattenVisible,
  formatPath,
  highlight,
  isDescendantId,
  nodeAt,
  pathOfId,
  rowLabel,
  searchJson,
  splitId,
} from "./tree";
import { JsonTreeState } from "./tree.svelte";
import { IMAGE_INSPECT, bigDocument } from "../../test/inspector-fixtures";

const image = parseJson(IMAGE_INSPECT);

describe("paths", () => {
  it("formats jq-style paths", () => {
    expect(formatPath([])).toBe(".");
    expect(formatPath(["Config", "Env", 2])).toBe(".Config.Env[2]");
    expect(formatPath(["Config", "ExposedPorts", "80/tcp"])).toBe('.Config.ExposedPorts["80/tcp"]');
    expect(formatPath(["Config", "Labels", "org.opencontainers.image.version"])).toBe(
      '.Config.Labels["org.opencontainers.image.version"]',
    );
    expect(formatPath(["weird key"])).toBe('.["weird key"]');
    expect(formatPath([0, "Id"])).toBe(".[0].Id");
    expect(formatPath(["_ok1", "1st", "", 'q"uote'])).toBe('._ok1["1st"][""]["q\\"uote"]');
  });

  it("splits IDs into segments and ancestors, honouring quoted keys", () => {
    expect(splitId(".")).toEqual([]);
    expect(splitId(".Config.Env[2]")).toEqual([".Config", ".Env", "[2]"]);
    expect(splitId('.["a.b[0]"].c')).toEqual(['.["a.b[0]"]', ".c"]);
    expect(splitId('.x["q\\"].y"][1]')).toEqual([".x", '["q\\"].y"]', "[1]"]);
    expect(ancestorIds(".Config.Env[2]")).toEqual([".Config", ".Config.Env"]);
    expect(ancestorIds(".[0].Id")).toEqual([".[0]"]);
    expect(ancestorIds(".Id")).toEqual([]);
  });

  it("knows descendants", () => {
    expect(isDescendantId(".Config.Env[2]", ".Config")).toBe(true);
    expect(isDescendantId(".ConfigX", ".Config")).toBe(false);
    expect(isDescendantId(".Config", ".Config")).toBe(false);
    expect(isDescendantId(".a#2.b", ".a")).toBe(false);
    expect(isDescendantId(".Id", ".")).toBe(true);
  });

  it("gives duplicate keys distinct IDs with the same path", () => {
    const doc = parseJson('{"a": {"x": 1}, "a": {"x": 2}}');
    const rows = flattenVisible(doc, new Set(["a", ".a", ".a#2"]));
    expect(rows.map((r) => r.id)).toEqual([".a", ".a.x", ".a#2", ".a#2.x"]);
    expect(rows.map((r) => pathOfId(r.id))).toEqual([".a", ".a.x", ".a", ".a.x"]);
    expect(nodeAt(doc, ".a#2.x")).toEqual({ kind: "number", text: "2" });
    expect(searchJson(doc, "x").matches).toEqual([".a.x", ".a#2.x"]);
  });

  it("finds nodes by ID", () => {
    expect(nodeAt(image, ".Config.Env[1]")).toEqual({
      kind: "string",
      value: "NGINX_VERSION=1.27.2",
    });
    expect(nodeAt(image, '.Config.ExposedPorts["80/tcp"]')).toEqual({
      kind: "object",
      entries: [],
    });
    expect(nodeAt(image, ".Config.Nope")).toBeUndefined();
    expect(nodeAt(image, ".")).toBe(image);
  });
});

describe("values", () => {
  it("copies strings raw, scalars as written, containers as JSON indented as docker prints it", () => {
    expect(copyText(nodeAt(image, ".Config.Env[2]")!)).toBe("NJS_VERSION=0.8.6");
    expect(copyText(nodeAt(image, ".Size")!)).toBe("52519325");
    expect(copyText(nodeAt(image, ".Config.Tty")!)).toBe("false");
    expect(copyText(nodeAt(image, ".Config.Volumes")!)).toBe("null");
    expect(copyText(nodeAt(image, ".Config.Cmd")!)).toBe(
      '[\n    "nginx",\n    "-g",\n    "daemon off;"\n]',
    );
    expect(copyText(parseJson('{"2":1,"1":1e400}'))).toBe('{\n    "2": 1,\n    "1": 1e400\n}');
  });

  it("counts children", () => {
    expect(countText(nodeAt(image, ".RepoTags")!)).toBe("2 items");
    expect(countText(nodeAt(image, ".RepoDigests")!)).toBe("1 item");
    expect(countText(nodeAt(image, ".Metadata")!)).toBe("1 key");
    expect(countText(nodeAt(image, ".GraphDriver")!)).toBe("2 keys");
    expect(countText(nodeAt(image, '.Config.ExposedPorts["80/tcp"]')!)).toBe("0 keys");
    expect(countText(nodeAt(image, ".Id")!)).toBe("");
  });

  it("labels rows for screen readers", () => {
    const rows = flattenVisible(image, new Set([".Config"]));
    const label = (id: string) => rowLabel(rows.find((r) => r.id === id)!);
    expect(label(".RepoTags")).toBe("RepoTags: 2 items");
    expect(label(".Parent")).toBe("Parent: empty string");
    expect(label(".Config.Volumes")).toBe("Volumes: null");
    expect(label(".Size")).toBe("Size: 52519325");
    expect(label(".Architecture")).toBe('Architecture: "amd64"');
  });

  it("keeps a string's quotes in its label: the string true is not the boolean", () => {
    const doc = parseJson(
      '{"a":"true","b":true,"c":"1","d":1,"e":"null","f":null,"g":"","h":"abcd"}',
    );
    const rows = flattenVisible(doc, new Set());
    const label = (key: string, maxLength?: number) =>
      rowLabel(
        rows.find((r) => r.id === `.${key}`)!,
        maxLength,
      );
    expect(["a", "b", "c", "d", "e", "f", "g"].map((k) => label(k))).toEqual([
      'a: "true"',
      "b: true",
      'c: "1"',
      "d: 1",
      'e: "null"',
      "f: null",
      "g: empty string",
    ]);
    // Cut short inside its quotes.
    expect(label("h", 3)).toBe('h: "abc…"');
  });

  it("splits text around case-insensitive matches", () => {
    expect(highlight("NGINX_VERSION=nginx", "nginx")).toEqual([
      { text: "NGINX", mark: true },
      { text: "_VERSION=", mark: false },
      { text: "nginx", mark: true },
    ]);
    expect(highlight("abc", "x")).toEqual([{ text: "abc", mark: false }]);
    expect(highlight("abc", "")).toEqual([{ text: "abc", mark: false }]);
  });
});

describe("searchJson", () => {
  it("matches keys and scalar values in document order, and lists ancestors to open", () => {
    const { matches, ancestors } = searchJson(image, "version");
    expect(matches).toEqual([
      ".DockerVersion",
      ".Config.Env[1]",
      ".Config.Env[2]",
      '.Config.Labels["org.opencontainers.image.version"]',
    ]);
    expect([...ancestors].sort()).toEqual([".Config", ".Config.Env", ".Config.Labels"]);
  });

  it("is case-insensitive and matches numbers, booleans and null as written", () => {
    expect(searchJson(image, "NGINX:ALPINE").matches).toEqual([".RepoTags[0]"]);
    expect(searchJson(image, "52519").matches).toEqual([".Size"]);
    expect(searchJson(image, "fals").matches).toEqual([".Config.AttachStdin", ".Config.Tty"]);
    expect(searchJson(image, "null").matches).toEqual([".Config.Volumes", ".Config.OnBuild"]);
    expect(searchJson(image, "nothing like this").matches).toEqual([]);
  });

  it("matches a key of a container as the container", () => {
    expect(searchJson(image, "exposed")).toEqual({
      matches: [".Config.ExposedPorts"],
      ancestors: new Set([".Config"]),
    });
  });
});

describe("flattenVisible", () => {
  it("shows the root's children, and children of open containers only", () => {
    const top = flattenVisible(image, new Set());
    expect(top.map((r) => r.id)).toEqual(
      Object.keys(JSON.parse(IMAGE_INSPECT)).map((k) => "." + k),
    );
    expect(top.every((r) => r.level === 1 && r.parent === null && !r.expanded)).toBe(true);
    expect(top.find((r) => r.id === ".Parent")?.expandable).toBe(false);

    // An open container inside a closed one stays hidden.
    const rows = flattenVisible(image, new Set([".RootFS", ".Config.Env"]));
    const ids = rows.map((r) => r.id);
    expect(ids).not.toContain(".Config.Env[0]");
    const at = ids.indexOf(".RootFS");
    expect(ids.slice(at, at + 4)).toEqual([
      ".RootFS",
      ".RootFS.Type",
      ".RootFS.Layers",
      ".Metadata",
    ]);
    const layers = rows[at + 2];
    expect(layers).toMatchObject({ level: 2, parent: ".RootFS", posinset: 2, setsize: 2 });
  });

  it("shows a scalar document as one row", () => {
    expect(flattenVisible(parseJson('"just text"'), new Set())).toMatchObject([
      { id: ".", key: null, level: 1 },
    ]);
  });

  it("treats empty objects and arrays as leaves", () => {
    const rows = flattenVisible(image, new Set([".Config", ".Config.ExposedPorts"]));
    const port = rows.find((r) => r.id === '.Config.ExposedPorts["80/tcp"]');
    expect(port).toMatchObject({ expandable: false, expanded: false, level: 3 });
  });

  it("handles a 5 MB document fully expanded", () => {
    const doc = parseJson(bigDocument(5 * 1024 * 1024));
    let t = performance.now();
    const all = expandableIds(doc);
    const tExpand = performance.now() - t;
    t = performance.now();
    const rows = flattenVisible(doc, all);
    const tFlatten = performance.now() - t;
    t = performance.now();
    const found = searchJson(doc, "step 4242 ");
    const tSearch = performance.now() - t;
    console.log(
      `5 MB: ${all.size} containers listed in ${tExpand.toFixed(0)} ms, ` +
        `${rows.length} rows flattened in ${tFlatten.toFixed(0)} ms, searched in ${tSearch.toFixed(0)} ms`,
    );
    expect(found.matches).toEqual([".History[4242].CreatedBy"]);
    expect(rows.length).toBeGreaterThan(100_000);

    // The same through the tree state, as the view uses it.
    const tree = new JsonTreeState(doc);
    t = performance.now();
    tree.expandAll();
    tree.focus(".Size");
    const last = tree.focusedIndex;
    const tAll = performance.now() - t;
    t = performance.now();
    tree.toggle(".History[10]");
    const row = tree.focusedIndex;
    const tToggle = performance.now() - t;
    console.log(
      `5 MB: expand all + find the last row ${tAll.toFixed(0)} ms, ` +
        `then close one node ${tToggle.toFixed(0)} ms`,
    );
    expect(last).toBe(rows.length - 1);
    expect(row).toBe(tree.rows.length - 1);
    // Closing a node removes exactly its visible descendants.
    const hidden = flattenChildren(nodeAt(doc, ".History[10]")!, ".History[10]", 2, all).length;
    expect(tree.rows.length).toBe(rows.length - hidden);
    const ids = (list: readonly { id: string; expanded: boolean }[]) =>
      list.map((r) => r.id + (r.expanded ? "+" : ""));
    expect(ids(tree.rows)).toEqual(ids(flattenVisible(doc, tree.expanded)));
    tree.toggle(".History[10]");
    expect(ids(tree.rows)).toEqual(ids(rows));
  });
});

describe("JsonTreeState", () => {
  it("opens the top level only", () => {
    const tree = new JsonTreeState(image);
    expect(tree.rows.map((r) => r.level)).toEqual(tree.rows.map(() => 1));
    expect(tree.focused).toBe(".Id");
  });

  it("toggles, expands and collapses all", () => {
    const tree = new JsonTreeState(image);
    tree.toggle(".Config");
    expect(tree.rows.some((r) => r.id === ".Config.Env")).toBe(true);
    tree.expandAll();
    expect(tree.rows.some((r) => r.id === ".Config.Env[3]")).toBe(true);
    tree.focus(".Config.Env[3]");
    tree.collapseAll();
    expect(tree.rows.length).toBe(Object.keys(JSON.parse(IMAGE_INSPECT)).length);
    // Focus moves to the visible ancestor.
    expect(tree.focused).toBe(".Config");
  });

  it("moves focus like a tree view", () => {
    const tree = new JsonTreeState(image);
    tree.focus(".Config");
    tree.handleKey("ArrowRight");
    expect(tree.isExpanded(".Config")).toBe(true);
    expect(tree.focused).toBe(".Config");
    tree.handleKey("ArrowRight");
    expect(tree.focused).toBe(".Config.Hostname");
    tree.handleKey("ArrowDown");
    expect(tree.focused).toBe(".Config.User");
    tree.handleKey("ArrowLeft");
    expect(tree.focused).toBe(".Config");
    tree.handleKey("ArrowLeft");
    expect(tree.isExpanded(".Config")).toBe(false);
    tree.handleKey("ArrowUp");
    expect(tree.focused).toBe(".Author");
    tree.handleKey("End");
    expect(tree.focused).toBe(".Metadata");
    tree.handleKey("Home");
    expect(tree.focused).toBe(".Id");
    tree.handleKey("ArrowUp");
    expect(tree.focused).toBe(".Id");
    tree.focus(".RootFS");
    tree.handleKey("Enter");
    expect(tree.isExpanded(".RootFS")).toBe(true);
    tree.handleKey(" ");
    expect(tree.isExpanded(".RootFS")).toBe(false);
    tree.handleKey("*");
    expect(tree.isExpanded(".Config") && tree.isExpanded(".RootFS")).toBe(true);
    expect(tree.handleKey("x")).toBe(false);
  });

  it("searches, opens ancestors of matches and steps through them", () => {
    const tree = new JsonTreeState(image);
    tree.setQuery("version");
    expect(tree.matches.length).toBe(4);
    expect(tree.currentMatch).toBe(".DockerVersion");
    expect(tree.isExpanded(".Config.Env")).toBe(true);
    tree.nextMatch();
    expect(tree.currentMatch).toBe(".Config.Env[1]");
    expect(tree.focused).toBe(".Config.Env[1]");
    tree.prevMatch();
    tree.prevMatch();
    expect(tree.current).toBe(3);
    // A narrower query closes what only the broader one opened.
    tree.setQuery("nginx_version");
    expect(tree.isExpanded(".Config.Labels")).toBe(false);
    expect(tree.isExpanded(".Config.Env")).toBe(true);
    // Stepping re-opens a match the user closed.
    tree.collapse(".Config");
    tree.nextMatch();
    expect(tree.isExpanded(".Config")).toBe(true);
    // Clearing the search keeps the tree as it is.
    tree.setQuery("");
    expect(tree.matches).toEqual([]);
    expect(tree.current).toBe(-1);
    expect(tree.isExpanded(".Config.Env")).toBe(true);
  });
});

describe("JsonTreeState: the same image inspected again", () => {
  /** IMAGE_INSPECT with other tags, as after `docker tag` in a terminal. */
  const retagged = () =>
    parseJson(
      IMAGE_INSPECT.replace(
        '"RepoTags": ["nginx:alpine", "nginx:1.27-alpine"]',
        '"RepoTags": ["nginx:alpine", "nginx:1.27-alpine", "web:test"]',
      ),
    );

  it("keeps what was open and the focused row", () => {
    const before = new JsonTreeState(image);
    before.expand(".Config");
    before.expand(".Config.Env");
    before.expand(".RepoTags");
    before.focus(".Config.Env[2]");
    const after = new JsonTreeState(retagged(), before);
    expect(after.isExpanded(".Config") && after.isExpanded(".Config.Env")).toBe(true);
    expect(after.isExpanded(".RepoTags")).toBe(true);
    expect(after.rows.map((r) => r.id)).toContain(".RepoTags[2]");
    expect(after.focused).toBe(".Config.Env[2]");
    expect(after.focusedRow?.id).toBe(".Config.Env[2]");
  });

  it("drops what is gone, focusing the closest node still there", () => {
    const before = new JsonTreeState(image);
    before.expand(".Config");
    before.expand(".Config.Labels");
    before.expand(".RepoTags");
    before.focus('.Config.Labels["org.opencontainers.image.version"]');
    const doc = JSON.parse(IMAGE_INSPECT);
    doc.Config.Labels = {};
    doc.RepoTags = ["nginx:alpine"];
    const after = new JsonTreeState(parseJson(JSON.stringify(doc)), before);
    expect(after.expanded).toEqual(new Set([".Config", ".RepoTags"]));
    expect(after.focused).toBe(".Config.Labels");
    expect(after.focusedRow?.id).toBe(".Config.Labels");
  });

  it("runs the search again, staying on its match and showing new ones", () => {
    const before = new JsonTreeState(image);
    before.setQuery("nginx");
    before.nextMatch();
    const on = before.currentMatch!;
    before.collapse(".RepoDigests");
    const after = new JsonTreeState(retagged(), before);
    expect(after.query).toBe("nginx");
    expect(after.currentMatch).toBe(on);
    expect(after.focused).toBe(before.focused);
    // A match the user closed stays closed; a new match is shown.
    expect(after.isExpanded(".RepoDigests")).toBe(false);
    const plain = new JsonTreeState(image);
    plain.setQuery("web:");
    expect(plain.matches).toEqual([]);
    const found = new JsonTreeState(retagged(), plain);
    expect(found.matches).toEqual([".RepoTags[2]"]);
    expect(found.current).toBe(0);
    expect(found.isExpanded(".RepoTags")).toBe(true);
  });

  it("carries an expanded large document over in one walk", () => {
    const big = parseJson(bigDocument(256 * 1024));
    const before = new JsonTreeState(big);
    before.expandAll();
    const after = new JsonTreeState(parseJson(bigDocument(256 * 1024)), before);
    expect(after.expanded).toEqual(before.expanded);
    expect(after.rows.length).toBe(before.rows.length);
    expect(existingIds(big, new Set([".Nope", ".History"]), true)).toEqual(new Set([".History"]));
  });
});

describe("wording in Spanish", () => {
  afterEach(() => setLocale("en"));

  it("counts items and keys, and names empty values, in the current language", () => {
    setLocale("es");
    const image = parseJson(IMAGE_INSPECT);
    expect(countText(nodeAt(image, ".RepoTags")!)).toBe("2 elementos");
    expect(countText(nodeAt(image, ".RepoDigests")!)).toBe("1 elemento");
    expect(countText(nodeAt(image, ".Metadata")!)).toBe("1 clave");
    expect(countText(nodeAt(image, '.Config.ExposedPorts["80/tcp"]')!)).toBe("0 claves");
    expect(countText(parseJson(JSON.stringify(Array(12345).fill(0))))).toBe("12.345 elementos");
    const rows = flattenVisible(image, new Set());
    const label = (id: string) => rowLabel(rows.find((r) => r.id === id)!);
    expect(label(".RepoTags")).toBe("RepoTags: 2 elementos");
    expect(label(".Parent")).toBe("Parent: cadena vacía");
    expect(label(".Architecture")).toBe('Architecture: "amd64"');
  });
});

describe("searchJson: a match thousands of levels deep", () => {
  it("finds it, with its path and every container around it, without running out of stack", () => {
    const depth = 30_000;
    const doc = parseJson('{"a":'.repeat(depth) + '"needle"' + "}".repeat(depth));
    const { matches, ancestors } = searchJson(doc, "needle");
    expect(matches).toEqual([".a".repeat(depth)]);
    expect(ancestors.size).toBe(depth - 1);
    expect(ancestors.has(".a")).toBe(true);
    expect(ancestors.has(".a".repeat(depth - 1))).toBe(true);
  });
});
