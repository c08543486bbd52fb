import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "svelte/compiler";
import { displayName, shortId } from "../../lib/images/names";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import App from "../app/App.svelte";
import Inspector from "./Inspector.svelte";
import InspectorSummary from "./InspectorSummary.svelte";
import { setLocale } from "../../lib/i18n/locale.svelte";
import { InspectionStore } from "../../lib/inspector/inspection.svelte";
import { FakeApi, fakeImage, fakeInspection } from "../../lib/ipc/fake";
import type { ImagenError, Selection } from "../../lib/ipc/api";

// Records the selection App opens the removal dialog with (whichever dialog it is).
const opened = vi.hoisted(() => [] as Selection[]);
vi.mock("../removal/RemovalDialog.svelte", async (importOriginal) => {
  const real = await importOriginal<{ default: (...args: unknown[]) => unknown }>();
  return {
    default: (anchor: unknown, props: { selection: Selection }) => {
      opened.push(structuredClone(props.selection));
      return real.default(anchor, props);
    },
  };
});

// The image filter is kept in local storage: a test that filters leaves the next one alone.
afterEach(() => {
  localStorage.clear();
  setLocale("en");
});

function setup() {
  const nginx = fakeImage({
    tags: ["nginx:alpine", "nginx:1.27-alpine"],
    labels: { maintainer: "NGINX Docker Maintainers" },
  });
  const api = new FakeApi([nginx, fakeImage({ tags: ["redis:7"] })]);
  render(App, { props: { api } });
  return { api, nginx };
}

/** Puts `file`'s own styles (a component beside this test) in the page, scoped with the class
 * the rendered `element` carries (jsdom gets none from the build), so `getComputedStyle` reads
 * what a web view does. */
function addStyles(element: Element, file: string): () => void {
  const scope = [...element.classList].find((c) => c.startsWith("svelte-"))!;
  const path = join(dirname(fileURLToPath(import.meta.url)), file);
  const { css } = compile(readFileSync(path, "utf8"), {
    filename: path,
    css: "external",
    cssHash: () => scope,
  });
  const style = document.createElement("style");
  style.textContent = css!.code;
  document.head.append(style);
  return () => style.remove();
}

async function openInspector(name: string) {
  await userEvent.click(await screen.findByRole("button", { name: `Inspect ${name}` }));
  return screen.findByRole("complementary", { name: `Inspector: ${name}` });
}

describe("Inspector", () => {
  it("opens from a card with a summary that explains the ID", async () => {
    const { nginx } = setup();
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByText(nginx.id);
    expect(panel).toHaveTextContent(/SHA-256 hash of the image's configuration/);
    expect(panel).toHaveTextContent("nginx:alpine, nginx:1.27-alpine");
    expect(panel).toHaveTextContent("linux/amd64");
    expect(panel).toHaveTextContent("/docker-entrypoint.sh");
    expect(panel).toHaveTextContent('nginx -g "daemon off;"');
    expect(panel).toHaveTextContent("80/tcp");
    expect(panel).toHaveTextContent("maintainer=NGINX Docker Maintainers");
    // The grid stays, with the open card marked.
    expect(screen.getByRole("list", { name: "Images" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Inspect nginx:alpine" })).toHaveAttribute(
      "aria-current",
      "true",
    );
    expect(screen.getByRole("button", { name: "Inspect redis:7" })).not.toHaveAttribute(
      "aria-current",
    );
    // Not a toggle: nothing says "pressed" that a second press would not undo.
    expect(screen.getByRole("button", { name: "Inspect nginx:alpine" })).not.toHaveAttribute(
      "aria-pressed",
    );
  });

  it("opens with the keyboard", async () => {
    setup();
    const button = await screen.findByRole("button", { name: "Inspect redis:7" });
    button.focus();
    await userEvent.keyboard("{Enter}");
    const panel = await screen.findByRole("complementary", { name: "Inspector: redis:7" });
    // The focus moves in, onto its heading: a screen reader says what opened.
    expect(within(panel).getByRole("heading", { name: "redis:7" })).toHaveFocus();
    // Another card, the inspector already open: it moves there again.
    screen.getByRole("button", { name: "Inspect nginx:alpine" }).focus();
    await userEvent.keyboard("{Enter}");
    const again = await screen.findByRole("complementary", { name: "Inspector: nginx:alpine" });
    expect(within(again).getByRole("heading", { name: "nginx:alpine" })).toHaveFocus();
    // And back to the card on Close.
    await userEvent.click(within(again).getByRole("button", { name: "Close inspector" }));
    expect(screen.getByRole("button", { name: "Inspect nginx:alpine" })).toHaveFocus();
  });

  it("shows the engine's JSON as a tree", async () => {
    setup();
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByText(/SHA-256/);
    await userEvent.click(within(panel).getByRole("tab", { name: "JSON" }));
    const tree = await within(panel).findByRole("tree", { name: "Image JSON" });
    expect(within(tree).getAllByRole("treeitem").length).toBeGreaterThan(3);
  });

  it("shows the document in the raw view as docker image inspect prints it", async () => {
    const { nginx } = setup();
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByText(/SHA-256/);
    await userEvent.click(within(panel).getByRole("tab", { name: "JSON" }));
    await userEvent.click(await within(panel).findByRole("button", { name: "Raw" }));
    // The engine (and the fake) send one line; the terminal prints it indented, in an array.
    expect(fakeInspection(nginx).raw).toMatch(/^\{"Id":[^\n]+\}\n$/);
    expect(within(panel).getByLabelText("Raw JSON").textContent).toMatch(
      new RegExp(`^\\[\n    \\{\n        "Id": "${nginx.id}",\n        "RepoTags": \\[\n`),
    );
  });

  it("searches the JSON on Ctrl+F in its tab, not the image filter", async () => {
    setup();
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByText(/SHA-256/);
    await userEvent.click(within(panel).getByRole("tab", { name: "JSON" }));
    const tree = await within(panel).findByRole("tree", { name: "Image JSON" });
    await userEvent.click(within(tree).getAllByRole("treeitem")[0]!);
    await userEvent.keyboard("{Control>}f{/Control}");
    expect(within(panel).getByRole("searchbox", { name: "Search JSON" })).toHaveFocus();
    await userEvent.keyboard("amd64");
    const filter = screen.getByRole("searchbox", { name: "Filter images" });
    expect(filter).toHaveValue("");
    expect(within(panel).getByRole("searchbox", { name: "Search JSON" })).toHaveValue("amd64");
    // Elsewhere, Ctrl+F is still the image filter's.
    within(panel).getByRole("tab", { name: "JSON" }).focus();
    await userEvent.keyboard("{Control>}f{/Control}");
    expect(filter).toHaveFocus();
  });

  it("loads history when its tab is shown, and tabs move with arrow keys", async () => {
    const { api, nginx } = setup();
    api.histories.set(nginx.id, [
      {
        id: "<missing>",
        created: Math.floor(Date.now() / 1000) - 21 * 24 * 3600,
        createdText: "3 weeks ago",
        createdBy: "COPY file:abc in /",
        size: 5_600,
        sizeText: "5.6kB",
        comment: "",
      },
    ]);
    const panel = await openInspector("nginx:alpine");
    expect(api.calls).not.toContain("imageHistory");
    within(panel).getByRole("tab", { name: "Summary" }).focus();
    await userEvent.keyboard("{ArrowLeft}");
    expect(within(panel).getByRole("tab", { name: "History" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    const table = await within(panel).findByRole("table");
    expect(table).toHaveTextContent("COPY file:abc in /");
    expect(table).toHaveTextContent("5.6kB");
    expect(table).toHaveTextContent("3 weeks ago");
  });

  it("says so when the image was removed meanwhile", async () => {
    const { api } = setup();
    api.images = api.images.slice(1); // removed behind our back; the grid is stale
    const panel = await openInspector("nginx:alpine");
    expect(await within(panel).findByRole("alert")).toHaveTextContent(/no longer on this engine/);
    // Asking again could only fail again: no Try again.
    expect(within(panel).queryByRole("button", { name: "Try again" })).not.toBeInTheDocument();
    // Engine changes do not ask again for an image that is gone (only a lost engine's
    // failures are retried by themselves).
    const asked = api.calls.filter((c) => c === "inspectImage").length;
    api.signal({ kind: "Changed", images: true, containers: false });
    await new Promise((r) => setTimeout(r, 50));
    expect(api.calls.filter((c) => c === "inspectImage")).toHaveLength(asked);
  });

  it("asks again for what failed while the engine was away: Try again, the card, the engine back", async () => {
    const { api, nginx } = setup();
    const inspect = api.inspectImage.bind(api);
    const history = api.imageHistory.bind(api);
    let away = true;
    const lost: ImagenError = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "Connection refused",
      cause: "Refused",
    };
    api.inspectImage = (id) => (away ? Promise.reject(lost) : inspect(id));
    api.imageHistory = (id) => (away ? Promise.reject(lost) : history(id));
    const panel = await openInspector("nginx:alpine");
    expect(await within(panel).findByRole("alert")).toHaveTextContent(/Docker engine/);

    // Try again, while the engine is still away: the error again, still with its button.
    await userEvent.click(within(panel).getByRole("button", { name: "Try again" }));
    expect(await within(panel).findByRole("alert")).toHaveTextContent(/Docker engine/);
    away = false;
    await userEvent.click(within(panel).getByRole("button", { name: "Try again" }));
    await within(panel).findByText(nginx.id);

    // The history tab failed: clicking the open image's card again asks for it again.
    away = true;
    await userEvent.click(within(panel).getByRole("tab", { name: "History" }));
    expect(await within(panel).findByRole("alert")).toHaveTextContent(/Docker engine/);
    away = false;
    await userEvent.click(screen.getByRole("button", { name: "Inspect nginx:alpine" }));
    await waitFor(() => expect(within(panel).queryByRole("alert")).not.toBeInTheDocument());
    expect(within(panel).getByRole("table")).toBeInTheDocument();

    // Failed again; the engine comes back (its signal): asked again without a click.
    await userEvent.click(within(panel).getByRole("tab", { name: "Summary" }));
    away = true;
    await userEvent.click(screen.getByRole("button", { name: "Close inspector" }));
    const reopened = await openInspector("nginx:alpine");
    expect(await within(reopened).findByRole("alert")).toHaveTextContent(/Docker engine/);
    away = false;
    api.signal({ kind: "Recovered" });
    await within(reopened).findByText(nginx.id);
  });

  it("keeps the focus on Try again while the engine is asked, and gives it to the heading with the answer", async () => {
    const { api, nginx } = setup();
    const lost: ImagenError = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "Connection refused",
      cause: "Refused",
    };
    // Each ask waits for the test: `answer(true)` gives the engine's answer, `answer(false)` fails.
    const waiting: ((ok: boolean) => void)[] = [];
    const answer = async (ok: boolean) => {
      waiting.shift()!(ok);
      await new Promise((r) => setTimeout(r, 0));
    };
    const hold =
      <T>(real: (id: string) => Promise<T>) =>
      (id: string) =>
        new Promise<T>((resolve, reject) =>
          waiting.push((ok) => (ok ? resolve(real(id)) : reject(lost))),
        );
    api.inspectImage = hold(api.inspectImage.bind(api));
    api.imageHistory = hold(api.imageHistory.bind(api));
    const panel = await openInspector("nginx:alpine");
    await answer(false);
    expect(await within(panel).findByRole("alert")).toHaveTextContent(/Docker engine/);

    for (const tab of ["Summary", "History"]) {
      // The failure and its button stay, busy, the focus on it.
      await userEvent.click(within(panel).getByRole("button", { name: "Try again" }));
      const busy = within(panel).getByRole("button", { name: "Trying again…" });
      expect(busy).toHaveFocus();
      expect(busy).toHaveAttribute("aria-disabled", "true");
      expect(within(panel).getByRole("alert")).toHaveTextContent(/Docker engine/);
      // Failed again: the same button, offered again, keeps the focus.
      await answer(false);
      const again = within(panel).getByRole("button", { name: "Try again" });
      expect(again).toBe(busy);
      expect(again).toHaveFocus();
      expect(again).not.toHaveAttribute("aria-disabled", "true");
      // The answer: the button goes with the failure, and the heading takes the focus.
      await userEvent.click(again);
      await answer(true);
      expect(within(panel).queryByRole("alert")).toBeNull();
      expect(within(panel).getByRole("heading", { name: "nginx:alpine" })).toHaveFocus();
      if (tab === "Summary") {
        expect(panel).toHaveTextContent(nginx.id);
        // The history fails too, on its tab.
        await userEvent.click(within(panel).getByRole("tab", { name: "History" }));
        await answer(false);
        expect(await within(panel).findByRole("alert")).toHaveTextContent(/Docker engine/);
      } else {
        expect(within(panel).getByRole("table")).toBeInTheDocument();
      }
    }
  });

  it("shows the size docker images prints (the list's) where docker inspect's is smaller (containerd store)", async () => {
    const { api } = setup();
    const inspect = api.inspectImage.bind(api);
    api.inspectImage = async (id) => {
      const answer = await inspect(id);
      return { ...answer, details: { ...answer.details, size: 500_000, sizeText: "500kB" } };
    };
    const panel = await openInspector("nginx:alpine");
    const size = (await within(panel).findByText("Size")).nextElementSibling!;
    expect(size).toHaveTextContent(/^1\.98MB$/);
  });

  it("closes", async () => {
    setup();
    const panel = await openInspector("redis:7");
    await userEvent.click(within(panel).getByRole("button", { name: "Close inspector" }));
    expect(screen.queryByRole("complementary", { name: /Inspector/ })).not.toBeInTheDocument();
    // The focus goes back to the image's card, not to the page.
    expect(screen.getByRole("button", { name: "Inspect redis:7" })).toHaveFocus();
  });

  it("closes onto the image grid when the image's card is gone or hidden", async () => {
    const { api } = setup();
    // Deleted in a terminal: the inspector says so, and its card is gone.
    let panel = await openInspector("nginx:alpine");
    await within(panel).findByText(/SHA-256/);
    api.images = api.images.slice(1);
    api.signal({ kind: "Changed", images: true, containers: false });
    await within(panel).findByText(/deleted from the engine/);
    await userEvent.click(within(panel).getByRole("button", { name: "Close inspector" }));
    // Not the page: the grid, where the arrow keys go on through the cards.
    expect(screen.getByRole("list", { name: "Images" })).toHaveFocus();
    // The filter hides the card.
    panel = await openInspector("redis:7");
    await userEvent.type(screen.getByRole("searchbox", { name: "Filter images" }), "nginx");
    await userEvent.click(within(panel).getByRole("button", { name: "Close inspector" }));
    expect(screen.getByRole("list", { name: "Images" })).toHaveFocus();
  });

  it("closes onto the problem page's Retry when the list gave way to it", async () => {
    const { api } = setup();
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByText(/SHA-256/);
    api.failWith = { kind: "EngineRejected", status: 500, message: "layer store is corrupt" };
    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    const alert = await screen.findByRole("alert");
    await userEvent.click(within(panel).getByRole("button", { name: "Close inspector" }));
    expect(within(alert).getByRole("button", { name: "Retry" })).toHaveFocus();
  });

  it("moves the focus to its heading when the button that had it goes with the image", async () => {
    const { api, nginx } = setup();
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByText(/SHA-256/);
    const heading = within(panel).getByRole("heading", { name: "nginx:alpine" });
    // A tag moved away in a terminal, its Remove tag button focused.
    within(panel).getByRole("button", { name: "Remove tag nginx:1.27-alpine" }).focus();
    api.images = [{ ...nginx, tags: ["nginx:alpine"] }, ...api.images.slice(1)];
    api.signal({ kind: "Changed", images: true, containers: false });
    await waitFor(() =>
      expect(within(panel).queryByRole("button", { name: /nginx:1.27-alpine/ })).toBeNull(),
    );
    expect(heading).toHaveFocus();
    // The image deleted, Tag… focused: the button goes, the focus stays in the inspector.
    within(panel).getByRole("button", { name: "Tag…" }).focus();
    api.images = api.images.slice(1);
    api.signal({ kind: "Changed", images: true, containers: false });
    await within(panel).findByText(/deleted from the engine/);
    expect(within(panel).queryByRole("button", { name: "Tag…" })).toBeNull();
    expect(heading).toHaveFocus();
  });

  it("offers to remove each tag, opening the removal dialog for that tag alone", async () => {
    opened.length = 0;
    const { nginx } = setup();
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByText(/SHA-256/);
    expect(within(panel).getByRole("button", { name: "Remove tag nginx:alpine" })).toBeVisible();
    await userEvent.click(
      within(panel).getByRole("button", { name: "Remove tag nginx:1.27-alpine" }),
    );
    expect(await screen.findByRole("dialog")).toBeInTheDocument();
    // With the image it was shown on: the backend refuses the tag if it has moved since.
    expect(opened).toEqual([
      { images: [], tags: [{ reference: "nginx:1.27-alpine", image: nginx.id }] },
    ]);
  });

  it("keeps the JSON tab as it was when a terminal tags the image", async () => {
    const { api, nginx } = setup();
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByText(/SHA-256/);
    await userEvent.click(within(panel).getByRole("tab", { name: "JSON" }));
    const tree = await within(panel).findByRole("tree", { name: "Image JSON" });
    const row = (id: string) =>
      within(tree)
        .getAllByRole("treeitem")
        .find((el) => el.dataset.id === id)!;
    await userEvent.click(row(".Config"));
    await userEvent.click(row(".Config.Env"));
    await userEvent.click(row(".Config.Env")); // opened and closed again: focused, closed
    expect(row(".Config.Env")).toHaveFocus();
    const inspected = api.calls.filter((c) => c === "inspectImage").length;
    // `docker tag nginx:alpine web:test` in a terminal.
    api.images = [{ ...nginx, tags: [...nginx.tags, "web:test"] }, ...api.images.slice(1)];
    api.signal({ kind: "Changed", images: true, containers: false });
    await waitFor(() =>
      expect(api.calls.filter((c) => c === "inspectImage").length).toBe(inspected + 1),
    );
    await waitFor(() => expect(row(".RepoTags")).toHaveTextContent("3 items"));
    expect(row(".Config")).toHaveAttribute("aria-expanded", "true");
    expect(row(".Config.Env")).toHaveFocus();
  });

  it("shows the tags the list has now, not those of when it opened", async () => {
    const { api, nginx } = setup();
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByRole("button", { name: "Remove tag nginx:1.27-alpine" });
    const inspected = api.calls.filter((c) => c === "inspectImage").length;
    // In a terminal: `docker build -t nginx:1.27-alpine .` moves that tag to a new image;
    // `docker tag nginx:alpine nginx:test` adds one. The live list follows.
    const built = fakeImage({ tags: ["nginx:1.27-alpine"] });
    api.images = [
      { ...nginx, tags: ["nginx:alpine", "nginx:test"] },
      built,
      ...api.images.slice(1),
    ];
    api.signal({ kind: "Changed", images: true, containers: false });
    await waitFor(() =>
      expect(
        within(panel).queryByRole("button", { name: "Remove tag nginx:1.27-alpine" }),
      ).toBeNull(),
    );
    expect(within(panel).getByRole("button", { name: "Remove tag nginx:test" })).toBeVisible();
    // Inspected again once, so the JSON tab says the same.
    await waitFor(() =>
      expect(api.calls.filter((c) => c === "inspectImage").length).toBe(inspected + 1),
    );
    await userEvent.click(within(panel).getByRole("tab", { name: "JSON" }));
    await userEvent.click(within(panel).getByRole("button", { name: "Expand all" }));
    await waitFor(() => expect(panel).toHaveTextContent("nginx:test"));
    expect(panel).not.toHaveTextContent("nginx:1.27-alpine");
    await new Promise((r) => setTimeout(r, 50));
    expect(api.calls.filter((c) => c === "inspectImage").length).toBe(inspected + 1);
    // The user inspected once; the look again is the app's own, which the Terminal record
    // (and a script copied from it) leaves out.
    expect(api.inspectCalls.map((c) => c.again)).toEqual([
      ...Array<boolean>(inspected).fill(false),
      true,
    ]);
  });
});

describe("Inspector: the docker commands", () => {
  /** Records the IDs the inspector asks the engine about (the fake itself is left as is). */
  function recording(api: FakeApi) {
    const asked = { inspect: [] as string[], history: [] as string[] };
    const inspect = api.inspectImage.bind(api);
    const history = api.imageHistory.bind(api);
    api.inspectImage = (id) => (asked.inspect.push(id), inspect(id));
    api.imageHistory = (id) => (asked.history.push(id), history(id));
    return asked;
  }

  /** The image docker would take `reference` for, among the fake engine's: a tag names one
   * image; otherwise an ID prefix must be unique. */
  function resolve(api: FakeApi, reference: string) {
    const byTag = api.images.filter((i) => i.tags.includes(reference));
    if (byTag.length > 0) return byTag.map((i) => i.id);
    return api.images.filter((i) => i.id.startsWith(`sha256:${reference}`)).map((i) => i.id);
  }

  const commandIn = (panel: HTMLElement, verb: RegExp) =>
    within(panel)
      .getByRole("button", { name: verb })
      .closest(".cmd")!
      .querySelector("code")!
      .textContent!.replace(/^\$\s*/, "");

  it("shows docker image inspect and docker history for the image the engine is asked about", async () => {
    const { api, nginx } = setup();
    const asked = recording(api);
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByText(nginx.id);
    const inspect = commandIn(panel, /^Copy “docker image inspect /);
    expect(inspect).toBe("docker image inspect nginx:alpine");
    expect(asked.inspect).toEqual([nginx.id]);
    expect(resolve(api, inspect.split(" ").at(-1)!)).toEqual(asked.inspect);

    await userEvent.click(within(panel).getByRole("tab", { name: "History" }));
    await within(panel).findByRole("table");
    const history = commandIn(panel, /^Copy “docker history /);
    expect(history).toBe("docker history --no-trunc nginx:alpine");
    expect(asked.history).toEqual([nginx.id]);
    expect(resolve(api, history.split(" ").at(-1)!)).toEqual(asked.history);
  });

  it("names an image without a tag by its short ID, as docker images does", async () => {
    const dangling = fakeImage({ tags: [], created: 1_600_000_000 });
    const api = new FakeApi([dangling, fakeImage({ tags: ["redis:7"] })]);
    const asked = recording(api);
    render(App, { props: { api } });
    const panel = await openInspector(displayName(dangling));
    await within(panel).findByText(dangling.id);
    const inspect = commandIn(panel, /^Copy “docker image inspect /);
    expect(inspect).toBe(`docker image inspect ${shortId(dangling.id)}`);
    expect(asked.inspect).toEqual([dangling.id]);
    expect(resolve(api, shortId(dangling.id))).toEqual([dangling.id]);
    await userEvent.click(within(panel).getByRole("tab", { name: "History" }));
    await within(panel).findByRole("table");
    expect(commandIn(panel, /^Copy “docker history /)).toBe(
      `docker history --no-trunc ${shortId(dangling.id)}`,
    );
    expect(asked.history).toEqual([dangling.id]);
  });

  it("names an image gone from the engine by its short ID, not by a tag now on another", async () => {
    const { api, nginx } = setup();
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByText(nginx.id);
    await userEvent.click(within(panel).getByRole("tab", { name: "History" }));
    await within(panel).findByRole("table");
    // docker rmi, then docker pull in a terminal: the tag now names another image.
    const pulled = fakeImage({ tags: ["nginx:alpine"], created: 1_800_000_000 });
    api.images = [pulled, ...api.images.slice(1)];
    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    expect(await within(panel).findByText(/deleted from the engine/)).toBeInTheDocument();
    // The panel still names it as it was (its header), but the commands by its ID: the terminal
    // answers "No such image" for it, where the tag would show the newly pulled image.
    expect(within(panel).getByRole("heading", { name: "nginx:alpine" })).toBeInTheDocument();
    const history = commandIn(panel, /^Copy “docker history /);
    expect(history).toBe(`docker history --no-trunc ${shortId(nginx.id)}`);
    expect(resolve(api, history.split(" ").at(-1)!)).toEqual([]);
    expect(resolve(api, "nginx:alpine")).toEqual([pulled.id]);
    await userEvent.click(within(panel).getByRole("tab", { name: "Summary" }));
    expect(commandIn(panel, /^Copy “docker image inspect /)).toBe(
      `docker image inspect ${shortId(nginx.id)}`,
    );
  });
});

describe("Inspector in Spanish", () => {
  async function renderInspector() {
    const image = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([image]);
    api.histories.set(image.id, [
      {
        id: "<missing>",
        created: Math.floor(Date.now() / 1000) - 21 * 24 * 3600,
        createdText: "3 weeks ago",
        createdBy: "COPY file:abc in /",
        size: 5_600,
        sizeText: "5.6kB",
        comment: "",
      },
    ]);
    const store = new InspectionStore(api);
    store.open(image.id);
    render(Inspector, { props: { store, image, gone: true } });
    const panel = screen.getByRole("complementary", { name: "Inspector: nginx:alpine" });
    await within(panel).findByText(image.id);
    return { panel, image };
  }

  it("speaks Spanish around the engine's data, which stays as docker gives it", async () => {
    setLocale("es");
    const { panel, image } = await renderInspector();
    expect(within(panel).getByRole("button", { name: "Cerrar el inspector" })).toHaveTextContent(
      "Cerrar",
    );
    expect(within(panel).getByRole("status")).toHaveTextContent(
      "Esta imagen se eliminó del motor.",
    );
    const tabs = within(panel).getByRole("tablist", { name: "Vistas del inspector" });
    expect(
      within(tabs)
        .getAllByRole("tab")
        .map((t) => t.textContent),
    ).toEqual(["Resumen", "JSON", "Historial"]);
    expect(panel).toHaveTextContent("ID de imagen");
    expect(panel).toHaveTextContent(image.id);
    expect(panel).toHaveTextContent("nginx:alpine");
    // Gone from the engine: the commands name it by its ID, which no other image can take.
    expect(
      within(panel).getByRole("button", {
        name: `Copiar «docker image inspect ${shortId(image.id)}»`,
      }),
    ).toHaveTextContent("Copiar");
    await userEvent.click(within(panel).getByRole("tab", { name: "Historial" }));
    const table = await within(panel).findByRole("table");
    expect(
      within(panel).getByRole("button", {
        name: `Copiar «docker history --no-trunc ${shortId(image.id)}»`,
      }),
    ).toBeInTheDocument();
    expect(table).toHaveTextContent("COPY file:abc in /");
    expect(table).toHaveTextContent("5.6kB");
    expect(table).toHaveTextContent("hace 3 semanas");
  });

  it("changes language in place, keeping the open tab", async () => {
    const { panel } = await renderInspector();
    await userEvent.click(within(panel).getByRole("tab", { name: "JSON" }));
    expect(within(panel).getByRole("tree", { name: "Image JSON" })).toHaveTextContent(/\d+ keys/);
    setLocale("es");
    expect(await within(panel).findByRole("tree", { name: "JSON de la imagen" })).toHaveTextContent(
      /\d+ claves/,
    );
    expect(within(panel).getByRole("tab", { name: "JSON" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    expect(within(panel).getByRole("tab", { name: "Resumen" })).toBeInTheDocument();
    expect(within(panel).getByRole("button", { name: "Desplegar todo" })).toBeInTheDocument();
  });
});

describe("InspectorSummary", () => {
  it("takes a tag-removal handler as a prop, and has no buttons without one", async () => {
    const image = fakeImage({ tags: ["a:1", "a:2"] });
    const onremovetag = vi.fn();
    const { unmount } = render(InspectorSummary, {
      props: { details: fakeInspection(image).details, onremovetag },
    });
    await userEvent.click(screen.getByRole("button", { name: "Remove tag a:2" }));
    expect(onremovetag).toHaveBeenCalledWith({ reference: "a:2", image: image.id });
    unmount();
    const again = render(InspectorSummary, { props: { details: fakeInspection(image).details } });
    expect(screen.getByText("a:1")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Remove tag/ })).not.toBeInTheDocument();
    again.unmount();
    // Read-only (the image is gone from the engine): the tags, no buttons.
    render(InspectorSummary, {
      props: { details: fakeInspection(image).details, onremovetag, readonly: true },
    });
    expect(screen.getByText("a:2")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Remove tag/ })).not.toBeInTheDocument();
  });

  it("shows what the engine repeats: a digest once, each Env line as the config has it", () => {
    // The containerd image store on Engine 27.3 and older lists a RepoDigests entry twice
    // (moby/moby#48747), and an image's config can repeat an Env line.
    const digest = `nginx@sha256:${"d".repeat(64)}`;
    const image = fakeImage({ tags: ["a:1", "a:1"], digests: [digest, digest] });
    const details = {
      ...fakeInspection(image).details,
      env: ["PATH=/bin", "DEBUG=1", "DEBUG=1"],
    };
    render(InspectorSummary, { props: { details, onremovetag: vi.fn() } });
    expect(screen.getAllByText(digest)).toHaveLength(1);
    const env = screen.getByRole("heading", { name: "Environment" }).nextElementSibling!;
    expect([...env.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      "PATH=/bin",
      "DEBUG=1",
      "DEBUG=1",
    ]);
    expect(screen.getAllByRole("button", { name: "Remove tag a:1" })).toHaveLength(1);
  });

  it("explains an ID that is the manifest's digest (containerd store) as such", () => {
    const image = fakeImage({ tags: ["a:1"] });
    const manifest = { ...image, digests: [`a@${image.id}`] };
    const { unmount } = render(InspectorSummary, {
      props: { details: fakeInspection(manifest).details },
    });
    const explain = screen.getByText("docker images").parentElement!;
    expect(explain).toHaveTextContent(/SHA-256 hash of the image's manifest/);
    expect(explain).not.toHaveTextContent(/configuration/);
    unmount();
    // Another digest: the classic store's ID, its configuration's hash.
    const classic = { ...image, digests: [`a@sha256:${"b".repeat(64)}`] };
    render(InspectorSummary, { props: { details: fakeInspection(classic).details } });
    expect(screen.getByText("docker images").parentElement).toHaveTextContent(
      /SHA-256 hash of the image's configuration/,
    );
  });

  it("quotes the entrypoint's and command's arguments, so each reads as one", () => {
    const image = fakeImage({ tags: ["a:1"] });
    const row = (name: string) => screen.getByText(name).nextElementSibling!;
    const shown = (entrypoint: string[], cmd: string[]) => {
      const { unmount } = render(InspectorSummary, {
        props: { details: { ...fakeInspection(image).details, entrypoint, cmd } },
      });
      const words = [row("Entrypoint").textContent, row("Command").textContent];
      unmount();
      return words;
    };
    expect(shown([], ["nginx", "-g", "daemon off;"])).toEqual(["—", 'nginx -g "daemon off;"']);
    expect(shown(["sh", "-c", "a b"], ["sh", "-c", "a", "b"])).toEqual([
      'sh -c "a b"',
      "sh -c a b",
    ]);
    expect(shown(["/bin/sh", "-c", "echo $HOME"], [""])).toEqual(["/bin/sh -c 'echo $HOME'", '""']);
  });

  it("says a dangling image has no tags", () => {
    const image = fakeImage({ tags: [] });
    render(InspectorSummary, { props: { details: fakeInspection(image).details } });
    expect(screen.getByText("none (dangling)")).toBeInTheDocument();
  });

  it("says an image pulled by digest on the containerd store is named by it, not dangling", () => {
    const image = fakeImage({
      tags: [],
      digests: [`alpine@sha256:${"d".repeat(64)}`],
      digestNamed: true,
    });
    render(InspectorSummary, { props: { details: fakeInspection(image).details } });
    expect(screen.getByText("none: a digest names it (pulled by digest)")).toBeInTheDocument();
    expect(screen.queryByText("none (dangling)")).toBeNull();
  });

  it("names the image in docker image inspect by its first tag, else its short ID", () => {
    const tagged = fakeImage({ tags: ["a:1", "a:2"] });
    const { unmount } = render(InspectorSummary, {
      props: { details: fakeInspection(tagged).details },
    });
    expect(screen.getByRole("button", { name: "Copy “docker image inspect a:1”" })).toBeVisible();
    unmount();
    const dangling = fakeImage({ tags: [] });
    render(InspectorSummary, { props: { details: fakeInspection(dangling).details } });
    expect(
      screen.getByRole("button", { name: `Copy “docker image inspect ${shortId(dangling.id)}”` }),
    ).toBeVisible();
  });

  it("shows the creation date in words, with the engine's exact timestamp on hover", () => {
    const image = fakeImage({ tags: ["a:1"] });
    const details = { ...fakeInspection(image).details, created: "2026-12-01T18:29:09.616174445Z" };
    render(InspectorSummary, { props: { details } });
    const time = document.querySelector("time")!;
    expect(time).toHaveAttribute("title", "2026-12-01T18:29:09.616174445Z");
    expect(time).toHaveAttribute("datetime", "2026-12-01T18:29:09.616174445Z");
    expect(time.textContent).toMatch(/2026/);
    expect(time.textContent).not.toContain("T18:29:09");
  });

  it("says N/A for a creation time that stands for none (Go's zero time), as docker images does", () => {
    const image = fakeImage({ tags: ["ko:1"] });
    for (const created of ["0001-01-01T00:00:00Z", "1970-01-01T00:00:01Z"]) {
      const { unmount } = render(InspectorSummary, {
        props: { details: { ...fakeInspection(image).details, created } },
      });
      const value = screen.getByText("Created").nextElementSibling!;
      expect(value.textContent!.trim()).toBe("N/A");
      // The engine's own text on hover, and no date for it.
      expect(within(value as HTMLElement).getByText("N/A")).toHaveAttribute("title", created);
      expect(value.querySelector("time")).toBeNull();
      unmount();
    }
  });

  it("copies the engine's exact timestamp where the date is selected", () => {
    const image = fakeImage({ tags: ["a:1"] });
    const details = { ...fakeInspection(image).details, created: "2026-12-01T18:29:09.616174445Z" };
    render(InspectorSummary, { props: { details } });
    const time = document.querySelector("time")!;
    const copied = (select: (range: Range) => void) => {
      const range = document.createRange();
      select(range);
      const selection = document.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      const setData = vi.fn();
      const event = new Event("copy", { bubbles: true, cancelable: true });
      Object.assign(event, { clipboardData: { setData } });
      document.dispatchEvent(event);
      return { text: setData.mock.calls[0]?.[1] as string | undefined, event };
    };
    // The date alone.
    expect(copied((r) => r.selectNodeContents(time)).text).toBe("2026-12-01T18:29:09.616174445Z");
    // The whole row: its heading and the exact timestamp in place of the words.
    const row = time.closest("div")!;
    const whole = copied((r) => r.selectNodeContents(row));
    expect(whole.event.defaultPrevented).toBe(true);
    expect(whole.text).toMatch(/Created\s*2026-12-01T18:29:09\.616174445Z/);
    // A selection without the date is copied as the browser would.
    const id = screen.getByText(image.id);
    const other = copied((r) => r.selectNodeContents(id));
    expect(other.text).toBeUndefined();
    expect(other.event.defaultPrevented).toBe(false);
  });

  it("says it in Spanish, with tags, IDs, commands and sizes as docker gives them", async () => {
    setLocale("es");
    const image = fakeImage({ tags: ["a:1", "a:2"], labels: { tier: "bronze" } });
    const onremovetag = vi.fn();
    const details = fakeInspection(image).details;
    render(InspectorSummary, { props: { details, onremovetag } });
    expect(screen.getByRole("heading", { name: "ID de imagen" })).toBeInTheDocument();
    expect(screen.getByText(/El hash SHA-256 de la configuración de la imagen/)).toHaveTextContent(
      /el ID cambia\. docker images muestra sus 12 primeros caracteres\./,
    );
    expect(screen.getByText("docker images")).toBeInTheDocument();
    expect(screen.getByText(details.id)).toBeInTheDocument();
    expect(screen.getByText("Etiquetas")).toBeInTheDocument();
    expect(screen.getByText(details.sizeText)).toBeInTheDocument();
    expect(screen.getByText("Variables de entorno")).toBeInTheDocument();
    expect(screen.getByText("tier")).toBeInTheDocument();
    const created = document.querySelector("time")!;
    expect(created).toHaveAttribute("title", details.created);
    expect(created.textContent).toMatch(/nov/);
    await userEvent.click(screen.getByRole("button", { name: "Quitar la etiqueta a:2" }));
    expect(onremovetag).toHaveBeenCalledWith({ reference: "a:2", image: image.id });
  });

  it("explains an ID that is the manifest's digest in Spanish too", () => {
    setLocale("es");
    const image = fakeImage({ tags: ["a:1"] });
    render(InspectorSummary, {
      props: { details: fakeInspection({ ...image, digests: [`a@${image.id}`] }).details },
    });
    expect(screen.getByText("docker images").parentElement).toHaveTextContent(
      /el ID es el hash SHA-256 del manifiesto de la imagen/,
    );
  });

  it("says a dangling image has no tags, in Spanish too", () => {
    setLocale("es");
    const image = fakeImage({ tags: [] });
    render(InspectorSummary, {
      props: { details: { ...fakeInspection(image).details, user: "" } },
    });
    expect(screen.getByText("ninguna (huérfana)")).toBeInTheDocument();
    expect(screen.getByText("root (predeterminado)")).toBeInTheDocument();
  });
});

describe("Inspector, the engine away", () => {
  it("says the images cannot be read when a problem page takes the list's place", async () => {
    const { api } = setup();
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByRole("button", { name: "Remove tag nginx:alpine" });
    api.failWith = { kind: "Protocol", message: "the engine answered 500" };
    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    await within(panel).findByText(
      "Imagen cannot read the engine's images now: this is the engine's last answer.",
    );
    expect(
      within(panel).queryByRole("button", { name: "Remove tag nginx:alpine" }),
    ).not.toBeInTheDocument();
  });

  it("does not call a failure the engine's last answer: there is none on screen", async () => {
    const { api } = setup();
    await screen.findByRole("button", { name: "Inspect nginx:alpine" });
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "Connection refused (os error 111)",
      cause: "Refused",
    };
    const panel = await openInspector("nginx:alpine");
    api.signal({ kind: "Lost", address: "unix:///var/run/docker.sock", reason: "gone" });
    await within(panel).findByRole("button", { name: "Try again" });
    await screen.findByText(/the engine is not answering/);
    expect(panel).not.toHaveTextContent("its last answer");
    expect(within(panel).getByRole("tabpanel")).not.toHaveClass("gone");
  });

  it("closes onto Pull when the engine has no image left (no grid to take the focus)", async () => {
    const only = fakeImage({ tags: ["solo:1"] });
    const api = new FakeApi([only]);
    render(App, { props: { api } });
    const panel = await openInspector("solo:1");
    api.images = [];
    api.signal({ kind: "Changed", images: true, containers: false });
    await within(panel).findByText("This image was deleted from the engine.");
    await userEvent.click(within(panel).getByRole("button", { name: /^Close/ }));
    expect(screen.getByRole("button", { name: "Pull…" })).toHaveFocus();
  });

  it("leaves the focus on the header's Learn toggle when closing Learn brings it back", async () => {
    setup();
    await openInspector("nginx:alpine");
    const learn = within(screen.getByRole("banner")).getByRole("button", { name: "Learn" });
    learn.focus();
    await userEvent.keyboard("{Enter}");
    await waitFor(() =>
      expect(screen.queryByRole("complementary", { name: /^Inspector/ })).not.toBeInTheDocument(),
    );
    expect(learn).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    await screen.findByRole("complementary", { name: "Inspector: nginx:alpine" });
    expect(learn).toHaveFocus();
  });

  it("shows what the engine said last as such: greyed, read-only, and back when it answers", async () => {
    const { api } = setup();
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByRole("button", { name: "Remove tag nginx:alpine" });
    expect(within(panel).getByRole("button", { name: "Tag…" })).toBeInTheDocument();
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "Connection refused (os error 111)",
      cause: "Refused",
    };
    api.signal({ kind: "Lost", address: "unix:///var/run/docker.sock", reason: "gone" });
    await within(panel).findByText("The engine is not answering: this is its last answer.");
    // The tags stay, without Remove tag: there is no engine to act on.
    expect(panel).toHaveTextContent("nginx:1.27-alpine");
    expect(
      within(panel).queryByRole("button", { name: "Remove tag nginx:alpine" }),
    ).not.toBeInTheDocument();
    expect(within(panel).getByRole("tabpanel")).toHaveClass("gone");
    // Tag… stays, as on the card: the Tag dialog re-checks with the engine when it answers.
    expect(within(panel).getByRole("button", { name: "Tag…" })).toBeInTheDocument();

    api.failWith = null;
    api.signal({ kind: "Recovered" });
    await waitFor(() =>
      expect(
        within(panel).queryByText("The engine is not answering: this is its last answer."),
      ).not.toBeInTheDocument(),
    );
    expect(within(panel).getByRole("button", { name: "Remove tag nginx:alpine" })).toBeVisible();
  });
});

describe("Inspector: the image deleted, listed again, or not readable", () => {
  /** Deletes `image` behind the app's back and lets the engine say something changed. */
  async function deleteElsewhere(api: FakeApi, panel: HTMLElement, id: string) {
    api.images = api.images.filter((i) => i.id !== id);
    api.signal({ kind: "Changed", images: true, containers: false });
    await within(panel).findByText("This image was deleted from the engine.");
  }

  /** The summary's value for `label` ("Size", "Tags", "Digests"). */
  const fact = (panel: HTMLElement, label: string) =>
    within(within(panel).getByRole("tabpanel")).getByText(label).nextElementSibling!.textContent;

  /** An engine whose docker inspect's Size is not the list's (the containerd image store). */
  function packedSizes(api: FakeApi) {
    const inspect = api.inspectImage.bind(api);
    api.inspectImage = async (id, again) => {
      const answer = await inspect(id, again);
      return { ...answer, details: { ...answer.details, size: 500_000, sizeText: "500kB" } };
    };
  }

  it("keeps the list's size, tags and digests once the image is deleted elsewhere", async () => {
    const nginx = fakeImage({
      tags: ["nginx:alpine"],
      digests: ["nginx@sha256:" + "d".repeat(64)],
    });
    const api = new FakeApi([nginx, fakeImage({ tags: ["redis:7"] })]);
    packedSizes(api);
    render(App, { props: { api } });
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByText("Size");
    expect(fact(panel, "Size")).toBe("1.98MB");
    await deleteElsewhere(api, panel, nginx.id);
    expect(fact(panel, "Size")).toBe("1.98MB");
    expect(fact(panel, "Tags")).toContain("nginx:alpine");
    expect(fact(panel, "Digests")).toBe("nginx@sha256:" + "d".repeat(64));
    expect(within(panel).getByRole("tabpanel")).toHaveClass("gone");
  });

  it("keeps the list's size while the images cannot be read (a problem page)", async () => {
    const { api } = setup();
    packedSizes(api);
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByText("Size");
    api.failWith = { kind: "Protocol", message: "the engine answered 500" };
    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    await within(panel).findByText(
      "Imagen cannot read the engine's images now: this is the engine's last answer.",
    );
    expect(fact(panel, "Size")).toBe("1.98MB");
    expect(fact(panel, "Tags")).toContain("nginx:1.27-alpine");
  });

  it("keeps a dangling image's name once it is deleted elsewhere, not its full ID", async () => {
    const none = fakeImage({ tags: [], created: 1_700_000_100 });
    const api = new FakeApi([none, fakeImage({ tags: ["redis:7"] })]);
    render(App, { props: { api } });
    await userEvent.click(await screen.findByRole("button", { name: /^Inspect <none>@/ }));
    const panel = await screen.findByRole("complementary", { name: /^Inspector: / });
    const heading = within(panel).getByRole("heading", { level: 2 });
    const name = displayName(none);
    expect(heading).toHaveTextContent(name);
    await within(panel).findByText(none.id);
    await deleteElsewhere(api, panel, none.id);
    expect(heading.textContent).toBe(name);
  });

  it("names an image by the inspection without a list that had it, never by its full ID", async () => {
    const none = fakeImage({ tags: [], created: 1_700_000_100 });
    const store = new InspectionStore(new FakeApi([none]));
    store.open(none.id);
    render(Inspector, { props: { store, image: null, away: "unreadable" } });
    const panel = screen.getByRole("complementary", { name: /^Inspector: / });
    await within(panel).findByText("Size");
    expect(within(panel).getByRole("heading", { level: 2 })).toHaveTextContent(
      `<none>@${shortId(none.id)}`,
    );
  });

  it("reads again what failed while the image was gone once the same ID is listed again", async () => {
    const { api, nginx } = setup();
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByText("Size");
    await deleteElsewhere(api, panel, nginx.id);
    await userEvent.click(within(panel).getByRole("tab", { name: "History" }));
    await within(panel).findByRole("alert");
    // docker pull of the same image: the same ID is back.
    api.images = [nginx, ...api.images];
    api.signal({ kind: "Changed", images: true, containers: false });
    await within(panel).findByRole("table");
    expect(within(panel).queryByRole("alert")).not.toBeInTheDocument();
    expect(panel).not.toHaveTextContent("deleted from the engine");
  });

  it("reads again an inspection that failed as no such image when a Refresh lists the image", async () => {
    const { api, nginx } = setup();
    // Deleted, and back, between two lists: the inspection fell in between.
    api.images = api.images.slice(1);
    const panel = await openInspector("nginx:alpine");
    expect(await within(panel).findByRole("alert")).toHaveTextContent(/no longer on this engine/);
    api.images = [nginx, ...api.images];
    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    await within(panel).findByText(nginx.id);
    expect(within(panel).queryByRole("alert")).not.toBeInTheDocument();
  });

  it("shows a digest the image gained in a terminal (docker push), in the summary and the JSON", async () => {
    const { api, nginx } = setup();
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByText("Size");
    const digest = "nginx@sha256:" + "d".repeat(64);
    api.images = [{ ...nginx, digests: [digest] }, ...api.images.slice(1)];
    api.signal({ kind: "Changed", images: true, containers: false });
    await within(panel).findByText(digest);
    await waitFor(() => expect(api.inspectCalls.filter((c) => c.again)).toHaveLength(1));
    await userEvent.click(within(panel).getByRole("tab", { name: "JSON" }));
    await userEvent.click(within(panel).getByRole("button", { name: "Raw" }));
    expect(within(panel).getByRole("tabpanel")).toHaveTextContent(digest);
  });

  it("says the image was deleted, by its short ID, where a part cannot be read for it", async () => {
    const { api, nginx } = setup();
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByText("Size");
    await deleteElsewhere(api, panel, nginx.id);
    await userEvent.click(within(panel).getByRole("tab", { name: "History" }));
    const alert = await within(panel).findByRole("alert");
    const short = shortId(nginx.id);
    expect(alert).toHaveTextContent(
      `Imagen cannot read the history of image ${short}: it was deleted from the engine.`,
    );
    expect(alert).not.toHaveTextContent("Refresh");
    setLocale("es");
    await waitFor(() =>
      expect(alert).toHaveTextContent(
        `Imagen no puede leer el historial de la imagen ${short}: se eliminó del motor.`,
      ),
    );
  });

  it("says an inspection could not be read for an image shown as deleted, in both languages", async () => {
    const image = fakeImage({ tags: ["nginx:alpine"] });
    const store = new InspectionStore(new FakeApi([]));
    store.open(image.id);
    render(Inspector, { props: { store, image: null, gone: true } });
    const alert = await screen.findByRole("alert");
    const short = shortId(image.id);
    expect(alert).toHaveTextContent(
      `Imagen cannot read the details of image ${short}: it was deleted from the engine.`,
    );
    setLocale("es");
    await waitFor(() =>
      expect(alert).toHaveTextContent(
        `Imagen no puede leer los detalles de la imagen ${short}: se eliminó del motor.`,
      ),
    );
  });

  it("breaks a full image ID in an error anywhere, rather than running out of the panel", async () => {
    const { api } = setup();
    api.images = [];
    const panel = await openInspector("nginx:alpine");
    const alert = await within(panel).findByRole("alert");
    const remove = addStyles(alert, "Inspector.svelte");
    try {
      expect(getComputedStyle(alert).overflowWrap).toBe("anywhere");
    } finally {
      remove();
    }
  });
});

describe("Inspector: the JSON tab across tab switches", () => {
  it("keeps what was opened, searched and viewed", async () => {
    setup();
    const panel = await openInspector("nginx:alpine");
    await userEvent.click(within(panel).getByRole("tab", { name: "JSON" }));
    await userEvent.click(await within(panel).findByRole("treeitem", { name: /^Config:/ }));
    await userEvent.type(within(panel).getByRole("searchbox", { name: "Search JSON" }), "amd64");
    await within(panel).findByText("1 of 1");
    await userEvent.click(within(panel).getByRole("tab", { name: "Summary" }));
    await userEvent.click(within(panel).getByRole("tab", { name: "History" }));
    await within(panel).findByRole("table");
    await userEvent.click(within(panel).getByRole("tab", { name: "JSON" }));
    expect(within(panel).getByRole("treeitem", { name: /^Config:/ })).toHaveAttribute(
      "aria-expanded",
      "true",
    );
    expect(within(panel).getByRole("searchbox", { name: "Search JSON" })).toHaveValue("amd64");
    expect(within(panel).getByText("1 of 1")).toBeInTheDocument();

    // The raw view too.
    await userEvent.click(within(panel).getByRole("button", { name: "Raw" }));
    await userEvent.click(within(panel).getByRole("tab", { name: "Summary" }));
    await userEvent.click(within(panel).getByRole("tab", { name: "JSON" }));
    expect(within(panel).getByRole("button", { name: "Raw" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
  });

  it("starts another image's JSON tab afresh", async () => {
    setup();
    const panel = await openInspector("nginx:alpine");
    await userEvent.click(within(panel).getByRole("tab", { name: "JSON" }));
    await userEvent.click(await within(panel).findByRole("treeitem", { name: /^Config:/ }));
    await userEvent.click(within(panel).getByRole("tab", { name: "Summary" }));
    await userEvent.click(screen.getByRole("button", { name: "Inspect redis:7" }));
    const other = await screen.findByRole("complementary", { name: "Inspector: redis:7" });
    await within(other).findByText("Size");
    await userEvent.click(within(other).getByRole("tab", { name: "JSON" }));
    expect(await within(other).findByRole("treeitem", { name: /^Config:/ })).toHaveAttribute(
      "aria-expanded",
      "false",
    );
  });
});
