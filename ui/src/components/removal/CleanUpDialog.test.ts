// The clean-up dialog, driven through App: it needs the API from context and refreshes the list.
import { displayName, shortId } from "../../lib/images/names";
import { cleanup, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import App from "../app/App.svelte";
import { FakeApi, fakeImage, type FakePreview } from "../../lib/ipc/fake";
import type { PruneMode } from "../../lib/ipc/api";
import { HOLD_MS } from "../../lib/shared/hold.svelte";

const tagged = fakeImage({ tags: ["nginx:alpine"] });
const old = fakeImage({ tags: ["app:old"], containers: { running: 0, stopped: 1 } });
const dangling = fakeImage({ tags: [], created: 1 });

function previewFor(mode: PruneMode): FakePreview {
  if (mode === "dangling")
    return {
      mode,
      images: [
        {
          id: dangling.id,
          shortId: shortId(dangling.id),
          displayName: "<none>:<none>",
          untagged: [],
          deleted: true,
          intermediate: false,
          uniqueSize: 52_400_000,
        },
      ],
      freed: 52_400_000,
      freedText: "52.4MB",
      kept: [],
    };
  return {
    mode,
    images: [
      {
        id: tagged.id,
        shortId: shortId(tagged.id),
        displayName: "nginx:alpine",
        untagged: ["nginx:alpine"],
        deleted: true,
        intermediate: false,
        uniqueSize: 48_300_000,
      },
      {
        id: dangling.id,
        shortId: shortId(dangling.id),
        displayName: "<none>:<none>",
        untagged: [],
        deleted: true,
        intermediate: false,
        uniqueSize: 52_400_000,
      },
      {
        id: old.id,
        shortId: shortId(old.id),
        displayName: "app:old",
        untagged: ["app:old"],
        deleted: false,
        intermediate: false,
        uniqueSize: 10_000,
      },
    ],
    freed: 100_700_000,
    freedText: "101MB",
    kept: [],
  };
}

async function openCleanUp(api = new FakeApi([tagged, old, dangling])) {
  // Clean up waits a moment after a list arrives (see Hold): the clock runs as usual, and
  // `confirmable` moves it past that moment.
  vi.useFakeTimers({ shouldAdvanceTime: true });
  render(App, { props: { api } });
  await screen.findByRole("listitem", { name: "nginx:alpine" });
  const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
  await user.click(screen.getByRole("button", { name: "Clean up…" }));
  const dialog = screen.getByRole("dialog", { name: "Clean up images" });
  return { api, user, dialog };
}

/** The dialog's confirm button, once the moment it waits after its list arrived is over. */
async function confirmable(dialog: HTMLElement, name = "Clean up") {
  const button = within(dialog).getByRole("button", { name });
  await vi.advanceTimersByTimeAsync(HOLD_MS);
  expect(button).toBeEnabled();
  return button;
}

describe("CleanUpDialog", () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => {
    vi.useRealTimers();
    setLocale("en");
  });

  it("previews the dangling prune: what goes, what it frees, the command", async () => {
    const api = new FakeApi([tagged, old, dangling]);
    api.preview = previewFor;
    const { dialog } = await openCleanUp(api);
    expect(
      within(dialog).getByRole("radio", { name: "Dangling images only (docker image prune)" }),
    ).toBeChecked();
    const deleted = await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    expect(deleted).toHaveTextContent("<none>:<none>");
    expect(deleted).toHaveTextContent(shortId(dangling.id));
    expect(deleted).toHaveTextContent("52.4MB");
    expect(dialog).toHaveTextContent("Frees at least 52.4MB");
    // Why these sizes can be far below the cards' (a dangling image on a shared base: 4B).
    expect(dialog).toHaveTextContent("These sizes count only the layers no other image uses");
    expect(
      within(dialog).getByText("docker image prune", { selector: "code" }),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole("button", { name: "Copy “docker image prune”" }),
    ).toBeInTheDocument();
    // It takes a click once the moment it waits after the list arrived is over.
    expect(within(dialog).getByRole("button", { name: "Clean up" })).toBeDisabled();
    await confirmable(dialog);
    expect(api.calls).toContain("prunePreview");
  });

  it("says whether intermediate images go with the images built on them, per image store, in both languages", async () => {
    const intermediate = {
      id: `sha256:${"9".repeat(64)}`,
      shortId: "999999999999",
      displayName: "<none>:<none>",
      untagged: [],
      deleted: true,
      intermediate: true,
      uniqueSize: null,
    };
    for (const alone of [false, true]) {
      const api = new FakeApi([tagged, old, dangling]);
      api.preview = (mode) => {
        const p = previewFor(mode);
        return { ...p, images: [...p.images, intermediate], intermediatesAlone: alone };
      };
      const { dialog } = await openCleanUp(api);
      await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
      expect(dialog).toHaveTextContent(
        alone
          ? "Plus 1 intermediate image left by builds (only docker images -a lists it), deleted by itself: deleting it does not touch the images built on it."
          : "Plus 1 intermediate image left by builds (only docker images -a lists it), which goes with the images built on it.",
      );
      setLocale("es");
      await vi.waitFor(() =>
        expect(dialog).toHaveTextContent(
          alone
            ? "que se elimina aparte: eliminarla no afecta a las imágenes basadas en ella."
            : "que se elimina con las imágenes basadas en ella.",
        ),
      );
      setLocale("en");
      cleanup();
    }
  });

  it("previews nothing on another engine than the list's, and the window catches up", async () => {
    const api = new FakeApi([tagged, old, dangling]);
    api.preview = previewFor;
    vi.useFakeTimers({ shouldAdvanceTime: true });
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "nginx:alpine" });
    const colima = "unix:///Users/ana/.colima/default/docker.sock";
    // In Automatic, Imagen reconnected to Colima (the same images there) before the window
    // heard of it.
    api.engine = { ...api.engine, address: colima };
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(screen.getByRole("button", { name: "Clean up…" }));
    const dialog = screen.getByRole("dialog", { name: "Clean up images" });
    expect(
      await within(dialog).findByText(
        `Imagen is now on another engine (${colima}) than the one this was asked on, so nothing was done. Try again to do it on ${colima}.`,
      ),
    ).toBeInTheDocument();
    expect(within(dialog).queryByRole("list", { name: /Will be deleted/ })).toBeNull();
    expect(await screen.findByText(/Imagen reconnected to another engine/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Try again" }));
    expect(
      await within(dialog).findByRole("list", { name: "Will be deleted (1)" }),
    ).toBeInTheDocument();
  });

  it("switches to all unused images: deleted ones and ones that only lose tags", async () => {
    const api = new FakeApi([tagged, old, dangling]);
    api.preview = previewFor;
    const { dialog, user } = await openCleanUp(api);
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    await user.click(
      within(dialog).getByRole("radio", { name: "All unused images (docker image prune -a)" }),
    );
    const deleted = await within(dialog).findByRole("list", { name: "Will be deleted (2)" });
    expect(deleted).toHaveTextContent("nginx:alpine");
    expect(deleted).toHaveTextContent("<none>:<none>");
    const untagged = within(dialog).getByRole("list", { name: "Only lose tags (1)" });
    expect(untagged).toHaveTextContent("app:old");
    expect(dialog).toHaveTextContent("Frees at least 101MB");
    expect(
      within(dialog).getByRole("button", { name: "Copy “docker image prune -a”" }),
    ).toBeInTheDocument();
  });

  it("says an image a container needs stays and loses the tags listed, not all of them, in both languages", async () => {
    // app:old and app:stable name one image a container uses: the prune takes app:old only.
    const api = new FakeApi([tagged, old, dangling]);
    api.preview = (mode) => {
      const preview = previewFor(mode);
      return {
        ...preview,
        images: preview.images.map((i) =>
          i.id === old.id ? { ...i, displayName: "app:stable", untagged: ["app:old"] } : i,
        ),
      };
    };
    const { dialog, user } = await openCleanUp(api);
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    await user.click(
      within(dialog).getByRole("radio", { name: "All unused images (docker image prune -a)" }),
    );
    const untagged = await within(dialog).findByRole("list", { name: "Only lose tags (1)" });
    expect(untagged).toHaveTextContent(/^app:old/);
    const section = untagged.closest("section")!;
    expect(section).toHaveTextContent(
      "A container or another image still needs these images, so they stay; the tags listed are removed from them.",
    );
    setLocale("es");
    await waitFor(() =>
      expect(section).toHaveTextContent(
        "Un contenedor u otra imagen todavía necesita estas imágenes, así que se quedan; se les quitan las etiquetas de la lista.",
      ),
    );
  });

  it("names every tag a deleted image loses, and says the command may take more", async () => {
    const api = new FakeApi([tagged, old, dangling]);
    api.preview = (mode) => {
      const p = previewFor(mode);
      return {
        ...p,
        images: p.images.map((i) =>
          i.id === tagged.id
            ? { ...i, untagged: ["nginx:alpine", "web:1", `nginx@sha256:${"ab".repeat(32)}`] }
            : i,
        ),
      };
    };
    const { dialog, user } = await openCleanUp(api);
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    expect(dialog).toHaveTextContent(
      "In a terminal it removes whatever is dangling when you run it; Imagen removes only the images listed below",
    );
    await user.click(
      within(dialog).getByRole("radio", { name: "All unused images (docker image prune -a)" }),
    );
    const deleted = await within(dialog).findByRole("list", { name: "Will be deleted (2)" });
    expect(deleted).toHaveTextContent("nginx:alpine, web:1");
    expect(deleted).not.toHaveTextContent("sha256:abab");
  });

  it("shows the prune the engine is asked for, and runs that one", async () => {
    const api = new FakeApi([tagged, old, dangling]);
    api.preview = previewFor;
    // Records what the dialog asks for (the fake itself is left as is).
    const modes: PruneMode[] = [];
    const ran: PruneMode[] = [];
    const preview = api.prunePreview.bind(api);
    const prune = api.pruneImages.bind(api);
    api.prunePreview = (mode) => (modes.push(mode), preview(mode));
    api.pruneImages = (id) => (ran.push(api.previews.get(id)!.mode), prune(id));
    const shown = (dialog: HTMLElement) =>
      within(dialog)
        .getByRole("button", { name: /^Copy “docker image prune/ })
        .closest(".cmd")!
        .querySelector("code")!
        .textContent!.replace(/^\$\s*/, "");
    const { dialog, user } = await openCleanUp(api);
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    expect(modes).toEqual(["dangling"]);
    expect(shown(dialog)).toBe("docker image prune");
    await user.click(
      within(dialog).getByRole("radio", { name: "All unused images (docker image prune -a)" }),
    );
    await within(dialog).findByRole("list", { name: "Will be deleted (2)" });
    expect(modes).toEqual(["dangling", "unused"]);
    expect(shown(dialog)).toBe("docker image prune -a");
    await user.click(await confirmable(dialog));
    await within(dialog).findByText(/^Reclaimed/);
    expect(ran).toEqual(["unused"]);
  });

  it("says it is checking while the preview loads", async () => {
    const api = new FakeApi([tagged, old, dangling]);
    api.preview = previewFor;
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "nginx:alpine" });
    let open!: () => void;
    api.gate = new Promise<void>((r) => (open = r));
    await userEvent.click(screen.getByRole("button", { name: "Clean up…" }));
    const dialog = screen.getByRole("dialog", { name: "Clean up images" });
    const summary = within(dialog).getByTestId("cleanup-summary");
    expect(summary).toHaveTextContent("Checking what would be removed");
    expect(within(dialog).getByRole("button", { name: "Clean up" })).toBeDisabled();
    open();
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    expect(summary).not.toHaveTextContent("Checking");
    expect(within(dialog).queryByRole("status")).not.toBeInTheDocument();
  });

  it("says when there is nothing to clean up, with nothing to confirm", async () => {
    // No dangling image on this engine (the fake works the preview out from its images).
    const { dialog } = await openCleanUp(new FakeApi([tagged, old]));
    expect(await within(dialog).findByText("Nothing to clean up.")).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Clean up" })).toBeDisabled();
    expect(within(dialog).queryByRole("list")).not.toBeInTheDocument();
  });

  it("names the dangling images a container keeps, rather than saying there are none", async () => {
    // `docker build -t app .` twice with a `docker run app` between: the old build is <none>,
    // and its stopped container keeps it from `docker image prune`.
    const build = fakeImage({ tags: [], created: 2, containers: { running: 0, stopped: 1 } });
    const api = new FakeApi([tagged, build]);
    api.addContainer("web", "exited", build.id);
    const { dialog, user } = await openCleanUp(api);
    expect(
      await within(dialog).findByText(
        "Every dangling image is still used by a container, even a stopped one (below).",
      ),
    ).toBeInTheDocument();
    expect(dialog).not.toHaveTextContent("every image has a tag");
    const kept = within(dialog).getByRole("list", { name: "Kept by its containers (1)" });
    expect(kept).toHaveTextContent("web is stopped");
    expect(kept).toHaveTextContent(shortId(build.id));
    expect(dialog).toHaveTextContent("Stop and remove those containers first");
    expect(within(dialog).getByRole("button", { name: "Clean up" })).toBeDisabled();
    // The note under the command says what plain prune takes: dangling images, not unused ones.
    expect(dialog).toHaveTextContent("removes whatever is dangling when you run it");
    // Under -a every image a container uses stays by definition: nothing to point out.
    await user.click(within(dialog).getByRole("radio", { name: /All unused images/ }));
    await waitFor(() => expect(within(dialog).queryByRole("list", { name: /Kept by/ })).toBeNull());
    expect(dialog).toHaveTextContent("removes whatever is unused when you run it");
  });

  it("says which images it left alone and why it stopped, beside what it did", async () => {
    const api = new FakeApi([tagged, old, dangling]);
    api.preview = previewFor;
    api.pruneReport = {
      deleted: [dangling.id],
      untagged: [],
      reclaimed: 52_399_000,
      reclaimedText: "52.4MB",
      left: [
        {
          kind: "TagsChanged",
          image: old.id,
          name: "<none>:<none>",
          added: ["keep:1"],
          removed: [],
        },
      ],
      goneBefore: ["app:old"],
      failed: {
        kind: "EngineUnreachable",
        address: "unix:///var/run/docker.sock",
        reason: "connection reset",
        cause: "Dropped",
      },
    };
    const { dialog, user } = await openCleanUp(api);
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    await user.click(await confirmable(dialog));
    expect(await within(dialog).findByText("Reclaimed 52.4MB")).toBeInTheDocument();
    expect(dialog).toHaveTextContent("1 image deleted.");
    expect(dialog).toHaveTextContent(
      `Left alone, because they changed after you confirmed: Image ${old.id.slice(7, 19)} now also has the tag keep:1.`,
    );
    // Removed in a terminal between the preview and the confirmation: named, not counted out.
    expect(dialog).toHaveTextContent(
      "Already gone before the clean-up reached them (removed in a terminal?): app:old.",
    );
    // Cut by a lost engine: the image under way then may be gone too.
    expect(within(dialog).getByRole("alert")).toHaveTextContent(
      /^Imagen lost contact with the engine during the clean-up: .+ What it says above was done before that; the image it was deleting then may be gone too\. Refresh to see what is left\.$/,
    );
  });

  it("says it stopped waiting, not that contact was lost, when the engine did not answer", async () => {
    const api = new FakeApi([tagged, old, dangling]);
    api.preview = previewFor;
    api.pruneReport = {
      deleted: [],
      untagged: [],
      reclaimed: 0,
      reclaimedText: "0B",
      left: [],
      goneBefore: [],
      failed: { kind: "EngineTimeout", address: "unix:///var/run/docker.sock", seconds: 300 },
    };
    const { dialog, user } = await openCleanUp(api);
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    await user.click(await confirmable(dialog));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      /^Imagen stopped waiting for the engine during the clean-up: The Docker engine at unix:\/\/\/var\/run\/docker\.sock did not answer in 300 seconds\. What it says above/,
    );
  });

  it("runs the prune, shows what the engine reclaimed and refreshes the list", async () => {
    const api = new FakeApi([tagged, old, dangling]);
    api.preview = previewFor;
    api.pruneReport = {
      deleted: [dangling.id],
      untagged: [],
      reclaimed: 52_399_000,
      reclaimedText: "52.4MB",
      left: [],
      goneBefore: [],
      failed: null,
    };
    const { dialog, user } = await openCleanUp(api);
    const danglingName = displayName(dangling);
    expect(screen.getByRole("listitem", { name: danglingName })).toBeInTheDocument();
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    await user.click(await confirmable(dialog));
    expect(await within(dialog).findByText("Reclaimed 52.4MB")).toBeInTheDocument();
    expect(dialog).toHaveTextContent("1 image deleted.");
    expect(api.calls).toContain("pruneImages");
    await waitFor(() =>
      expect(screen.queryByRole("listitem", { name: danglingName })).not.toBeInTheDocument(),
    );
    await user.click(within(dialog).getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("says the space is not known when the engine gave no sizes, in both languages", async () => {
    // `/system/df` failed or answered -1: "Frees at least 0B" / "Reclaimed 0B" would say
    // nothing was freed.
    const api = new FakeApi([tagged, old, dangling]);
    api.preview = (mode) => {
      const p = previewFor(mode);
      return {
        ...p,
        images: p.images.map((i) => ({ ...i, uniqueSize: null })),
        freed: 0,
        freedText: null,
      };
    };
    api.pruneReport = {
      deleted: [dangling.id],
      untagged: [],
      reclaimed: null,
      reclaimedText: null,
      left: [],
      goneBefore: [],
      failed: null,
    };
    const { dialog, user } = await openCleanUp(api);
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    expect(dialog).toHaveTextContent(
      "How much space this frees is not known: the engine did not give these images' sizes.",
    );
    expect(dialog).not.toHaveTextContent("Frees at least");
    expect(dialog).not.toHaveTextContent("These sizes count only");
    await user.click(await confirmable(dialog));
    expect(
      await within(dialog).findByText("The engine did not say how much space this freed."),
    ).toBeInTheDocument();
    expect(dialog).not.toHaveTextContent("0B");
    expect(dialog).toHaveTextContent("1 image deleted.");
    // No figure, so nothing about how it was counted.
    expect(dialog).not.toHaveTextContent("layer storage");
  });

  it("says in Spanish that the space is not known", async () => {
    setLocale("es");
    const api = new FakeApi([tagged, old, dangling]);
    api.preview = (mode) => ({ ...previewFor(mode), freed: 0, freedText: null });
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "nginx:alpine" });
    await userEvent.setup().click(screen.getByRole("button", { name: "Limpiar…" }));
    const dialog = screen.getByRole("dialog");
    try {
      expect(
        await within(dialog).findByText(
          "No se sabe cuánto espacio libera: el motor no dio el tamaño de estas imágenes.",
        ),
      ).toBeInTheDocument();
    } finally {
      setLocale("en");
    }
  });

  it("shows a failed preview with the reason, and tries again", async () => {
    const api = new FakeApi([tagged, old, dangling]);
    api.preview = previewFor;
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "nginx:alpine" });
    api.failWith = { kind: "EngineTimeout", address: "unix:///var/run/docker.sock", seconds: 10 };
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Clean up…" }));
    const dialog = screen.getByRole("dialog", { name: "Clean up images" });
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("did not answer in 10 seconds");
    expect(within(dialog).queryByRole("status")).not.toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Clean up" })).toBeDisabled();

    api.failWith = null;
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(dialog).toHaveTextContent("Frees at least 52.4MB"));
    expect(within(dialog).queryByRole("alert")).not.toBeInTheDocument();
  });

  it("shows a failed prune and lets the user check again", async () => {
    const api = new FakeApi([tagged, old, dangling]);
    api.preview = previewFor;
    const { dialog, user } = await openCleanUp(api);
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    api.failWith = { kind: "EngineRejected", status: 409, message: "a prune operation is running" };
    await user.click(await confirmable(dialog));
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent(
      "The clean-up failed: The engine refused the request (409): a prune operation is running",
    );
    expect(within(dialog).getByRole("button", { name: "Clean up" })).toBeEnabled();

    api.failWith = null;
    await user.click(within(alert).getByRole("button", { name: "Check again" }));
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    expect(within(dialog).queryByRole("alert")).not.toBeInTheDocument();
  });

  it("says only a one-line summary of the list to a screen reader, not every name", async () => {
    const api = new FakeApi([tagged, old, dangling]);
    api.preview = previewFor;
    const { dialog, user } = await openCleanUp(api);
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    const list = within(dialog).getByRole("list", { name: "Will be deleted (1)" });
    // No live region around the list: a change would read out up to 200 names.
    expect(list.closest("[aria-live]")).toBeNull();
    const summary = within(dialog).getByTestId("cleanup-summary");
    expect(summary).toHaveAttribute("aria-live", "polite");
    expect(summary).toHaveTextContent("Will be deleted (1). Frees at least 52.4MB.");
    await user.click(within(dialog).getByRole("radio", { name: /All unused images/ }));
    await waitFor(() =>
      expect(summary).toHaveTextContent(
        "Will be deleted (2). Only lose tags (1). Frees at least 101MB.",
      ),
    );
  });

  it("keeps the focus in the dialog while it cleans up, then gives it to Close", async () => {
    const api = new FakeApi([tagged, old, dangling]);
    api.preview = previewFor;
    const { dialog, user } = await openCleanUp(api);
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    // The result's region is in the page before the result.
    const result = within(dialog).getByTestId("cleanup-result");
    expect(result).toHaveAttribute("aria-live", "polite");
    expect(result.textContent?.trim()).toBe("");
    let release = () => {};
    api.gate = new Promise((resolve) => (release = resolve));
    await user.click(await confirmable(dialog));
    expect(dialog).toHaveFocus();
    api.gate = null;
    release();
    await waitFor(() => expect(result).toHaveTextContent(/^Reclaimed/));
    expect(within(dialog).getByRole("button", { name: "Close" })).toHaveFocus();
  });

  it("gives the focus to Check again when the clean-up failed", async () => {
    const api = new FakeApi([tagged, old, dangling]);
    api.preview = previewFor;
    const { dialog, user } = await openCleanUp(api);
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    api.failWith = { kind: "EngineRejected", status: 409, message: "a prune operation is running" };
    await user.click(await confirmable(dialog));
    const alert = await within(dialog).findByRole("alert");
    expect(within(alert).getByRole("button", { name: "Check again" })).toHaveFocus();
  });

  it("closes with Cancel and with Escape", async () => {
    const { dialog, user } = await openCleanUp();
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Clean up…" }));
    expect(screen.getByRole("dialog", { name: "Clean up images" })).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("when the prune would now remove more: removes nothing, shows the new list, runs it when confirmed again", async () => {
    // The fake's own preview: the dangling image.
    const { api, dialog, user } = await openCleanUp();
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    const cleanUp = await confirmable(dialog);
    // A build in a terminal leaves another dangling image meanwhile.
    const newcomer = fakeImage({ tags: [], created: 2 });
    api.images = [...api.images, newcomer];
    await user.click(cleanUp);

    const notice = await within(dialog).findByRole("status");
    expect(notice).toHaveTextContent(
      `The engine changed since this list was made. An image with no name (${shortId(newcomer.id)}) would now be removed too. Nothing was removed. Check the new list below and confirm again.`,
    );
    expect(notice).toHaveFocus();
    const list = within(dialog).getByRole("list", { name: "Will be deleted (2)" });
    expect(list).toHaveTextContent(shortId(dangling.id));
    expect(list).toHaveTextContent(shortId(newcomer.id));
    expect(api.images.map((i) => i.id)).toEqual([tagged.id, old.id, dangling.id, newcomer.id]);
    // The list behind the dialog catches up with the engine.
    expect(
      await screen.findByRole("listitem", { name: displayName(newcomer) }),
    ).toBeInTheDocument();

    // The second click of a double-click, right after the answer, removes nothing: the
    // button waits a moment, as after a change noticed in the background.
    expect(cleanUp).toBeDisabled();
    await user.click(cleanUp);
    expect(api.calls.filter((c) => c === "pruneImages")).toHaveLength(1);
    expect(api.images.map((i) => i.id)).toContain(newcomer.id);

    await vi.advanceTimersByTimeAsync(HOLD_MS);
    expect(cleanUp).toBeEnabled();
    await user.click(cleanUp);
    expect(await within(dialog).findByText(/^Reclaimed/)).toBeInTheDocument();
    expect(dialog).toHaveTextContent("2 images deleted.");
    expect(within(dialog).queryByText(/The engine changed/)).not.toBeInTheDocument();
    expect(api.images.map((i) => i.id)).toEqual([tagged.id, old.id]);
  });
});

describe("CleanUpDialog: a list that arrives under a click", () => {
  afterEach(() => vi.useRealTimers());

  it("a click on Clean up as the list arrives removes nothing; one after a moment does", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const api = new FakeApi([tagged, old, dangling]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "nginx:alpine" });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    let release!: () => void;
    api.gate = new Promise<void>((r) => (release = r));
    await user.click(screen.getByRole("button", { name: "Clean up…" }));
    const dialog = screen.getByRole("dialog", { name: "Clean up images" });
    const cleanUp = within(dialog).getByRole("button", { name: "Clean up" });
    expect(cleanUp).toBeDisabled();
    api.gate = null;
    release();
    // A click aimed at it while it waited for the list: the list was never seen.
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    expect(cleanUp).toBeDisabled();
    await user.click(cleanUp);
    expect(api.calls).not.toContain("pruneImages");
    expect(api.images.map((i) => i.id)).toContain(dangling.id);

    await vi.advanceTimersByTimeAsync(HOLD_MS);
    expect(cleanUp).toBeEnabled();
    await user.click(cleanUp);
    expect(await within(dialog).findByText(/^Reclaimed/)).toBeInTheDocument();
    expect(api.images.map((i) => i.id)).not.toContain(dangling.id);
  });

  it("a click on Clean up right after Try again brings the list removes nothing", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const api = new FakeApi([tagged, old, dangling]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "nginx:alpine" });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    api.failWith = { kind: "EngineTimeout", address: "unix:///var/run/docker.sock", seconds: 10 };
    await user.click(screen.getByRole("button", { name: "Clean up…" }));
    const dialog = screen.getByRole("dialog", { name: "Clean up images" });
    const alert = await within(dialog).findByRole("alert");
    api.failWith = null;
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    const cleanUp = within(dialog).getByRole("button", { name: "Clean up" });
    expect(cleanUp).toBeDisabled();
    await user.click(cleanUp);
    expect(api.calls).not.toContain("pruneImages");
    expect(await confirmable(dialog)).toBe(cleanUp);
  });

  it("a background check that finds the same list does not make Clean up wait", async () => {
    const { api, dialog } = await openCleanUp();
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    const cleanUp = await confirmable(dialog);
    api.signal({ kind: "Changed", images: true, containers: true });
    await waitFor(() => expect(api.calls.filter((c) => c === "prunePreview")).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 20));
    expect(cleanUp).toBeEnabled();
  });
});

describe("CleanUpDialog: the focus when the control that had it goes away", () => {
  afterEach(() => vi.useRealTimers());
  /** The focus is in the dialog, not dropped on the page (no Tab pressed to bring it back). */
  const focusInside = (dialog: HTMLElement) =>
    waitFor(() => {
      expect(document.activeElement).not.toBe(document.body);
      expect(dialog.contains(document.activeElement)).toBe(true);
    });

  it("Try again, gone as the list loads again", async () => {
    const api = new FakeApi([tagged, old, dangling]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "nginx:alpine" });
    const user = userEvent.setup();
    api.failWith = { kind: "EngineTimeout", address: "unix:///var/run/docker.sock", seconds: 10 };
    await user.click(screen.getByRole("button", { name: "Clean up…" }));
    const dialog = screen.getByRole("dialog", { name: "Clean up images" });
    const alert = await within(dialog).findByRole("alert");
    api.failWith = null;
    const again = within(alert).getByRole("button", { name: "Try again" });
    await user.click(again);
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    expect(again).not.toBeInTheDocument();
    await focusInside(dialog);
  });

  it("Check again, gone as the list loads again after a failed clean-up", async () => {
    const { api, dialog, user } = await openCleanUp();
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    api.failWith = { kind: "EngineRejected", status: 409, message: "a prune operation is running" };
    await user.click(await confirmable(dialog));
    const alert = await within(dialog).findByRole("alert");
    api.failWith = null;
    const again = within(alert).getByRole("button", { name: "Check again" });
    await user.click(again);
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    expect(again).not.toBeInTheDocument();
    await focusInside(dialog);
  });
});

describe("CleanUpDialog: the engine changed while the list was open", () => {
  // The backend's watcher reports a change made in a terminal; App passes it on.
  const changed = (api: FakeApi) => api.signal({ kind: "Changed", images: true, containers: true });
  const previews = (api: FakeApi) => api.calls.filter((c) => c === "prunePreview").length;
  const settle = () => new Promise((r) => setTimeout(r, 20));

  it("asks again quietly and shows nothing when the list is the same", async () => {
    const { api, dialog } = await openCleanUp();
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    await confirmable(dialog);
    let open!: () => void;
    api.gate = new Promise<void>((r) => (open = r));
    changed(api);
    await waitFor(() => expect(previews(api)).toBe(2));
    // No flicker: the list stays while the new one is worked out.
    expect(within(dialog).getByRole("list", { name: "Will be deleted (1)" })).toBeInTheDocument();
    expect(within(dialog).queryByText(/Checking what would be removed/)).not.toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Clean up" })).toBeEnabled();
    open();
    await settle();
    expect(dialog.querySelector(".engine-changed")).toBeNull();
    expect(within(dialog).queryByRole("status")).not.toBeInTheDocument();
    expect(within(dialog).getByRole("list", { name: "Will be deleted (1)" })).toBeInTheDocument();
  });

  it("replaces the list and says what changed when more would be removed, and runs nothing", async () => {
    const { api, dialog, user } = await openCleanUp();
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    // Two builds in a terminal leave two more dangling images.
    const one = fakeImage({ tags: [], created: 2 });
    const two = fakeImage({ tags: [], created: 3 });
    api.images = [...api.images, one, two];
    changed(api);
    const notice = await within(dialog).findByTestId("cleanup-changed");
    expect(notice).toHaveTextContent(
      `The engine changed: 2 more images would now be removed (an image with no name (${shortId(one.id)}) and an image with no name (${shortId(two.id)})); it would now free at least 5.94MB (1.98MB before). The list below is up to date.`,
    );
    expect(notice).not.toHaveFocus();
    // Said from the region that was in the page all along, before what the list comes to.
    expect(within(dialog).getByTestId("cleanup-summary")).toHaveTextContent(
      /^The engine changed: 2 more images would now be removed .* The list below is up to date\. Will be deleted \(3\)\. Frees at least 5\.94MB\.$/,
    );
    const list = within(dialog).getByRole("list", { name: "Will be deleted (3)" });
    expect(list).toHaveTextContent(shortId(one.id));
    expect(dialog).toHaveTextContent("Frees at least 5.94MB");
    expect(api.calls).not.toContain("pruneImages");

    // The button waits a moment, so a click aimed at the old list runs nothing.
    const cleanUp = within(dialog).getByRole("button", { name: "Clean up" });
    expect(cleanUp).toBeDisabled();
    await user.click(cleanUp);
    expect(api.calls).not.toContain("pruneImages");
    // Then confirming runs the list shown: no "changed since" on the way.
    await waitFor(() => expect(cleanUp).toBeEnabled(), { timeout: 3000 });
    await user.click(cleanUp);
    expect(await within(dialog).findByText(/^Reclaimed/)).toBeInTheDocument();
    expect(dialog).toHaveTextContent("3 images deleted.");
    expect(api.images.map((i) => i.id)).toEqual([tagged.id, old.id]);
  });

  it("says both, when the list changed and then may be out of date", async () => {
    const { api, dialog } = await openCleanUp();
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    api.images = [...api.images, fakeImage({ tags: [], created: 2 })];
    changed(api);
    await within(dialog).findByTestId("cleanup-changed");
    api.failWith = { kind: "EngineTimeout", address: "unix:///var/run/docker.sock", seconds: 10 };
    changed(api);
    await within(dialog).findByTestId("cleanup-outdated");
    expect(within(dialog).getByTestId("cleanup-changed")).toBeInTheDocument();
    expect(within(dialog).getByTestId("cleanup-summary")).toHaveTextContent(
      /^The engine changed: .* The list below is up to date\. This list may be out of date\. .* Will be deleted \(2\)\./,
    );
  });

  it("says which image is no longer unused", async () => {
    const tool = fakeImage({ tags: ["imagen/x:1"] });
    const { api, dialog, user } = await openCleanUp(new FakeApi([tagged, old, tool]));
    await user.click(
      within(dialog).getByRole("radio", { name: "All unused images (docker image prune -a)" }),
    );
    await within(dialog).findByRole("list", { name: "Will be deleted (2)" });
    // `docker run -d imagen/x:1` in a terminal.
    api.images = api.images.map((i) =>
      i.id === tool.id ? { ...i, containers: { running: 1, stopped: 0 } } : i,
    );
    changed(api);
    const notice = await within(dialog).findByTestId("cleanup-changed");
    expect(notice).toHaveTextContent(
      "The engine changed: imagen/x:1 would no longer be removed; it would now free at least 1.98MB (3.96MB before).",
    );
    const list = within(dialog).getByRole("list", { name: "Will be deleted (1)" });
    expect(list).toHaveTextContent("nginx:alpine");
    expect(list).not.toHaveTextContent("imagen/x:1");
  });

  it("asks once more, not once per event, when changes arrive during a request", async () => {
    const { api, dialog } = await openCleanUp();
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    let open!: () => void;
    api.gate = new Promise<void>((r) => (open = r));
    changed(api);
    await waitFor(() => expect(previews(api)).toBe(2));
    // Two more changes while that request is under way.
    changed(api);
    await settle();
    changed(api);
    await settle();
    expect(previews(api)).toBe(2);
    open();
    await waitFor(() => expect(previews(api)).toBe(3));
    await settle();
    expect(previews(api)).toBe(3);
  });

  it("keeps the list, marked as possibly out of date, when the engine does not answer", async () => {
    const { api, dialog } = await openCleanUp();
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    await confirmable(dialog);
    api.failWith = { kind: "EngineTimeout", address: "unix:///var/run/docker.sock", seconds: 10 };
    changed(api);
    const notice = await within(dialog).findByTestId("cleanup-outdated");
    expect(notice).toHaveTextContent(
      "This list may be out of date. The engine changed, and Imagen could not check the list again. The Docker engine at unix:///var/run/docker.sock did not answer in 10 seconds. Clean up still removes nothing beyond what is listed here.",
    );
    expect(within(dialog).getByTestId("cleanup-summary")).toHaveTextContent(
      /^This list may be out of date\. .* Clean up still removes nothing beyond what is listed here\. Will be deleted \(1\)\./,
    );
    expect(within(dialog).queryByRole("alert")).not.toBeInTheDocument();
    expect(within(dialog).getByRole("list", { name: "Will be deleted (1)" })).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Clean up" })).toBeEnabled();

    // The engine answers again, with the same list: the mark goes.
    api.failWith = null;
    changed(api);
    await waitFor(() =>
      expect(within(dialog).queryByTestId("cleanup-outdated")).not.toBeInTheDocument(),
    );
    expect(within(dialog).getByTestId("cleanup-summary")).not.toHaveTextContent(/out of date/);
    expect(within(dialog).getByRole("list", { name: "Will be deleted (1)" })).toBeInTheDocument();
  });

  it("leaves a running prune alone, and a finished one", async () => {
    const { api, dialog, user } = await openCleanUp();
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    let open!: () => void;
    api.gate = new Promise<void>((r) => (open = r));
    await user.click(await confirmable(dialog));
    expect(within(dialog).getByRole("button", { name: "Cleaning up…" })).toBeDisabled();
    // The engine goes on deleting what was confirmed: the dialog stays for its report.
    expect(within(dialog).getByRole("button", { name: "Cancel" })).toBeDisabled();
    await user.keyboard("{Escape}");
    expect(screen.getByRole("dialog", { name: "Clean up images" })).toBe(dialog);
    changed(api);
    await settle();
    expect(previews(api)).toBe(1);
    open();
    api.gate = null;
    expect(await within(dialog).findByText(/^Reclaimed/)).toBeInTheDocument();
    // Another build leaves a dangling image after the prune: the report stays.
    api.images = [...api.images, fakeImage({ tags: [], created: 2 })];
    changed(api);
    await settle();
    expect(previews(api)).toBe(1);
    expect(within(dialog).queryByText(/The engine changed/)).not.toBeInTheDocument();
    expect(dialog).toHaveTextContent("1 image deleted.");
  });
});

describe("CleanUpDialog in Spanish", () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => setLocale("en"));

  it("rewords itself in Spanish, with docker commands, names and sizes as Docker prints them", async () => {
    const api = new FakeApi([tagged, old, dangling]);
    api.preview = previewFor;
    api.pruneReport = {
      deleted: [dangling.id],
      untagged: [],
      reclaimed: 52_399_000,
      reclaimedText: "52.4MB",
      left: [],
      goneBefore: [],
      failed: null,
    };
    const { dialog, user } = await openCleanUp(api);
    await within(dialog).findByRole("list", { name: "Will be deleted (1)" });
    setLocale("es");
    await waitFor(() => expect(dialog).toHaveAccessibleName("Limpiar imágenes"));
    expect(
      within(dialog).getByRole("radio", {
        name: "Solo imágenes huérfanas (docker image prune)",
      }),
    ).toBeChecked();
    expect(
      within(dialog).getByRole("radio", {
        name: "Todas las imágenes sin usar (docker image prune -a)",
      }),
    ).not.toBeChecked();
    const deleted = within(dialog).getByRole("list", { name: "Se eliminará (1)" });
    expect(deleted).toHaveTextContent("<none>:<none>");
    expect(deleted).toHaveTextContent("52.4MB");
    expect(dialog).toHaveTextContent("Libera al menos 52.4MB");
    expect(dialog).toHaveTextContent("Equivalente en una terminal");
    expect(
      within(dialog).getByText("docker image prune", { selector: "code" }),
    ).toBeInTheDocument();
    await user.click(await confirmable(dialog, "Limpiar"));
    expect(await within(dialog).findByText("Se liberaron 52.4MB")).toBeInTheDocument();
    expect(dialog).toHaveTextContent(
      "1 imagen eliminada. El espacio es lo que se redujo el almacenamiento de capas del motor, como lo cuenta docker system df.",
    );
    expect(within(dialog).getByRole("button", { name: "Cerrar" })).toBeInTheDocument();
  });
});
