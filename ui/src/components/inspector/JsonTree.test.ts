import { cleanup, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import JsonTree from "./JsonTree.svelte";
import { setLocale } from "../../lib/i18n/locale.svelte";
import { IMAGE_INSPECT, bigDocument } from "../../test/inspector-fixtures";

const TOP_KEYS = Object.keys(JSON.parse(IMAGE_INSPECT));
/** IMAGE_INSPECT as `docker image inspect` prints it. */
const IMAGE_PRINTED = `[\n${JSON.stringify(JSON.parse(IMAGE_INSPECT), null, 4).replace(/^/gm, "    ")}\n]\n`;

afterEach(() => setLocale("en"));

function renderTree(text = IMAGE_INSPECT, name = "Image JSON") {
  const onCopy = vi.fn();
  const user = userEvent.setup();
  const result = render(JsonTree, { props: { text, oncopy: onCopy } });
  const tree = screen.getByRole("tree", { name });
  return { ...result, tree, onCopy, user };
}

function items(tree: HTMLElement): HTMLElement[] {
  return within(tree).queryAllByRole("treeitem");
}

/** The row of a node, by its jq path. */
function row(tree: HTMLElement, path: string): HTMLElement {
  const found = items(tree).find((el) => el.dataset.id === path);
  if (!found) throw new Error(`no row for ${path}`);
  return found;
}

function has(tree: HTMLElement, path: string): boolean {
  return items(tree).some((el) => el.dataset.id === path);
}

describe("JsonTree: structure", () => {
  it("opens the top level only, with counts on closed containers", () => {
    const { tree } = renderTree();
    const rows = items(tree);
    expect(rows.map((r) => r.dataset.id)).toEqual(TOP_KEYS.map((k) => "." + k));
    expect(rows.every((r) => r.getAttribute("aria-level") === "1")).toBe(true);

    const config = row(tree, ".Config");
    expect(config).toHaveAttribute("aria-expanded", "false");
    expect(config).toHaveTextContent(/^▸ Config: \{…\} 14 keys/);
    expect(config).toHaveAccessibleName("Config: 14 keys");
    expect(row(tree, ".RepoTags")).toHaveTextContent(/^▸ RepoTags: \[…\] 2 items/);
    expect(row(tree, ".RepoDigests")).toHaveTextContent("[…] 1 item");
    // Scalars are not expandable and are shown by type.
    const size = row(tree, ".Size");
    expect(size).not.toHaveAttribute("aria-expanded");
    expect(size.querySelector(".value.number")).toHaveTextContent("52519325");
    expect(row(tree, ".Architecture").querySelector(".value.string")).toHaveTextContent('"amd64"');
    expect(row(tree, ".Parent").querySelector(".value.string")).toHaveTextContent('""');
  });

  it("keeps the engine's key order, integer-like keys included", () => {
    const { tree } = renderTree('{"b": 1, "10": true, "a": null, "2": "x"}');
    expect(items(tree).map((r) => r.dataset.id)).toEqual([".b", '.["10"]', ".a", '.["2"]']);
    expect(row(tree, ".a").querySelector(".value.null")).toHaveTextContent("null");
    expect(row(tree, '.["10"]').querySelector(".value.boolean")).toHaveTextContent("true");
  });

  it("opens and closes a node on click, and everything with Expand/Collapse all", async () => {
    const { tree, user } = renderTree();
    await user.click(row(tree, ".Config"));
    expect(row(tree, ".Config")).toHaveAttribute("aria-expanded", "true");
    expect(row(tree, ".Config.Env")).toHaveAttribute("aria-level", "2");
    expect(row(tree, ".Config.Env")).toHaveAttribute("aria-expanded", "false");
    expect(row(tree, ".Config.ExposedPorts")).toHaveTextContent(/ExposedPorts: \{…\} 1 key/);
    expect(has(tree, ".Config.Env[0]")).toBe(false);

    await user.click(row(tree, ".Config"));
    expect(row(tree, ".Config")).toHaveAttribute("aria-expanded", "false");
    expect(has(tree, ".Config.Env")).toBe(false);

    await user.click(screen.getByRole("button", { name: "Expand all" }));
    expect(row(tree, ".Config.Env[3]")).toHaveAttribute("aria-level", "3");
    expect(row(tree, ".RootFS.Layers")).toHaveAttribute("aria-expanded", "true");
    // An empty object is a leaf.
    const port = row(tree, '.Config.ExposedPorts["80/tcp"]');
    expect(port).toHaveTextContent(/80\/tcp: \{\}/);
    expect(port).not.toHaveAttribute("aria-expanded");
    expect(row(tree, ".RootFS.Layers")).toHaveTextContent(/^▾ Layers: 3 items/);

    await user.click(screen.getByRole("button", { name: "Collapse all" }));
    expect(items(tree)).toHaveLength(TOP_KEYS.length);
  });

  it("keeps what was open and the focused row when the same image is inspected again", async () => {
    const { tree, user, rerender } = renderTree();
    await user.click(row(tree, ".Config"));
    row(tree, ".Config").focus();
    await user.keyboard("{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}");
    expect(row(tree, ".Config.Env")).toHaveFocus();
    // `docker tag nginx:alpine web:test` in a terminal: only RepoTags changes.
    await rerender({
      text: IMAGE_INSPECT.replace('"nginx:1.27-alpine"]', '"nginx:1.27-alpine", "web:test"]'),
    });
    const now = screen.getByRole("tree", { name: "Image JSON" });
    expect(row(now, ".RepoTags")).toHaveTextContent("3 items");
    expect(row(now, ".Config")).toHaveAttribute("aria-expanded", "true");
    expect(row(now, ".Config.Env")).toHaveFocus();
    expect(row(now, ".Config.Env")).toHaveAttribute("tabindex", "0");

    // A focused node that is gone leaves the focus on its parent, not on the page.
    await user.keyboard("{ArrowRight}{ArrowRight}{ArrowDown}");
    expect(row(now, ".Config.Env[1]")).toHaveFocus();
    const doc = JSON.parse(IMAGE_INSPECT);
    doc.Config.Env = [doc.Config.Env[0]];
    await rerender({ text: JSON.stringify(doc) });
    await waitFor(() => expect(row(now, ".Config.Env")).toHaveFocus());
  });

  it("shows another document when the text changes, keeping the search", async () => {
    const { user, rerender } = renderTree();
    await user.type(screen.getByRole("searchbox", { name: "Search JSON" }), "amd64");
    expect(screen.getByText("1 of 1")).toBeInTheDocument();
    await rerender({ text: '{"Id": "sha256:other", "Os": "linux", "Architecture": "amd64"}' });
    const now = screen.getByRole("tree", { name: "Image JSON" });
    expect(items(now).map((r) => r.dataset.id)).toEqual([".Id", ".Os", ".Architecture"]);
    expect(row(now, ".Architecture")).toHaveAttribute("aria-current", "true");
    expect(screen.getByText("1 of 1")).toBeInTheDocument();
  });

  it("says so when the document is an empty object", () => {
    render(JsonTree, { props: { text: "{}", oncopy: vi.fn() } });
    expect(screen.getByText("An empty object: {}")).toBeInTheDocument();
  });

  it("shows a scalar document as one row", () => {
    const { tree } = renderTree('"just a string"');
    expect(items(tree)).toHaveLength(1);
    expect(items(tree)[0]).toHaveTextContent('"just a string"');
  });
});

describe("JsonTree: search", () => {
  it("highlights matches, opens their ancestors and steps through them", async () => {
    const { tree, user } = renderTree();
    const search = screen.getByRole("searchbox", { name: "Search JSON" });
    await user.type(search, "version");
    expect(screen.getByText("1 of 4")).toBeInTheDocument();

    // Ancestors of the matches are open; only what matched is open.
    expect(row(tree, ".Config")).toHaveAttribute("aria-expanded", "true");
    expect(row(tree, ".Config.Env")).toHaveAttribute("aria-expanded", "true");
    expect(row(tree, ".Config.Labels")).toHaveAttribute("aria-expanded", "true");
    expect(row(tree, ".RootFS")).toHaveAttribute("aria-expanded", "false");

    const marks = [...tree.querySelectorAll("mark")].map((m) => m.textContent);
    expect(marks).toEqual(["Version", "VERSION", "VERSION", "version"]);
    expect(row(tree, ".DockerVersion")).toHaveAttribute("aria-current", "true");

    await user.click(screen.getByRole("button", { name: "Next match" }));
    expect(screen.getByText("2 of 4")).toBeInTheDocument();
    expect(row(tree, ".Config.Env[1]")).toHaveAttribute("aria-current", "true");
    expect(row(tree, ".DockerVersion")).not.toHaveAttribute("aria-current");

    // Enter and Shift+Enter in the search field step too.
    await user.click(search);
    await user.keyboard("{Enter}");
    expect(screen.getByText("3 of 4")).toBeInTheDocument();
    await user.keyboard("{Enter}{Enter}");
    expect(screen.getByText("1 of 4")).toBeInTheDocument();
    await user.keyboard("{Shift>}{Enter}{/Shift}");
    expect(screen.getByText("4 of 4")).toBeInTheDocument();
    expect(
      row(tree, '.Config.Labels["org.opencontainers.image.version"]').querySelector("mark"),
    ).toHaveTextContent("version");
    // Focus stays in the search field while stepping.
    expect(search).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Previous match" }));
    expect(screen.getByText("3 of 4")).toBeInTheDocument();
  });

  it("says when nothing matches and clears with Escape", async () => {
    const { tree, user } = renderTree();
    const search = screen.getByRole("searchbox", { name: "Search JSON" });
    await user.type(search, "no such thing");
    expect(screen.getByText("No matches")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Next match" })).toBeDisabled();
    expect(tree.querySelector("mark")).toBeNull();
    await user.keyboard("{Escape}");
    expect(search).toHaveValue("");
    expect(screen.queryByText("No matches")).not.toBeInTheDocument();
  });

  it("reveals a match deep in a closed container", async () => {
    const { tree, user } = renderTree();
    await user.type(screen.getByRole("searchbox", { name: "Search JSON" }), "1c8a1b0a");
    expect(screen.getByText("1 of 1")).toBeInTheDocument();
    expect(row(tree, ".RootFS.Layers[1]")).toHaveAttribute("aria-current", "true");
    expect(row(tree, ".RootFS.Layers[1]").querySelector("mark")).toHaveTextContent("1c8a1b0a");
  });
});

describe("JsonTree: copying", () => {
  it("copies a value, its path and the whole document", async () => {
    const { tree, user, onCopy } = renderTree();
    await user.click(screen.getByRole("button", { name: "Expand all" }));

    const button = (path: string, name: string) =>
      within(row(tree, path)).getByRole("button", { name: `${name} of ${path}` });
    await user.click(button(".Config.Env[2]", "Copy value"));
    expect(onCopy).toHaveBeenLastCalledWith("NJS_VERSION=0.8.6");
    expect(await screen.findByRole("status")).toHaveTextContent(
      "Copied the value of .Config.Env[2]",
    );

    await user.click(button(".Config.Env[2]", "Copy path"));
    expect(onCopy).toHaveBeenLastCalledWith(".[0].Config.Env[2]");

    await user.click(button('.Config.ExposedPorts["80/tcp"]', "Copy path"));
    expect(onCopy).toHaveBeenLastCalledWith('.[0].Config.ExposedPorts["80/tcp"]');

    await user.click(button(".Config.Cmd", "Copy value"));
    expect(onCopy).toHaveBeenLastCalledWith('[\n    "nginx",\n    "-g",\n    "daemon off;"\n]');

    await user.click(button(".Size", "Copy value"));
    expect(onCopy).toHaveBeenLastCalledWith("52519325");

    await user.click(screen.getByRole("button", { name: "Copy document" }));
    expect(onCopy).toHaveBeenLastCalledWith(IMAGE_PRINTED);

    // Copy buttons do not toggle their row.
    expect(row(tree, ".Config.Cmd")).toHaveAttribute("aria-expanded", "true");
  });

  it("names the copy keys as the OS does: Ctrl+C here, ⌘C on a Mac", () => {
    const hints = (tree: HTMLElement) =>
      within(row(tree, ".Os"))
        .getAllByRole("button")
        .map((b) => b.title);
    const { tree, unmount } = renderTree();
    expect(hints(tree)).toEqual(["Copy value (Ctrl+C)", "Copy path .Os (Ctrl+Shift+C)"]);
    unmount();
    const agent = vi
      .spyOn(navigator, "userAgent", "get")
      .mockReturnValue("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15");
    try {
      const { tree: onMac } = renderTree();
      expect(hints(onMac)).toEqual(["Copy value (⌘C)", "Copy path .Os (⇧⌘C)"]);
    } finally {
      agent.mockRestore();
    }
  });

  it("copies the focused row's value and path with Ctrl+C and Ctrl+Shift+C", async () => {
    const { tree, user, onCopy } = renderTree();
    await user.click(row(tree, ".Architecture"));
    // Said on the row, whose Copy and Path buttons are out of the Tab order.
    expect(row(tree, ".Architecture")).toHaveAttribute(
      "aria-keyshortcuts",
      "Control+C Control+Shift+C Meta+C Meta+Shift+C",
    );
    await user.keyboard("{Control>}c{/Control}");
    expect(onCopy).toHaveBeenLastCalledWith("amd64");
    await user.keyboard("{Control>}{Shift>}C{/Shift}{/Control}");
    // From the array `docker image inspect` prints: `… | jq '.[0].Architecture'` works.
    expect(onCopy).toHaveBeenLastCalledWith(".[0].Architecture");
  });

  it("says so when the clipboard refuses", async () => {
    const onCopy = vi.fn().mockRejectedValue(new Error("denied"));
    render(JsonTree, { props: { text: IMAGE_INSPECT, oncopy: onCopy } });
    await userEvent.click(screen.getByRole("button", { name: "Copy document" }));
    expect(await screen.findByText("Could not copy to the clipboard")).toBeInTheDocument();
  });
});

describe("JsonTree: keyboard", () => {
  it("moves focus with the arrow keys and opens and closes nodes", async () => {
    const { tree, user } = renderTree();
    // Roving tabindex: one row is in the tab order, the first one to begin with.
    const tabbable = () => items(tree).filter((r) => r.tabIndex === 0);
    expect(tabbable().map((r) => r.dataset.id)).toEqual([".Id"]);
    expect(row(tree, ".Id")).toHaveAttribute("aria-selected", "true");
    row(tree, ".Id").focus();

    await user.keyboard("{ArrowDown}");
    expect(row(tree, ".RepoTags")).toHaveFocus();
    expect(row(tree, ".RepoTags")).toHaveAttribute("aria-selected", "true");
    expect(row(tree, ".Id")).toHaveAttribute("aria-selected", "false");
    expect(tabbable().map((r) => r.dataset.id)).toEqual([".RepoTags"]);

    await user.keyboard("{ArrowRight}");
    expect(row(tree, ".RepoTags")).toHaveAttribute("aria-expanded", "true");
    expect(row(tree, ".RepoTags")).toHaveFocus();
    await user.keyboard("{ArrowRight}");
    expect(row(tree, ".RepoTags[0]")).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(row(tree, ".RepoTags[1]")).toHaveFocus();
    await user.keyboard("{ArrowLeft}");
    expect(row(tree, ".RepoTags")).toHaveFocus();
    await user.keyboard("{ArrowLeft}");
    expect(row(tree, ".RepoTags")).toHaveAttribute("aria-expanded", "false");
    expect(has(tree, ".RepoTags[0]")).toBe(false);

    await user.keyboard("{End}");
    expect(row(tree, ".Metadata")).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(row(tree, ".Metadata")).toHaveAttribute("aria-expanded", "true");
    await user.keyboard("{ArrowDown}");
    expect(row(tree, ".Metadata.LastTagTime")).toHaveFocus();
    await user.keyboard("{Home}");
    expect(row(tree, ".Id")).toHaveFocus();
    await user.keyboard("{ArrowUp}");
    expect(row(tree, ".Id")).toHaveFocus();
  });

  it("takes Ctrl+F to its own search, not to the page's", async () => {
    // The image filter's shortcut listens on the window, as FilterBar's does.
    const page = vi.fn();
    window.addEventListener("keydown", page);
    try {
      const { tree, user } = renderTree();
      await user.click(row(tree, ".Os"));
      expect(row(tree, ".Os")).toHaveFocus();
      await user.keyboard("{Control>}f{/Control}");
      const search = screen.getByRole("searchbox", { name: "Search JSON" });
      expect(search).toHaveFocus();
      expect(page).not.toHaveBeenCalledWith(expect.objectContaining({ key: "f" }));
      await user.keyboard("amd64");
      expect(screen.getByText("1 of 1")).toBeInTheDocument();
      // From the raw view: back to the tree's search, with what was typed selected.
      await user.click(screen.getByRole("button", { name: "Raw" }));
      screen.getByLabelText("Raw JSON").focus();
      await user.keyboard("{Meta>}f{/Meta}");
      const again = screen.getByRole("searchbox", { name: "Search JSON" });
      expect(again).toHaveFocus();
      expect([again as HTMLInputElement].map((i) => [i.selectionStart, i.selectionEnd])).toEqual([
        [0, 5],
      ]);
      expect(page).not.toHaveBeenCalledWith(expect.objectContaining({ key: "f" }));
      // Other keys still reach the page.
      await user.keyboard("{Control>}g{/Control}");
      expect(page).toHaveBeenCalledWith(expect.objectContaining({ key: "g" }));
    } finally {
      window.removeEventListener("keydown", page);
    }
  });

  it("tabs into the tree at the focused row", async () => {
    const { tree, user } = renderTree();
    await user.click(row(tree, ".Os"));
    await user.click(screen.getByRole("button", { name: "Expand all" }));
    screen.getByRole("button", { name: "Raw" }).focus();
    await user.tab();
    expect(row(tree, ".Os")).toHaveFocus();
  });
});

describe("JsonTree: raw view and errors", () => {
  it("shows and copies the document as docker image inspect prints it", async () => {
    // The engine sends its document compact, on one line, ending with a newline.
    const { user, onCopy } = renderTree('{"Id":"sha256:1","Size":1}\n');
    const printed = '[\n    {\n        "Id": "sha256:1",\n        "Size": 1\n    }\n]\n';
    await user.click(screen.getByRole("button", { name: "Raw" }));
    expect(screen.getByLabelText("Raw JSON").textContent).toBe(printed);
    await user.click(screen.getByRole("button", { name: "Copy document" }));
    expect(onCopy).toHaveBeenLastCalledWith(printed);
  });

  it("keeps key order, numbers and escapes as sent in the raw view", async () => {
    const text = '{"b":1,  "10": 1e400,\n"a" : [ ], "s": "\\u0026\\/"}';
    const { user } = renderTree(text);
    await user.click(screen.getByRole("button", { name: "Raw" }));
    expect(screen.queryByRole("tree")).not.toBeInTheDocument();
    const raw = screen.getByLabelText("Raw JSON");
    expect(raw.tagName).toBe("PRE");
    expect(raw.textContent).toBe(
      '[\n    {\n        "b": 1,\n        "10": 1e400,\n        "a": [],\n        "s": "\\u0026\\/"\n    }\n]\n',
    );
    expect(screen.getByRole("button", { name: "Raw" })).toHaveAttribute("aria-pressed", "true");
    await user.click(screen.getByRole("button", { name: "Tree" }));
    expect(screen.getByRole("tree")).toBeInTheDocument();
  });

  it("explains invalid JSON and shows it raw", async () => {
    const onCopy = vi.fn();
    render(JsonTree, { props: { text: '{"Id": "x",\n "Size": }', oncopy: onCopy } });
    expect(screen.getByRole("alert")).toHaveTextContent(
      'This is not valid JSON: Unexpected "}", expected a value at line 2, column 10',
    );
    expect(screen.queryByRole("tree")).not.toBeInTheDocument();
    expect(screen.getByLabelText("Raw JSON")).toHaveTextContent('"Size": }');
    expect(screen.getByRole("button", { name: "Tree" })).toBeDisabled();
    // Not JSON: copied as it came.
    await userEvent.click(screen.getByRole("button", { name: "Copy document" }));
    expect(onCopy).toHaveBeenLastCalledWith('{"Id": "x",\n "Size": }');
  });
});

describe("JsonTree: large documents", () => {
  it("renders a ~1.5 MB document without rendering every node", async () => {
    const text = bigDocument(1.5 * 1024 * 1024);
    let started = performance.now();
    const { tree, user } = renderTree(text);
    const first = performance.now() - started;
    expect(items(tree).map((r) => r.dataset.id)).toEqual([".Id", ".Ports", ".History", ".Size"]);
    expect(row(tree, ".History")).toHaveTextContent(/\[…\] \d{1,3}(,\d{3})+ items/);

    // Opening a 4,000-item array renders a screenful, not 4,000 rows.
    started = performance.now();
    await user.click(row(tree, ".History"));
    const open = performance.now() - started;
    expect(row(tree, ".History")).toHaveAttribute("aria-expanded", "true");
    expect(items(tree).length).toBeLessThan(60);
    // The scroll area is sized for every row.
    const sizer = tree.firstElementChild as HTMLElement;
    expect(parseInt(sizer.style.height)).toBeGreaterThan(4000 * 24);

    // Expand all opens everything and still renders only what fits.
    started = performance.now();
    await user.click(screen.getByRole("button", { name: "Expand all" }));
    const all = performance.now() - started;
    expect(items(tree).length).toBeLessThan(60);

    // The keyboard still reaches the end; the last row is rendered and focused.
    row(tree, ".Id").focus();
    started = performance.now();
    await user.keyboard("{End}");
    const end = performance.now() - started;
    expect(row(tree, ".Size")).toHaveFocus();
    expect(items(tree).length).toBeLessThan(60);

    // Search jumps to a match far down.
    started = performance.now();
    await user.type(screen.getByRole("searchbox", { name: "Search JSON" }), "step 3000 ");
    const search = performance.now() - started;
    await screen.findByText("1 of 1");
    expect(row(tree, ".History[3000].CreatedBy")).toHaveAttribute("aria-current", "true");
    console.log(
      `JsonTree ${(text.length / 1e6).toFixed(1)} MB: first render ${first.toFixed(0)} ms, ` +
        `open History ${open.toFixed(0)} ms, expand all ${all.toFixed(0)} ms, End ${end.toFixed(0)} ms, ` +
        `type a 10-character search ${search.toFixed(0)} ms`,
    );
  });
});

describe("JsonTree: a document inspected again", () => {
  it("stays where it was scrolled to, the search on its match", async () => {
    const text = bigDocument(400 * 1024);
    const { tree, user, rerender } = renderTree(text);
    // jsdom lays nothing out: the tree's scroll position is kept here, as a web view would.
    let top = 0;
    Object.defineProperty(tree, "scrollTop", {
      configurable: true,
      get: () => top,
      set: (value: number) => (top = value),
    });
    await user.type(screen.getByRole("searchbox", { name: "Search JSON" }), "step 10 ");
    expect(screen.getByText("1 of 1")).toBeInTheDocument();
    expect(row(tree, ".History[10].CreatedBy")).toHaveAttribute("aria-current", "true");
    // Scrolled far from the match.
    top = 4 + 1500 * 24;
    tree.dispatchEvent(new Event("scroll"));
    await waitFor(() => expect(has(tree, ".History[1490]")).toBe(true));
    const shown = items(tree).map((r) => r.dataset.id);

    await rerender({ text: text.replace('"Id":"sha256:big"', '"Id":"sha256:big2"') });
    expect(top).toBe(4 + 1500 * 24);
    expect(items(tree).map((r) => r.dataset.id)).toEqual(shown);
    expect(screen.getByText("1 of 1")).toBeInTheDocument();
    expect(row(tree, ".History[10].CreatedBy")).toHaveAttribute("aria-current", "true");
  });
});

describe("JsonTree in Spanish", () => {
  it("words the tools and counts in Spanish, and leaves the engine's keys and values alone", async () => {
    setLocale("es");
    const { tree, user, onCopy } = renderTree(IMAGE_INSPECT, "JSON de la imagen");
    const config = row(tree, ".Config");
    expect(config).toHaveTextContent(/^▸ Config: \{…\} 14 claves/);
    expect(config).toHaveAccessibleName("Config: 14 claves");
    expect(row(tree, ".RepoTags")).toHaveTextContent(/RepoTags: \[…\] 2 elementos/);
    expect(row(tree, ".RepoDigests")).toHaveTextContent("[…] 1 elemento");
    expect(row(tree, ".Parent")).toHaveAccessibleName("Parent: cadena vacía");
    expect(row(tree, ".Architecture")).toHaveAccessibleName('Architecture: "amd64"');

    const search = screen.getByRole("searchbox", { name: "Buscar en el JSON" });
    expect(search).toHaveAttribute("placeholder", "Buscar claves y valores");
    await user.type(search, "nginx");
    expect(screen.getByText(/^1 de \d+$/)).toBeInTheDocument();
    await user.clear(search);
    await user.type(search, "zzzz-nada");
    expect(screen.getByText("Sin coincidencias")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Coincidencia siguiente" })).toHaveAttribute(
      "title",
      "Coincidencia siguiente (Intro)",
    );

    await user.click(screen.getByRole("button", { name: "Desplegar todo" }));
    const copyValue = within(row(tree, ".Config.Env[2]")).getByRole("button", {
      name: "Copiar el valor de .Config.Env[2]",
    });
    expect(copyValue).toHaveTextContent("Copiar");
    await user.click(copyValue);
    expect(onCopy).toHaveBeenLastCalledWith("NJS_VERSION=0.8.6");
    expect(await screen.findByRole("status")).toHaveTextContent("Valor de .Config.Env[2] copiado");
    await user.click(
      within(row(tree, ".Config.Env[2]")).getByRole("button", {
        name: "Copiar la ruta de .Config.Env[2]",
      }),
    );
    expect(onCopy).toHaveBeenLastCalledWith(".[0].Config.Env[2]");
    expect(screen.getByRole("button", { name: "Plegar todo" })).toBeInTheDocument();
    const view = screen.getByRole("group", { name: "Vista" });
    expect(within(view).getByRole("button", { name: "Árbol" })).toBeInTheDocument();
    expect(within(view).getByRole("button", { name: "Texto" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Copiar el documento" }));
    expect(onCopy).toHaveBeenLastCalledWith(IMAGE_PRINTED);
    expect(await screen.findByRole("status")).toHaveTextContent("Documento copiado");
  });

  it("says what is wrong with invalid JSON, and that an empty document is empty", () => {
    setLocale("es");
    const { unmount } = render(JsonTree, { props: { text: '{"Id": }', oncopy: vi.fn() } });
    expect(screen.getByRole("alert")).toHaveTextContent(
      'Esto no es JSON válido: Se encontró "}" donde se esperaba un valor en la línea 1, columna 8 (posición 7)',
    );
    expect(screen.getByLabelText("JSON sin formato")).toHaveTextContent('{"Id": }');
    unmount();
    render(JsonTree, { props: { text: "{}", oncopy: vi.fn() } });
    expect(screen.getByText("Un objeto vacío: {}")).toBeInTheDocument();
  });
});

describe("JsonTree: left and shown again (another inspector tab meanwhile)", () => {
  /** jsdom lays nothing out: each element keeps the scroll position it is given, as a web view
   * would. */
  function keepScrollPositions(): () => void {
    const tops = new WeakMap<Element, number>();
    const own = Object.getOwnPropertyDescriptor(Element.prototype, "scrollTop")!;
    Object.defineProperty(Element.prototype, "scrollTop", {
      configurable: true,
      get(this: Element) {
        return tops.get(this) ?? 0;
      },
      set(this: Element, value: number) {
        tops.set(this, value);
      },
    });
    return () => Object.defineProperty(Element.prototype, "scrollTop", own);
  }

  it("opens as it was left: what was open, the search, the scroll, the document already read", async () => {
    const restoreScroll = keepScrollPositions();
    try {
      const text = bigDocument(400 * 1024);
      const onleave = vi.fn();
      const user = userEvent.setup();
      const first = render(JsonTree, { props: { text, onleave } });
      let tree = screen.getByRole("tree", { name: "Image JSON" });
      await user.click(row(tree, ".Ports"));
      await user.type(screen.getByRole("searchbox", { name: "Search JSON" }), "step 10 ");
      expect(screen.getByText("1 of 1")).toBeInTheDocument();
      tree.scrollTop = 4 + 1500 * 24;
      tree.dispatchEvent(new Event("scroll"));
      await waitFor(() => expect(has(tree, ".History[1440]")).toBe(true));
      const shown = items(tree).map((r) => r.dataset.id);
      first.unmount();
      expect(onleave).toHaveBeenCalledTimes(1);
      const left = onleave.mock.calls[0]![0];
      expect(left).toMatchObject({
        text,
        view: "tree",
        search: "step 10 ",
        scrollTop: 4 + 1500 * 24,
      });

      render(JsonTree, { props: { text, restore: left, onleave } });
      tree = screen.getByRole("tree", { name: "Image JSON" });
      expect(tree.scrollTop).toBe(4 + 1500 * 24);
      await waitFor(() => expect(items(tree).map((r) => r.dataset.id)).toEqual(shown));
      expect(tree.querySelector('[data-id=".Ports"]')).toBeNull(); // out of view, as left
      tree.scrollTop = 0;
      tree.dispatchEvent(new Event("scroll"));
      await waitFor(() => expect(row(tree, ".Ports")).toHaveAttribute("aria-expanded", "true"));
      expect(screen.getByRole("searchbox", { name: "Search JSON" })).toHaveValue("step 10 ");
      expect(screen.getByText("1 of 1")).toBeInTheDocument();
      // The same tree, not the document read again into a new one.
      cleanup();
      expect(onleave.mock.calls[1]![0].tree).toBe(left.tree);
    } finally {
      restoreScroll();
    }
  });

  it("opens on the raw view where it was left on it, scrolled as it was", async () => {
    const restoreScroll = keepScrollPositions();
    try {
      const onleave = vi.fn();
      const first = render(JsonTree, { props: { text: IMAGE_INSPECT, onleave } });
      await userEvent.click(screen.getByRole("button", { name: "Raw" }));
      const raw = screen.getByLabelText("Raw JSON");
      raw.scrollTop = 120;
      raw.dispatchEvent(new Event("scroll"));
      first.unmount();
      const left = onleave.mock.calls[0]![0];
      render(JsonTree, { props: { text: IMAGE_INSPECT, restore: left } });
      expect(screen.getByRole("button", { name: "Raw" })).toHaveAttribute("aria-pressed", "true");
      expect(screen.getByLabelText("Raw JSON").scrollTop).toBe(120);
    } finally {
      restoreScroll();
    }
  });

  it("goes on from how it was left when the image was inspected again meanwhile", async () => {
    const onleave = vi.fn();
    const first = render(JsonTree, { props: { text: IMAGE_INSPECT, onleave } });
    await userEvent.click(row(screen.getByRole("tree"), ".Config"));
    first.unmount();
    const again = IMAGE_INSPECT.replace('"RepoTags": [', '"RepoTags": ["web:test", ');
    expect(again).not.toBe(IMAGE_INSPECT);
    render(JsonTree, { props: { text: again, restore: onleave.mock.calls[0]![0] } });
    expect(row(screen.getByRole("tree"), ".Config")).toHaveAttribute("aria-expanded", "true");
  });
});

describe("JsonTree: a value nested thousands deep", () => {
  it("says the copy failed when the value is too long to copy, rather than nothing", async () => {
    const depth = 20_000;
    const text = '{"a":' + "[".repeat(depth) + "]".repeat(depth) + "}";
    const onCopy = vi.fn();
    render(JsonTree, { props: { text, oncopy: onCopy } });
    const a = screen.getByRole("treeitem", { name: /^a:/ });
    a.focus();
    await userEvent.keyboard("{Control>}c{/Control}");
    expect(await screen.findByText("Could not copy to the clipboard")).toBeInTheDocument();
    expect(onCopy).not.toHaveBeenCalled();
  });
});
