import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "svelte/compiler";
import { displayName } from "../../lib/images/names";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import App from "./App.svelte";
import { FakeApi, fakeChoice, fakeImage } from "../../lib/ipc/fake";
import type { ImageSummary, RemovalReport, Selection } from "../../lib/ipc/api";

function deferred() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe("App states", () => {
  it("shows a loading state until the engine answers", async () => {
    const api = new FakeApi([fakeImage()]);
    const gate = deferred();
    api.gate = gate.promise;
    render(App, { props: { api } });
    expect(screen.getByRole("status", { name: "Loading images" })).toBeInTheDocument();
    gate.open();
    expect(await screen.findByRole("list", { name: "Images" })).toBeInTheDocument();
    expect(screen.queryByRole("status", { name: "Loading images" })).not.toBeInTheDocument();
  });

  it("lists images as cards with a header count and total size", async () => {
    const api = new FakeApi([
      fakeImage({ tags: ["nginx:alpine"], size: 48_300_000 }),
      fakeImage({ tags: ["busybox:latest", "busybox:1.36"] }),
      fakeImage({ tags: [] }),
    ]);
    render(App, { props: { api } });
    const grid = await screen.findByRole("list", { name: "Images" });
    const names = within(grid)
      .getAllByRole("listitem")
      .map((c) => c.getAttribute("aria-label"));
    expect(names).toEqual(["nginx:alpine", "busybox:latest", expect.stringMatching(/^<none>@/)]);
    expect(screen.getByRole("banner")).toHaveTextContent("3 images");
    expect(screen.getByRole("banner")).toHaveTextContent("docker.sock · Engine 27.5.1");
  });

  it("explains an empty engine and what to do next", async () => {
    render(App, { props: { api: new FakeApi([]) } });
    expect(await screen.findByRole("heading", { name: "No images yet" })).toBeInTheDocument();
    expect(screen.getByText(/docker pull hello-world/)).toBeInTheDocument();
    expect(screen.getByRole("banner")).toHaveTextContent("0 images");
  });

  it("shows the unreachable state naming the address, with a hint and Retry", async () => {
    const api = new FakeApi([fakeImage({ tags: ["alpine:3.20"] })]);
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "Connection refused (os error 111)",
      cause: "Refused",
    };
    render(App, { props: { api } });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Docker is not running");
    expect(alert).toHaveTextContent("unix:///var/run/docker.sock");
    expect(alert).toHaveTextContent("sudo systemctl start docker"); // jsdom reports Linux

    api.failWith = null;
    await userEvent.click(within(alert).getByRole("button", { name: "Retry" }));
    expect(await screen.findByRole("listitem", { name: "alpine:3.20" })).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("tells a computer without Docker to install it, and asks again at each Retry", async () => {
    const api = new FakeApi([fakeImage({ tags: ["alpine:3.20"] })]);
    api.software = [];
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "No such file or directory (os error 2)",
      cause: "NoSocket",
    };
    render(App, { props: { api } });
    const alert = await screen.findByRole("alert");
    await waitFor(() => expect(alert).toHaveTextContent("Imagen found no Docker on this computer"));
    expect(alert).toHaveTextContent("sudo apt install docker.io");
    expect(alert).not.toHaveTextContent("systemctl start docker");
    // The engine list says so too, beside the standard address. (The fake's failWith would
    // refuse the list, which the real app reads from docker's configuration, engine or not.)
    const fail = api.failWith;
    api.failWith = null;
    api.engines.choices = [
      fakeChoice("socket:unix:///var/run/docker.sock", "Standard socket", {
        socket: "Standard",
        dockerDefault: true,
        answer: { kind: "Silent", error: fail! },
      }),
    ];
    await userEvent.click(screen.getByRole("button", { name: /No engine/ }));
    const list = await screen.findByRole("dialog");
    expect(await within(list).findByText("Not installed")).toBeInTheDocument();
    await userEvent.keyboard("{Escape}");
    api.failWith = fail;

    // Installed meanwhile, not started yet: Retry says how to start it.
    api.software = ["DockerEngine", "DockerCli"];
    const asked = api.calls.filter((c) => c === "engineSoftware").length;
    await userEvent.click(within(alert).getByRole("button", { name: "Retry" }));
    await waitFor(() =>
      expect(screen.getByRole("alert")).toHaveTextContent("Docker is not running"),
    );
    expect(screen.getByRole("alert")).toHaveTextContent("sudo systemctl start docker");
    expect(api.calls.filter((c) => c === "engineSoftware").length).toBeGreaterThan(asked);
  });

  it("keeps the focus on Retry while it reconnects, then gives it to the grid", async () => {
    const api = new FakeApi([fakeImage({ tags: ["alpine:3.20"] })]);
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "Connection refused (os error 111)",
      cause: "Refused",
    };
    render(App, { props: { api } });
    const alert = await screen.findByRole("alert");
    const retry = within(alert).getByRole("button", { name: "Retry" });
    api.failWith = null;
    const gate = deferred();
    api.gate = gate.promise;
    await userEvent.click(retry);
    // The page stays while the engine is asked, its button busy and still focused.
    expect(retry).toHaveAccessibleName("Connecting…");
    expect(retry).toHaveAttribute("aria-disabled", "true");
    expect(retry).toHaveFocus();
    gate.open();
    await screen.findByRole("listitem", { name: "alpine:3.20" });
    await waitFor(() => expect(screen.getByRole("list", { name: "Images" })).toHaveFocus());
  });

  it("gives the focus to Pull when Retry finds an engine with no images (no grid to focus)", async () => {
    const api = new FakeApi([]);
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "Connection refused (os error 111)",
      cause: "Refused",
    };
    render(App, { props: { api } });
    const alert = await screen.findByRole("alert");
    api.failWith = null;
    await userEvent.click(within(alert).getByRole("button", { name: "Retry" }));
    expect(await screen.findByRole("heading", { name: "No images yet" })).toBeInTheDocument();
    await waitFor(() =>
      expect(
        within(screen.getByRole("banner")).getByRole("button", { name: "Pull…" }),
      ).toHaveFocus(),
    );
  });

  it("keeps the focus on Retry when the engine still fails, in whatever form", async () => {
    const api = new FakeApi([fakeImage({ tags: ["alpine:3.20"] })]);
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "Connection refused (os error 111)",
      cause: "Refused",
    };
    render(App, { props: { api } });
    const first = within(await screen.findByRole("alert")).getByRole("button", { name: "Retry" });
    const asked = () => api.calls.filter((c) => c === "listImages").length;
    await userEvent.click(first);
    await waitFor(() => expect(asked()).toBe(2));
    await waitFor(() => expect(first).toHaveAttribute("aria-disabled", "false"));
    expect(first).toHaveFocus();
    // Another kind of error: another panel, another Retry button.
    api.failWith = { kind: "EngineRejected", status: 500, message: "layer store is corrupt" };
    await userEvent.click(first);
    const alert = await screen.findByText(/layer store is corrupt/);
    await waitFor(() =>
      expect(
        within(alert.closest("section")!).getByRole("button", { name: "Retry" }),
      ).toHaveFocus(),
    );
  });

  it("says when the engine is too slow", async () => {
    const api = new FakeApi();
    api.failWith = { kind: "EngineTimeout", address: "tcp://10.0.0.5:2375", seconds: 10 };
    render(App, { props: { api } });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The engine on 10.0.0.5 is not answering");
    expect(alert).toHaveTextContent("10 seconds");
  });

  it("shows other errors with the engine's message", async () => {
    const api = new FakeApi();
    api.failWith = { kind: "EngineRejected", status: 500, message: "layer store is corrupt" };
    render(App, { props: { api } });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("refused the request (500)");
    expect(alert).toHaveTextContent("layer store is corrupt");
    expect(within(alert).getByRole("button", { name: "Retry" })).toBeEnabled();
  });

  it("switches to the unreachable state when the engine vanishes, and back", async () => {
    const api = new FakeApi([fakeImage({ tags: ["redis:7"] })]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "redis:7" });
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///x.sock",
      reason: "gone",
      cause: "Refused",
    };
    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("unix:///x.sock");
    api.failWith = null;
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(await screen.findByRole("listitem", { name: "redis:7" })).toBeInTheDocument();
  });

  it("refreshes with the Refresh button and when the window regains focus", async () => {
    const api = new FakeApi([fakeImage({ tags: ["a:1"] })]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "a:1" });

    api.images = [...api.images, fakeImage({ tags: ["b:2"] })];
    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    expect(await screen.findByRole("listitem", { name: "b:2" })).toBeInTheDocument();

    api.images = [...api.images, fakeImage({ tags: ["c:3"] })];
    window.dispatchEvent(new Event("focus"));
    expect(await screen.findByRole("listitem", { name: "c:3" })).toBeInTheDocument();
  });

  it("offers to follow docker when a terminal moved it to another engine", async () => {
    const api = new FakeApi([fakeImage({ tags: ["a:1"] })]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "a:1" });
    expect(screen.queryByText(/In a terminal, docker now uses/)).toBeNull();

    // `docker context use colima` in a terminal; the user comes back to the window.
    const colima = {
      id: "context:colima",
      label: "colima",
      socket: null,
      address: "unix:///home/ana/.colima/default/docker.sock",
    };
    api.elsewhere = colima;
    window.dispatchEvent(new Event("focus"));
    expect(
      await screen.findByText(
        "In a terminal, docker now uses colima, and Imagen is still on docker.sock: what you pull or build there will not show here.",
      ),
    ).toBeInTheDocument();
    // Not now: not offered again for that engine (a reconnect in Automatic follows docker
    // all the same, so the button promises no more than that).
    await userEvent.click(screen.getByRole("button", { name: "Not now" }));
    expect(screen.queryByText(/In a terminal, docker now uses/)).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    await waitFor(() => expect(api.calls.filter((c) => c === "dockerElsewhere").length).toBe(3));
    expect(screen.queryByText(/In a terminal, docker now uses/)).toBeNull();
    // docker comes back to Imagen's engine, then moves to colima again: offered again.
    api.elsewhere = null;
    window.dispatchEvent(new Event("focus"));
    await waitFor(() => expect(api.calls.filter((c) => c === "dockerElsewhere").length).toBe(4));
    api.elsewhere = colima;
    window.dispatchEvent(new Event("focus"));
    expect(await screen.findByRole("button", { name: "Use colima too" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Not now" }));

    // docker moves on again: offered, and followed.
    api.elsewhere = { ...colima, id: "context:other", label: "other", address: "tcp://o:2376" };
    window.dispatchEvent(new Event("focus"));
    await userEvent.click(await screen.findByRole("button", { name: "Use other too" }));
    await waitFor(() => expect(api.calls).toContain("chooseEngine"));
    await waitFor(() => expect(screen.queryByText(/In a terminal, docker now uses/)).toBeNull());
  });

  it("never leaves a promise-rejection as raw text: non-Imagen errors become Internal", async () => {
    const api = new FakeApi();
    api.listImages = () => Promise.reject(new TypeError("invoke is not a function"));
    render(App, { props: { api } });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("internal error");
    expect(alert).toHaveTextContent("invoke is not a function");
  });
});

// The removal dialog is someone else's: record what App hands it, and drive `ondone` directly,
// so these tests hold for any dialog honouring the props.
const dialogs = vi.hoisted(
  () =>
    [] as {
      selection: Selection;
      onclose: () => void;
      ondone: (report: RemovalReport) => void;
    }[],
);
vi.mock("../removal/RemovalDialog.svelte", async (importOriginal) => {
  const real = await importOriginal<{ default: (...args: unknown[]) => unknown }>();
  return {
    default: (anchor: unknown, props: (typeof dialogs)[number]) => {
      dialogs.push({
        selection: structuredClone(props.selection),
        onclose: () => props.onclose(),
        ondone: (r) => props.ondone(r),
      });
      return real.default(anchor, props);
    },
  };
});

const MB = 1_000_000;
function selectionSetup() {
  dialogs.length = 0;
  const imgs = [
    fakeImage({ tags: ["nginx:alpine"], created: 50, size: 100 * MB }),
    fakeImage({ tags: ["redis:7"], created: 40, size: 200 * MB }),
    fakeImage({ tags: ["nginx:1.27"], created: 30, size: 212 * MB }),
    fakeImage({ tags: ["busybox:latest"], created: 20, size: 5 * MB }),
  ];
  const api = new FakeApi(imgs);
  render(App, { props: { api } });
  const user = userEvent.setup();
  return { api, imgs, user };
}
const box = (name: string) => screen.getByRole("checkbox", { name: `Select ${name}` });
const bar = () => screen.queryByRole("region", { name: "Selection" });
const lastDialog = () => dialogs.at(-1);

describe("Selecting images", () => {
  beforeEach(() => localStorage.clear());

  it("ticks a card without opening the inspector, and shows the selection bar", async () => {
    const { user } = selectionSetup();
    await screen.findByRole("listitem", { name: "redis:7" });
    expect(bar()).not.toBeInTheDocument();
    await user.click(box("redis:7"));
    expect(box("redis:7")).toBeChecked();
    expect(screen.getByRole("listitem", { name: "redis:7" })).toHaveClass("checked");
    expect(screen.queryByRole("complementary", { name: /Inspector/ })).not.toBeInTheDocument();
    expect(bar()).toHaveTextContent("1 selected · 200MB");
  });

  it("selects a Shift-click range in the order shown, with count and size", async () => {
    const { user } = selectionSetup();
    await screen.findByRole("listitem", { name: "redis:7" });
    await user.click(box("nginx:alpine"));
    await user.keyboard("{Shift>}");
    await user.click(box("nginx:1.27"));
    await user.keyboard("{/Shift}");
    expect(box("redis:7")).toBeChecked();
    expect(box("busybox:latest")).not.toBeChecked();
    expect(bar()).toHaveTextContent("3 selected · 512MB");
  });

  it("selects all shown with Ctrl+A, respecting the filter, and clears with Escape", async () => {
    const { user } = selectionSetup();
    await screen.findByRole("listitem", { name: "redis:7" });
    await user.type(screen.getByRole("searchbox", { name: "Filter images" }), "nginx");
    await waitFor(() => expect(screen.getAllByRole("listitem")).toHaveLength(2));
    // Inside the filter field Ctrl+A is the field's own.
    await user.keyboard("{Control>}a{/Control}");
    expect(bar()).not.toBeInTheDocument();

    screen.getByRole("button", { name: "Inspect nginx:alpine" }).focus();
    await user.keyboard("{Control>}a{/Control}");
    expect(bar()).toHaveTextContent("2 selected · 312MB");
    expect(box("nginx:alpine")).toBeChecked();
    expect(box("nginx:1.27")).toBeChecked();

    await user.keyboard("{Escape}");
    expect(bar()).not.toBeInTheDocument();
    expect(box("nginx:alpine")).not.toBeChecked();
  });

  it("leaves the selection alone for keys pressed outside the list", async () => {
    const { user } = selectionSetup();
    await screen.findByRole("listitem", { name: "redis:7" });
    await user.click(box("redis:7"));
    await user.click(screen.getByRole("button", { name: /^Terminal/ }));
    const close = await screen.findByRole("button", { name: "Close the terminal record" });
    close.focus();
    // Delete there opens no removal of images the user is not looking at.
    await user.keyboard("{Delete}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    // Escape in the panel closes the panel, and only the panel.
    await user.keyboard("{Escape}");
    await waitFor(() =>
      expect(screen.queryByRole("button", { name: "Close the terminal record" })).toBeNull(),
    );
    expect(bar()).toHaveTextContent("1 selected");
  });

  it("says when the filter hides selected images", async () => {
    const { user } = selectionSetup();
    await screen.findByRole("listitem", { name: "redis:7" });
    await user.click(box("redis:7"));
    await user.click(box("nginx:alpine"));
    await user.type(screen.getByRole("searchbox", { name: "Filter images" }), "nginx");
    await waitFor(() => expect(bar()).toHaveTextContent("(1 hidden by the filter)"));
    expect(bar()).toHaveTextContent("2 selected · 300MB");
  });

  it("keeps selected images the filter hides when all shown are selected", async () => {
    const { user } = selectionSetup();
    await screen.findByRole("listitem", { name: "redis:7" });
    await user.click(box("redis:7"));
    await user.type(screen.getByRole("searchbox", { name: "Filter images" }), "nginx");
    await waitFor(() => expect(bar()).toHaveTextContent("(1 hidden by the filter)"));
    await user.click(screen.getByRole("button", { name: "Select all 2 shown" }));
    expect(bar()).toHaveTextContent("3 selected");
    expect(bar()).toHaveTextContent("(1 hidden by the filter)");
    await user.clear(screen.getByRole("searchbox", { name: "Filter images" }));
    await waitFor(() => expect(box("redis:7")).toBeChecked());
  });

  it("forgets selected images that are gone after a refresh", async () => {
    const { api, user } = selectionSetup();
    await screen.findByRole("listitem", { name: "redis:7" });
    await user.click(box("redis:7"));
    await user.click(box("busybox:latest"));
    expect(bar()).toHaveTextContent("2 selected");
    api.images = api.images.filter((i) => displayName(i) !== "redis:7");
    await user.click(screen.getByRole("button", { name: "Refresh" }));
    await waitFor(() => expect(bar()).toHaveTextContent("1 selected · 5MB"));
  });

  it("clears from the bar", async () => {
    const { user } = selectionSetup();
    await screen.findByRole("listitem", { name: "redis:7" });
    await user.click(box("redis:7"));
    await user.click(within(bar()!).getByRole("button", { name: "Clear" }));
    expect(bar()).not.toBeInTheDocument();
    expect(box("redis:7")).not.toBeChecked();
    // The bar and its Clear button are gone: the focus goes to the grid, not to the page.
    expect(screen.getByRole("list", { name: "Images" })).toHaveFocus();
  });
});

describe("Filtering", () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => localStorage.clear());

  it("gives the focus to the field after Clear the filter, which goes with the cards back", async () => {
    const { user } = selectionSetup();
    await screen.findByRole("listitem", { name: "redis:7" });
    const field = screen.getByRole("searchbox", { name: "Filter images" });
    await user.type(field, "postgres");
    const clear = await screen.findByRole("button", { name: "Clear the filter" });
    await user.click(clear);
    expect(field).toHaveValue("");
    expect(screen.getAllByRole("listitem")).toHaveLength(4);
    expect(clear).not.toBeInTheDocument();
    expect(field).toHaveFocus();
  });
});

/** Pulls `reference` through the Pull dialog, then has the engine list `image` and the pull
 * finish with it. */
async function pullThrough(api: FakeApi, reference: string, image: ImageSummary) {
  await userEvent.click(screen.getByRole("button", { name: "Pull…" }));
  const dialog = screen.getByRole("dialog", { name: "Pull an image" });
  await userEvent.type(within(dialog).getByLabelText("Image"), reference);
  const pull = within(dialog).getByRole("button", { name: "Pull" });
  await waitFor(() => expect(pull).toBeEnabled());
  await userEvent.click(pull);
  await userEvent.click(screen.getByRole("button", { name: "Close (keeps pulling)" }));
  api.images = [...api.images, image];
  api.onlyPull().settle({
    kind: "Downloaded",
    reference: `${reference}:latest`,
    imageId: image.id,
    replaced: null,
    newTag: true,
  });
}

describe("An image pulled while the filter hides it", () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => localStorage.clear());

  it("is named in a notice, with Clear the filter, which shows its card", async () => {
    // `nginx`, saved yesterday; a first-timer pulls hello-world today.
    localStorage.setItem("imagen.query", "nginx");
    const api = new FakeApi([
      fakeImage({ tags: ["nginx:alpine"] }),
      fakeImage({ tags: ["redis:7"] }),
    ]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "nginx:alpine" });
    const notice = document.querySelector<HTMLElement>(".pulled-hidden")!;
    expect(notice).toHaveAttribute("role", "status");
    expect(notice.textContent!.trim()).toBe("");
    await pullThrough(api, "hello-world", fakeImage({ tags: ["hello-world:latest"] }));
    await waitFor(() =>
      expect(notice).toHaveTextContent("hello-world:latest was pulled; the filter hides it."),
    );
    expect(screen.queryByRole("listitem", { name: "hello-world:latest" })).not.toBeInTheDocument();
    await userEvent.click(within(notice).getByRole("button", { name: "Clear the filter" }));
    expect(screen.getByRole("searchbox", { name: "Filter images" })).toHaveValue("");
    expect(screen.getByRole("listitem", { name: "hello-world:latest" })).toBeInTheDocument();
    expect(notice.textContent!.trim()).toBe("");
    // A filter that hides it again later says nothing: the notice was about the pull.
    await userEvent.type(screen.getByRole("searchbox", { name: "Filter images" }), "nginx");
    expect(notice.textContent!.trim()).toBe("");
  });

  it("is not said on an engine the user switched to while the pull was being shown", async () => {
    localStorage.setItem("imagen.query", "nginx");
    const api = new FakeApi([fakeImage({ tags: ["nginx:alpine"] })]);
    const hello = fakeImage({ tags: ["hello-world:latest"] });
    // Colima has the same image (IDs are content digests).
    api.engines.choices.push(
      fakeChoice("context:colima", "colima", {
        address: "unix:///Users/ana/.colima/default/docker.sock",
      }),
    );
    api.otherEngines.set("context:colima", {
      engine: {
        ...api.engine,
        address: "unix:///Users/ana/.colima/default/docker.sock",
        name: "colima",
      },
      images: [fakeImage({ tags: ["nginx:1"] }), hello],
    });
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "nginx:alpine" });
    // The list read that shows the pulled image waits...
    const listImages = api.listImages.bind(api);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holdNext = true;
    api.listImages = async () => {
      if (holdNext) {
        holdNext = false;
        await held;
      }
      return listImages();
    };
    await pullThrough(api, "hello-world", hello);
    await waitFor(() => expect(holdNext).toBe(false));
    // ...and meanwhile the user switches to Colima.
    await userEvent.click(screen.getByRole("button", { name: /Engine 27\.5\.1/ }));
    const dialog = await screen.findByRole("dialog", { name: "Engine" });
    await userEvent.click(await within(dialog).findByRole("button", { name: /colima/ }));
    await screen.findByRole("listitem", { name: "nginx:1" });
    release();
    await new Promise((done) => setTimeout(done, 50));
    // Nothing was pulled on Colima.
    expect(document.querySelector(".pulled-hidden")!.textContent!.trim()).toBe("");
  });

  it("says nothing when the filter shows it, and goes once the filter does", async () => {
    localStorage.setItem("imagen.query", "nginx");
    const api = new FakeApi([fakeImage({ tags: ["nginx:alpine"] })]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "nginx:alpine" });
    const notice = document.querySelector<HTMLElement>(".pulled-hidden")!;
    await pullThrough(api, "nginx", fakeImage({ tags: ["nginx:latest"] }));
    expect(await screen.findByRole("listitem", { name: "nginx:latest" })).toBeInTheDocument();
    expect(notice.textContent!.trim()).toBe("");

    await pullThrough(api, "alpine", fakeImage({ tags: ["alpine:latest"] }));
    await waitFor(() => expect(notice).toHaveTextContent("alpine:latest was pulled"));
    const field = screen.getByRole("searchbox", { name: "Filter images" });
    await userEvent.clear(field);
    await userEvent.type(field, "alpine");
    expect(notice.textContent!.trim()).toBe("");
  });

  it("says it in Spanish", async () => {
    localStorage.setItem("imagen.query", "nginx");
    const api = new FakeApi([fakeImage({ tags: ["nginx:alpine"] })]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "nginx:alpine" });
    const notice = document.querySelector<HTMLElement>(".pulled-hidden")!;
    await pullThrough(api, "hello-world", fakeImage({ tags: ["hello-world:latest"] }));
    await waitFor(() => expect(notice).toHaveTextContent("hello-world:latest was pulled"));
    try {
      setLocale("es", null);
      await waitFor(() =>
        expect(notice).toHaveTextContent("Se descargó hello-world:latest; el filtro la oculta."),
      );
      expect(within(notice).getByRole("button", { name: "Quitar el filtro" })).toBeInTheDocument();
    } finally {
      setLocale("en", null);
    }
  });
});

describe("The no-match message", () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => localStorage.clear());

  it("wraps a long filter rather than running past the pane", async () => {
    localStorage.setItem("imagen.query", "x".repeat(300));
    render(App, { props: { api: new FakeApi([fakeImage({ tags: ["nginx:alpine"] })]) } });
    const message = await screen.findByText(/No image matches/);
    const box = message.closest<HTMLElement>(".no-match")!;
    const removeStyles = addStyles(box, "App.svelte");
    try {
      expect(getComputedStyle(box).overflowWrap).toBe("anywhere");
    } finally {
      removeStyles();
    }
  });
});

/** Puts `file`'s own styles in the page (jsdom gets none from the build), scoped with the
 * class the rendered `element` carries, so `getComputedStyle` reads what a web view does. */
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

describe("Removing images", () => {
  beforeEach(() => localStorage.clear());

  it("opens the dialog for one card from its Remove button, not the inspector", async () => {
    const { imgs, user } = selectionSetup();
    await user.click(await screen.findByRole("button", { name: "Remove redis:7" }));
    expect(await screen.findByRole("dialog")).toBeInTheDocument();
    expect(lastDialog()?.selection).toEqual({ images: [imgs[1]!.id], tags: [] });
    expect(screen.queryByRole("complementary", { name: /Inspector/ })).not.toBeInTheDocument();
  });

  it("reads the engine again on F5 or Ctrl+R instead of reloading the page, even in a dialog", async () => {
    const { api, user } = selectionSetup();
    await screen.findByRole("button", { name: "Inspect redis:7" });
    const listed = () => api.calls.filter((c) => c === "listImages").length;
    const before = listed();
    for (const keys of ["{F5}", "{Control>}r{/Control}", "{Meta>}r{/Meta}"]) {
      const seen: boolean[] = [];
      const note = (e: KeyboardEvent) => seen.push(e.defaultPrevented);
      window.addEventListener("keydown", note);
      await user.keyboard(keys);
      window.removeEventListener("keydown", note);
      expect(seen.some(Boolean), keys).toBe(true);
    }
    await waitFor(() => expect(listed()).toBeGreaterThan(before));
    // In a dialog, too: the key does nothing rather than reload under it.
    await user.click(await screen.findByRole("button", { name: "Remove redis:7" }));
    const dialog = await screen.findByRole("dialog");
    const seen: boolean[] = [];
    const note = (e: KeyboardEvent) => seen.push(e.defaultPrevented);
    window.addEventListener("keydown", note);
    await user.keyboard("{F5}");
    window.removeEventListener("keydown", note);
    expect(seen).toEqual([true]);
    expect(dialog).toBeInTheDocument();
  });

  it("keeps the web view's menu (with its Reload) off the page, but not off text or fields", async () => {
    selectionSetup();
    const card = await screen.findByRole("button", { name: "Inspect redis:7" });
    const menu = (target: Element) =>
      target.dispatchEvent(new MouseEvent("contextmenu", { bubbles: true, cancelable: true }));
    window.getSelection()?.removeAllRanges();
    expect(menu(card)).toBe(false);
    expect(menu(document.body)).toBe(false);
    // In the filter field: Paste and friends.
    expect(menu(screen.getByRole("searchbox"))).toBe(true);
    // On selected text: Copy.
    const range = document.createRange();
    range.selectNodeContents(card);
    window.getSelection()?.addRange(range);
    expect(menu(card)).toBe(true);
    window.getSelection()?.removeAllRanges();
  });

  it("opens the dialog for the focused card with the Delete key", async () => {
    const { imgs, user } = selectionSetup();
    (await screen.findByRole("button", { name: "Inspect nginx:1.27" })).focus();
    await user.keyboard("{Delete}");
    expect(await screen.findByRole("dialog")).toBeInTheDocument();
    expect(lastDialog()?.selection).toEqual({ images: [imgs[2]!.id], tags: [] });
  });

  it("opens the dialog for the selection with Delete or Backspace, in the list's order", async () => {
    const { imgs, user } = selectionSetup();
    await screen.findByRole("listitem", { name: "redis:7" });
    await user.click(box("busybox:latest"));
    await user.click(box("nginx:alpine"));
    await user.keyboard("{Delete}");
    expect(await screen.findByRole("dialog")).toBeInTheDocument();
    expect(lastDialog()?.selection).toEqual({ images: [imgs[0]!.id, imgs[3]!.id], tags: [] });

    lastDialog()!.onclose();
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    // Closing without removing keeps the selection.
    expect(bar()).toHaveTextContent("2 selected");
    await user.keyboard("{Backspace}");
    expect(await screen.findByRole("dialog")).toBeInTheDocument();
    expect(dialogs).toHaveLength(2);
  });

  it("opens the dialog from the selection bar, and Escape there does not clear it", async () => {
    const { imgs, user } = selectionSetup();
    await screen.findByRole("listitem", { name: "redis:7" });
    await user.click(box("redis:7"));
    await user.click(within(bar()!).getByRole("button", { name: "Remove…" }));
    expect(await screen.findByRole("dialog")).toBeInTheDocument();
    expect(lastDialog()?.selection).toEqual({ images: [imgs[1]!.id], tags: [] });
    // A key in the open dialog is the dialog's business.
    await user.keyboard("{Delete}");
    expect(dialogs).toHaveLength(1);
    await user.keyboard("{Escape}");
    expect(bar()).toHaveTextContent("1 selected");
  });

  it("offers to select all shown from the bar", async () => {
    const { user } = selectionSetup();
    await screen.findByRole("listitem", { name: "redis:7" });
    await user.click(box("redis:7"));
    await user.click(within(bar()!).getByRole("button", { name: "Select all 4 shown" }));
    expect(bar()).toHaveTextContent("4 selected · 517MB");
    expect(within(bar()!).queryByRole("button", { name: /Select all/ })).not.toBeInTheDocument();
  });

  it("gives the focus to Remove… once Select all, which had it, goes", async () => {
    const { user } = selectionSetup();
    await screen.findByRole("listitem", { name: "redis:7" });
    await user.click(box("redis:7"));
    within(bar()!).getByRole("button", { name: "Select all 4 shown" }).focus();
    await user.keyboard("{Enter}");
    expect(bar()).toHaveTextContent("4 selected");
    expect(within(bar()!).getByRole("button", { name: "Remove…" })).toHaveFocus();
  });

  it("does nothing on Delete with no selection and no card focused", async () => {
    const { user } = selectionSetup();
    await screen.findByRole("listitem", { name: "redis:7" });
    await user.keyboard("{Delete}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("after a removal: refreshes the list, clears the selection, closes a gone image's inspector", async () => {
    const { api, imgs, user } = selectionSetup();
    await user.click(await screen.findByRole("button", { name: "Inspect redis:7" }));
    await screen.findByRole("complementary", { name: "Inspector: redis:7" });
    await user.click(box("redis:7"));
    await user.click(box("busybox:latest"));
    await user.click(within(bar()!).getByRole("button", { name: "Remove…" }));
    await screen.findByRole("dialog");

    const listed = api.calls.filter((c) => c === "listImages").length;
    api.images = api.images.filter((i) => i.id !== imgs[1]!.id && i.id !== imgs[3]!.id);
    lastDialog()!.ondone({
      stepsRun: 2,
      untagged: ["redis:7", "busybox:latest"],
      deleted: [imgs[1]!.id, imgs[3]!.id],
      failed: null,
      cancelled: false,
    });
    await waitFor(() =>
      expect(screen.queryByRole("listitem", { name: "redis:7" })).not.toBeInTheDocument(),
    );
    expect(api.calls.filter((c) => c === "listImages").length).toBeGreaterThan(listed);
    expect(screen.queryByRole("listitem", { name: "busybox:latest" })).not.toBeInTheDocument();
    expect(bar()).not.toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole("complementary", { name: /Inspector/ })).not.toBeInTheDocument(),
    );
  });

  it("gives the focus to the grid when the card that opened the dialog is gone", async () => {
    const { api, imgs, user } = selectionSetup();
    await user.click(await screen.findByRole("button", { name: "Remove redis:7" }));
    const dialog = await screen.findByRole("dialog");
    api.images = api.images.filter((i) => i.id !== imgs[1]!.id);
    lastDialog()!.ondone({
      stepsRun: 1,
      untagged: ["redis:7"],
      deleted: [imgs[1]!.id],
      failed: null,
      cancelled: false,
    });
    await waitFor(() =>
      expect(screen.queryByRole("listitem", { name: "redis:7" })).not.toBeInTheDocument(),
    );
    expect(dialog).toBeInTheDocument();
    lastDialog()!.onclose();
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(screen.getByRole("list", { name: "Images" })).toHaveFocus();
  });

  it("keeps the inspector of an image that survived a removal", async () => {
    const { api, imgs, user } = selectionSetup();
    await user.click(await screen.findByRole("button", { name: "Inspect nginx:alpine" }));
    await screen.findByRole("complementary", { name: "Inspector: nginx:alpine" });
    await user.click(await screen.findByRole("button", { name: "Remove redis:7" }));
    await screen.findByRole("dialog");
    api.images = api.images.filter((i) => i.id !== imgs[1]!.id);
    lastDialog()!.ondone({
      stepsRun: 1,
      untagged: [],
      deleted: [imgs[1]!.id],
      failed: null,
      cancelled: false,
    });
    await waitFor(() =>
      expect(screen.queryByRole("listitem", { name: "redis:7" })).not.toBeInTheDocument(),
    );
    expect(
      await screen.findByRole("complementary", { name: "Inspector: nginx:alpine" }),
    ).toBeInTheDocument();
  });
});

describe("Removing a tag", () => {
  it("re-inspects an image that lost a tag", async () => {
    dialogs.length = 0;
    const nginx = fakeImage({ tags: ["nginx:alpine", "nginx:old"] });
    const api = new FakeApi([nginx]);
    render(App, { props: { api } });
    await userEvent.click(await screen.findByRole("button", { name: "Inspect nginx:alpine" }));
    const panel = await screen.findByRole("complementary", { name: "Inspector: nginx:alpine" });
    await userEvent.click(
      await within(panel).findByRole("button", { name: "Remove tag nginx:old" }),
    );
    expect(lastDialog()?.selection).toEqual({
      images: [],
      tags: [{ reference: "nginx:old", image: nginx.id }],
    });
    const inspected = api.calls.filter((c) => c === "inspectImage").length;
    api.images = [{ ...nginx, tags: ["nginx:alpine"] }];
    lastDialog()!.ondone({
      stepsRun: 1,
      untagged: ["nginx:old"],
      deleted: [],
      failed: null,
      cancelled: false,
    });
    await waitFor(() =>
      expect(api.calls.filter((c) => c === "inspectImage").length).toBe(inspected + 1),
    );
    const again = await screen.findByRole("complementary", { name: "Inspector: nginx:alpine" });
    await waitFor(() =>
      expect(within(again).queryByRole("button", { name: "Remove tag nginx:old" })).toBeNull(),
    );
  });
});

describe("Files dropped on the window", () => {
  it("open the Load dialog, but not over another open dialog", async () => {
    const api = new FakeApi([fakeImage({ tags: ["a:1"] })]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "a:1" });
    await userEvent.click(screen.getByRole("button", { name: "About" }));
    const about = await screen.findByRole("dialog", { name: "About Imagen" });
    api.workshop.drop(["kit.tar"]);
    expect(
      await screen.findByText(/kit\.tar was not loaded: another window is open/),
    ).toBeVisible();
    expect(screen.getAllByRole("dialog")).toEqual([about]);
    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    api.workshop.drop(["kit.tar"]);
    const load = await screen.findByRole("dialog", { name: "Load images from a file" });
    // The Load dialog, idle, takes the next file dropped (the .tar after a folder).
    api.workshop.drop(["other.tar"]);
    await waitFor(() => expect(load).toHaveTextContent("other.tar"));
    expect(screen.queryByText(/was not loaded: another window is open/)).not.toBeInTheDocument();
    expect(screen.getAllByRole("dialog")).toEqual([load]);
  });
});

describe("Live updates (engine signals)", () => {
  const lost = { kind: "Lost", address: "unix:///var/run/docker.sock", reason: "gone" } as const;
  const changed = { kind: "Changed", images: true, containers: false } as const;
  const listed = (api: FakeApi) => api.calls.filter((c) => c === "listImages").length;
  const settle = () => new Promise((r) => setTimeout(r, 10));

  it("subscribes once at mount and lets go on unmount", async () => {
    const api = new FakeApi([fakeImage({ tags: ["a:1"] })]);
    const { unmount } = render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "a:1" });
    expect(api.signalHandlers.size).toBe(1);
    unmount();
    expect(api.signalHandlers.size).toBe(0);
  });

  it("shows a change made elsewhere at once, quietly: no skeleton, no busy Refresh", async () => {
    const api = new FakeApi([fakeImage({ tags: ["a:1"] })]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "a:1" });
    const before = listed(api);
    let open!: () => void;
    api.gate = new Promise<void>((r) => (open = r));
    api.images = [...api.images, fakeImage({ tags: ["nginx:latest"] })]; // `docker pull nginx`
    api.signal(changed);
    await settle();
    expect(listed(api)).toBe(before + 1);
    // While it loads, the list stays as it was and nothing says "loading".
    expect(screen.queryByRole("status", { name: "Loading images" })).not.toBeInTheDocument();
    expect(screen.getByRole("listitem", { name: "a:1" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Refresh" })).toBeEnabled();
    open();
    expect(await screen.findByRole("listitem", { name: "nginx:latest" })).toBeInTheDocument();
  });

  it("does not start a refresh while one runs: events during it add exactly one more", async () => {
    const api = new FakeApi([fakeImage({ tags: ["a:1"] })]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "a:1" });
    const before = listed(api);
    let open!: () => void;
    api.gate = new Promise<void>((r) => (open = r));
    api.signal(changed);
    api.signal(changed);
    api.signal({ kind: "Changed", images: false, containers: true });
    window.dispatchEvent(new Event("focus"));
    await settle();
    expect(listed(api)).toBe(before + 1);
    api.images = [...api.images, fakeImage({ tags: ["b:2"] })];
    open();
    // The one more sees what changed after the first had read the list.
    expect(await screen.findByRole("listitem", { name: "b:2" })).toBeInTheDocument();
    await settle();
    expect(listed(api)).toBe(before + 2);
  });

  it("says why the engine is away, with the problem page's help, once a Refresh is refused", async () => {
    const api = new FakeApi([fakeImage({ tags: ["a:1"] })]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "a:1" });
    // Docker Desktop quit: the backend says it lost the engine; the list stays, stale.
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///Users/ana/.docker/run/docker.sock",
      reason: "No such file or directory (os error 2)",
      cause: "NoSocket",
    };
    api.signal(lost);
    await screen.findByText(/the engine is not answering/);
    // Nothing asked yet: only the stale mark, no guess at why.
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    const help = await screen.findByRole("alert");
    expect(help).toHaveTextContent("unix:///Users/ana/.docker/run/docker.sock");
    expect(help).toHaveTextContent(/Docker Desktop/);
    // The list is still there under it.
    expect(screen.getByRole("listitem", { name: "a:1" })).toBeInTheDocument();
    // The engine back: the help goes with the stale mark.
    api.failWith = null;
    api.signal({ kind: "Recovered" });
    await waitFor(() => expect(screen.queryByRole("alert")).not.toBeInTheDocument());
    expect(screen.queryByText(/the engine is not answering/)).not.toBeInTheDocument();
  });

  it("says live updates are off while the engine refuses its event stream, until it opens", async () => {
    const api = new FakeApi([fakeImage({ tags: ["a:1"] })]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "a:1" });
    const before = listed(api);
    api.signal({ kind: "EventsRefused", status: 403, message: "" });
    const banner = await screen.findByText(/^Live updates are off/);
    expect(banner).toHaveTextContent(
      "Live updates are off: this engine refuses to send its events (HTTP 403). Changes made elsewhere, in a terminal for instance, show when you press Refresh or come back to this window.",
    );
    expect(banner).toHaveAttribute("role", "status");
    // The list on screen is current: the refusal alone reads nothing again.
    await settle();
    expect(listed(api)).toBe(before);
    // A change in a terminal, then the window regains focus: it shows, the mark stays.
    api.images = [...api.images, fakeImage({ tags: ["b:2"] })];
    window.dispatchEvent(new Event("focus"));
    expect(await screen.findByRole("listitem", { name: "b:2" })).toBeInTheDocument();
    expect(screen.getByText(/^Live updates are off/)).toBeInTheDocument();
    // The proxy lets the stream through after all.
    api.signal({ kind: "Recovered" });
    await waitFor(() =>
      expect(screen.queryByText(/^Live updates are off/)).not.toBeInTheDocument(),
    );
  });

  it("quotes a refusal's own words, and lists again when the engine comes back refusing", async () => {
    const api = new FakeApi([fakeImage({ tags: ["a:1"] }), fakeImage({ tags: ["b:2"] })]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "a:1" });
    api.failWith = {
      kind: "EngineUnreachable",
      address: lost.address,
      reason: "Connection refused (os error 111)",
      cause: "Refused",
    };
    api.signal(lost);
    await screen.findByText(/the engine is not answering/);
    // Back behind a proxy that forbids events: no Recovered is coming.
    api.failWith = null;
    api.images = api.images.filter((i) => i.tags[0] !== "b:2");
    api.signal({ kind: "EventsRefused", status: 403, message: "events are not allowed" });
    await waitFor(() =>
      expect(screen.queryByRole("listitem", { name: "b:2" })).not.toBeInTheDocument(),
    );
    await waitFor(() =>
      expect(screen.queryByText(/the engine is not answering/)).not.toBeInTheDocument(),
    );
    expect(screen.getByText(/^Live updates are off/)).toHaveTextContent(
      "(HTTP 403: “events are not allowed”)",
    );
    // Lost again: the stale mark says it all, the refusal is old news.
    api.signal(lost);
    await waitFor(() =>
      expect(screen.queryByText(/^Live updates are off/)).not.toBeInTheDocument(),
    );
    expect(screen.getByText(/the engine is not answering/)).toBeInTheDocument();
  });

  it("keeps the last list, marked stale, while reconnecting; refreshes it when the engine is back", async () => {
    const api = new FakeApi([fakeImage({ tags: ["a:1"] }), fakeImage({ tags: ["b:2"] })]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "a:1" });

    api.failWith = {
      kind: "EngineUnreachable",
      address: lost.address,
      reason: "Connection refused (os error 111)",
      cause: "Refused",
    };
    api.signal(lost);
    // The header's status (the drop zone keeps a quiet status region of its own).
    expect(within(await screen.findByRole("banner")).getByRole("status")).toHaveTextContent(
      "Reconnecting to the engine…",
    );
    expect(screen.getByRole("banner")).not.toHaveTextContent("Engine 27.5.1");
    const banner = screen.getByText(/the engine is not answering/);
    expect(banner).toHaveTextContent(
      /^Showing the list from \d\d?:\d\d:\d\d\s[AP]M; the engine is not answering\.$/,
    );
    expect(screen.getByRole("main")).toHaveClass("stale");
    expect(screen.getByRole("listitem", { name: "a:1" })).toBeInTheDocument();
    expect(screen.getByRole("listitem", { name: "b:2" })).toBeInTheDocument();

    // A refresh meanwhile (the window regains focus) fails: the list stays, no error page.
    window.dispatchEvent(new Event("focus"));
    await settle();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.getByRole("listitem", { name: "a:1" })).toBeInTheDocument();

    // Back, with a change made while it was away: no click needed.
    api.failWith = null;
    api.images = api.images.filter((i) => i.tags[0] !== "b:2");
    const before = listed(api);
    api.signal({ kind: "Recovered" });
    await waitFor(() =>
      expect(screen.queryByRole("listitem", { name: "b:2" })).not.toBeInTheDocument(),
    );
    expect(listed(api)).toBe(before + 1);
    expect(screen.queryByText(/the engine is not answering/)).not.toBeInTheDocument();
    expect(screen.queryByText("Reconnecting to the engine…")).not.toBeInTheDocument();
    expect(screen.getByRole("main")).not.toHaveClass("stale");
    expect(screen.getByRole("banner")).toHaveTextContent("Engine 27.5.1");
    expect(screen.getByRole("listitem", { name: "a:1" })).toBeInTheDocument();
  });

  it("says when the reconnect landed on another engine, and puts away what was the other's", async () => {
    const a = fakeImage({ tags: ["a:1"] });
    const api = new FakeApi([a]);
    render(App, { props: { api } });
    const card = await screen.findByRole("listitem", { name: "a:1" });
    await userEvent.click(within(card).getByRole("checkbox"));
    expect(screen.getByRole("region", { name: "Selection" })).toHaveTextContent("1 selected");
    api.signal(lost);
    // Docker Desktop quit; in Automatic the reconnect finds Colima, with the same image too.
    api.engine = { ...api.engine, address: "unix:///Users/ana/.colima/default/docker.sock" };
    api.images = [a, fakeImage({ tags: ["c:1"] })];
    api.signal({ kind: "Recovered" });
    expect(await screen.findByRole("listitem", { name: "c:1" })).toBeInTheDocument();
    const moved = await screen.findByText(/Imagen reconnected to another engine/);
    expect(moved).toHaveTextContent(
      "unix:///Users/ana/.colima/default/docker.sock (it was on unix:///var/run/docker.sock)",
    );
    expect(screen.queryByRole("region", { name: "Selection" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "OK" }));
    expect(screen.queryByText(/Imagen reconnected to another engine/)).not.toBeInTheDocument();
  });

  it("an open Tag dialog tags nothing on the engine a reconnect moved to, until confirmed again", async () => {
    const a = fakeImage({ tags: ["a:1"] });
    const api = new FakeApi([a]);
    render(App, { props: { api } });
    await userEvent.click(await screen.findByRole("button", { name: "Add a tag to a:1" }));
    const dialog = screen.getByRole("dialog", { name: "Tag a:1" });
    await userEvent.type(within(dialog).getByRole("textbox"), "a:2");
    const seenOn = api.engine.address;
    api.signal(lost);
    api.engine = { ...api.engine, address: "unix:///Users/ana/.colima/default/docker.sock" };
    api.signal({ kind: "Recovered" });
    await screen.findByText(/Imagen reconnected to another engine/);
    await within(dialog).findByText("a:2 is a new tag: no image has it yet.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Tag" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "Imagen is now on another engine (unix:///Users/ana/.colima/default/docker.sock)",
    );
    expect(api.tagCalls.at(-1)?.engine).toBe(seenOn);
    expect(api.images[0]!.tags).toEqual(["a:1"]);
    // Told, and shown this engine's list: a confirm now is about it.
    await userEvent.click(within(dialog).getByRole("button", { name: "Tag" }));
    expect(await within(dialog).findByRole("status")).toHaveTextContent("Tagged");
    expect(api.tagCalls.at(-1)?.engine).toBe(api.engine.address);
  });

  it("a Tag dialog opened on the list kept after a problem sends the engine it was listed on", async () => {
    const api = new FakeApi([fakeImage({ tags: ["a:1"] })]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "a:1" });
    const seenOn = api.engine.address;
    // A Refresh refused: the problem page (Imagen knows no engine there)...
    api.failWith = { kind: "Internal", message: "boom" };
    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    await waitFor(() =>
      expect(screen.queryByRole("listitem", { name: "a:1" })).not.toBeInTheDocument(),
    );
    // ...then the backend says it lost the engine: the last list comes back, marked stale.
    api.signal(lost);
    api.failWith = null;
    await screen.findByRole("listitem", { name: "a:1" });
    await userEvent.click(screen.getByRole("button", { name: "Add a tag to a:1" }));
    const dialog = screen.getByRole("dialog", { name: "Tag a:1" });
    await userEvent.type(within(dialog).getByRole("textbox"), "a:2");
    await within(dialog).findByText("a:2 is a new tag: no image has it yet.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Tag" }));
    await waitFor(() => expect(api.tagCalls).toHaveLength(1));
    // The backend checks it is still on the engine the image was seen on.
    expect(api.tagCalls[0]!.engine).toBe(seenOn);
  });

  it("a pull the backend finds on another engine than the grid's pulls nothing, and the window catches up", async () => {
    const api = new FakeApi([fakeImage({ tags: ["a:1"] })]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "a:1" });
    const seenOn = api.engine.address;
    // In Automatic, the backend reconnected to Colima before the window heard of it.
    api.engine = {
      ...api.engine,
      address: "unix:///Users/ana/.colima/default/docker.sock",
      socket: "Colima",
    };
    api.images = [fakeImage({ tags: ["c:1"] })];
    await userEvent.click(screen.getByRole("button", { name: "Pull…" }));
    const dialog = screen.getByRole("dialog", { name: "Pull an image" });
    await userEvent.type(within(dialog).getByLabelText("Image"), "nginx");
    await userEvent.click(within(dialog).getByRole("button", { name: "Pull" }));
    // Named as the header names it once the window has asked who the engine is, not by its
    // socket's path.
    expect(
      await within(dialog).findByText(
        "Imagen is now on another engine (Colima) than the one this was asked on, so nothing was done. Try again to do it on Colima.",
      ),
    ).toBeInTheDocument();
    expect(api.pulls.size).toBe(0);
    // The window lists the engine it is on now, and says it moved.
    expect(await screen.findByRole("listitem", { name: "c:1" })).toBeInTheDocument();
    await screen.findByText(/Imagen reconnected to another engine/);
    // Try again pulls there.
    await userEvent.click(within(dialog).getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(api.pulls.size).toBe(1));
    expect([...api.pulls.values()][0]!.engine).not.toBe(seenOn);
    expect([...api.pulls.values()][0]!.engine).toBe(api.engine.address);
  });

  it("the same engine back says nothing of a move", async () => {
    const api = new FakeApi([fakeImage({ tags: ["a:1"] })]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "a:1" });
    api.signal(lost);
    const before = listed(api);
    api.signal({ kind: "Recovered" });
    await waitFor(() => expect(listed(api)).toBe(before + 1));
    await settle();
    expect(screen.queryByText(/Imagen reconnected to another engine/)).not.toBeInTheDocument();
  });

  it("a frozen engine found on return keeps the list, marked stale, and an open Tag dialog as typed", async () => {
    const api = new FakeApi([fakeImage({ tags: ["a:1"] }), fakeImage({ tags: ["b:2"] })]);
    render(App, { props: { api } });
    await userEvent.click(await screen.findByRole("button", { name: "Add a tag to a:1" }));
    const dialog = screen.getByRole("dialog", { name: "Tag a:1" });
    await userEvent.type(within(dialog).getByRole("textbox"), "a:2");

    // The engine stopped answering (not refused: silent) while the user was in a terminal.
    api.failWith = { kind: "EngineTimeout", address: lost.address, seconds: 30 };
    window.dispatchEvent(new Event("focus"));
    await waitFor(() => expect(screen.getByRole("main")).toHaveClass("stale"), { timeout: 3000 });
    expect(screen.queryByText(/Docker is not responding/)).not.toBeInTheDocument();
    expect(screen.getByRole("listitem", { name: "b:2" })).toBeInTheDocument();
    expect(screen.getByRole("dialog", { name: "Tag a:1" })).toBe(dialog);
    expect(within(dialog).getByRole("textbox")).toHaveValue("a:2");
    // The stale list still has the image: nothing to say until Tag is pressed (its alert region
    // is there, empty).
    expect(within(dialog).getByRole("alert").textContent?.trim()).toBe("");
  });

  it("an open Tag dialog stays, as typed, when its image leaves the list", async () => {
    const api = new FakeApi([fakeImage({ tags: ["a:1"] }), fakeImage({ tags: ["b:2"] })]);
    render(App, { props: { api } });
    await userEvent.click(await screen.findByRole("button", { name: "Add a tag to a:1" }));
    const dialog = screen.getByRole("dialog", { name: "Tag a:1" });
    await userEvent.type(within(dialog).getByRole("textbox"), "a:2");
    // docker rmi a:1 in a terminal.
    api.images = api.images.filter((i) => i.tags[0] !== "a:1");
    api.signal({ kind: "Changed", images: true, containers: false });
    await waitFor(() =>
      expect(screen.queryByRole("listitem", { name: "a:1" })).not.toBeInTheDocument(),
    );
    expect(screen.getByRole("dialog", { name: "Tag a:1" })).toBe(dialog);
    expect(within(dialog).getByRole("textbox")).toHaveValue("a:2");
    // Tag waits, and says why.
    expect(within(dialog).getByRole("alert")).toHaveTextContent(
      "This image is no longer on the engine (removed in a terminal?): there is nothing to tag.",
    );
    expect(within(dialog).getByRole("button", { name: "Tag" })).toHaveAttribute(
      "aria-disabled",
      "true",
    );
  });

  it("clears the engine problem at start when the engine comes back, with no click", async () => {
    const api = new FakeApi([fakeImage({ tags: ["alpine:3.20"] })]);
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "Connection refused (os error 111)",
      cause: "Refused",
    };
    render(App, { props: { api } });
    expect(await screen.findByRole("alert")).toHaveTextContent("Docker is not running");
    api.signal(lost);
    expect(
      await screen.findByRole("button", { name: /^Reconnecting to the engine…/ }),
    ).toBeInTheDocument();
    // No list was ever read: the problem screen stays, no stale banner.
    expect(screen.getByRole("alert")).toHaveTextContent("Docker is not running");
    expect(screen.queryByText(/the engine is not answering/)).not.toBeInTheDocument();

    api.failWith = null;
    api.signal({ kind: "Recovered" });
    expect(await screen.findByRole("listitem", { name: "alpine:3.20" })).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.queryByText("Reconnecting to the engine…")).not.toBeInTheDocument();
  });

  it("clears the engine problem at start on a change too", async () => {
    const api = new FakeApi([fakeImage({ tags: ["alpine:3.20"] })]);
    api.failWith = { kind: "EngineTimeout", address: "unix:///var/run/docker.sock", seconds: 10 };
    render(App, { props: { api } });
    await screen.findByRole("alert");
    api.failWith = null;
    api.signal(changed);
    expect(await screen.findByRole("listitem", { name: "alpine:3.20" })).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("says so in the inspector when its image is deleted elsewhere, keeping the last data", async () => {
    const nginx = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([nginx, fakeImage({ tags: ["redis:7"] })]);
    render(App, { props: { api } });
    await userEvent.click(await screen.findByRole("button", { name: "Inspect nginx:alpine" }));
    const panel = await screen.findByRole("complementary", { name: "Inspector: nginx:alpine" });
    await within(panel).findByText(nginx.id);
    expect(within(panel).queryByText(/deleted from the engine/)).not.toBeInTheDocument();

    api.images = api.images.filter((i) => i.id !== nginx.id); // `docker rmi nginx:alpine`
    api.signal(changed);
    await waitFor(() =>
      expect(screen.queryByRole("listitem", { name: "nginx:alpine" })).not.toBeInTheDocument(),
    );
    expect(within(panel).getByRole("status")).toHaveTextContent(
      "This image was deleted from the engine.",
    );
    // Still named, still showing what it was, greyed.
    expect(panel).toHaveAccessibleName("Inspector: nginx:alpine");
    expect(within(panel).getByText(nginx.id)).toBeInTheDocument();
    expect(within(panel).getByRole("tabpanel")).toHaveClass("gone");
  });

  it("re-plans an open Remove dialog on a change, showing the notice only when the plan moved", async () => {
    const nginx = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([nginx, fakeImage({ tags: ["redis:7"] })]);
    render(App, { props: { api } });
    await userEvent.click(await screen.findByRole("button", { name: "Remove nginx:alpine" }));
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByText("docker rmi nginx:alpine");
    // The first plan, then each re-check of it.
    const planned = () =>
      api.calls.filter((c) => c === "planRemoval" || c === "recheckRemoval").length;

    // Something unrelated changed: the same plan, no notice.
    api.images = [...api.images, fakeImage({ tags: ["busybox:latest"] })];
    api.signal(changed);
    await waitFor(() => expect(planned()).toBe(2));
    await settle();
    expect(dialog.querySelector(".engine-changed")).toBeNull();

    // A container of nginx:alpine appeared: the plan is different.
    api.addContainer("web-1", "running", nginx.id);
    api.signal({ kind: "Changed", images: false, containers: true });
    expect(
      await within(dialog).findByText(
        "The engine changed while this plan was open; the plan below is up to date.",
      ),
    ).toBeInTheDocument();
    expect(planned()).toBe(3);
    expect(api.calls).not.toContain("executeRemoval");
  });
});

describe("Switching the language", () => {
  afterEach(() => {
    setLocale("en");
    localStorage.clear();
  });

  it("changes every text in place: the open dialog, the filter and the selection stay, nothing reloads", async () => {
    const api = new FakeApi([
      fakeImage({ tags: ["nginx:alpine"] }),
      fakeImage({ tags: ["nginx:1.27"] }),
      fakeImage({ tags: ["redis:7"] }),
    ]);
    const user = userEvent.setup();
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "redis:7" });

    // A filter typed, an image ticked, the engine dialog open.
    await user.type(screen.getByRole("searchbox"), "nginx");
    await waitFor(() =>
      expect(screen.queryByRole("listitem", { name: "redis:7" })).not.toBeInTheDocument(),
    );
    const card = screen.getByRole("listitem", { name: "nginx:1.27" });
    await user.click(within(card).getByRole("checkbox"));
    expect(card).toHaveClass("checked");
    await user.click(screen.getByRole("button", { name: /Engine 27\.5\.1/ }));
    const dialog = await screen.findByRole("dialog", { name: "Engine" });
    await within(dialog).findByRole("button", { name: /Like the docker command/ });
    const calls = api.calls.length;

    await user.selectOptions(screen.getByRole("combobox", { name: "Language" }), "es");

    // The same dialog element, still open, now in Spanish.
    expect(screen.getByRole("dialog", { name: "Motor" })).toBe(dialog);
    expect(dialog).toHaveTextContent("Imagen muestra un motor de Docker a la vez.");
    expect(
      within(dialog).getByRole("button", { name: /Como el comando docker/ }),
    ).toBeInTheDocument();
    // The filter and the selection are as they were.
    expect(screen.getByRole("searchbox")).toHaveValue("nginx");
    expect(screen.queryByRole("listitem", { name: "redis:7" })).not.toBeInTheDocument();
    expect(screen.getByRole("listitem", { name: "nginx:1.27" })).toBe(card);
    expect(card).toHaveClass("checked");
    expect(within(card).getByRole("checkbox")).toBeChecked();
    // The header speaks Spanish; docker's figures are unchanged.
    const banner = screen.getByRole("banner");
    expect(banner).toHaveTextContent("3 imágenes");
    expect(banner).toHaveTextContent("docker.sock · Motor 27.5.1");
    expect(within(banner).getByRole("button", { name: "Actualizar la lista" })).toBeInTheDocument();
    expect(within(banner).getByRole("combobox", { name: "Idioma" })).toHaveValue("es");
    expect(document.documentElement.lang).toBe("es");
    // No reload, no new list: the switch asked the engine nothing.
    expect(api.calls.length).toBe(calls);

    // And back.
    await user.selectOptions(screen.getByRole("combobox", { name: "Idioma" }), "en");
    expect(screen.getByRole("dialog", { name: "Engine" })).toBe(dialog);
    expect(banner).toHaveTextContent("3 images");
    expect(screen.getByRole("searchbox")).toHaveValue("nginx");
    expect(card).toHaveClass("checked");
  });

  it("words the stale list, the empty filter and the engine screens in Spanish", async () => {
    setLocale("es");
    const api = new FakeApi([fakeImage({ tags: ["a:1"] })]);
    const user = userEvent.setup();
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "a:1" });

    await user.type(screen.getByRole("searchbox"), "zzz");
    expect(await screen.findByText(/Ninguna imagen coincide con/)).toHaveTextContent(
      "Ninguna imagen coincide con zzz.",
    );
    await user.click(screen.getByRole("button", { name: "Quitar el filtro" }));
    expect(screen.getByRole("searchbox")).toHaveValue("");

    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "Connection refused (os error 111)",
      cause: "Refused",
    };
    api.signal({ kind: "Lost", address: "unix:///var/run/docker.sock", reason: "gone" });
    expect(within(await screen.findByRole("banner")).getByRole("status")).toHaveTextContent(
      "Reconectando con el motor…",
    );
    expect(screen.getByText(/el motor no responde/)).toHaveTextContent(
      /^Mostrando la última lista recibida \(\d\d?:\d\d:\d\d\); el motor no responde\.$/,
    );
  });

  it("shows the engine screen in Spanish at start, with the address and command as they are", async () => {
    setLocale("es");
    const api = new FakeApi();
    api.failWith = { kind: "EngineTimeout", address: "tcp://10.0.0.5:2375", seconds: 10 };
    render(App, { props: { api } });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("El motor de 10.0.0.5 no responde");
    expect(alert).toHaveTextContent("El motor en tcp://10.0.0.5:2375 aceptó la conexión");
    expect(alert).toHaveTextContent("10 segundos");
    expect(within(alert).getByRole("button", { name: "Reintentar" })).toBeEnabled();
  });
});

describe("A pull that ends while another dialog is open", () => {
  it("is said from inside that dialog, not outside it, and not again once it closes", async () => {
    const api = new FakeApi([fakeImage({ tags: ["redis:7"] })]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "redis:7" });
    const urgent = screen.getByTestId("pull-news-urgent");
    await userEvent.click(screen.getByRole("button", { name: "Pull…" }));
    const pullDialog = screen.getByRole("dialog", { name: "Pull an image" });
    await userEvent.type(within(pullDialog).getByLabelText("Image"), "nginx:nope");
    const pull = within(pullDialog).getByRole("button", { name: "Pull" });
    await waitFor(() => expect(pull).toBeEnabled());
    await userEvent.click(pull);
    await userEvent.click(screen.getByRole("button", { name: "Close (keeps pulling)" }));
    // Another dialog (the engine switcher) is open when the pull fails.
    await userEvent.click(screen.getByRole("button", { name: /Engine 27\.5\.1/ }));
    const switcher = await screen.findByRole("dialog", { name: "Engine" });
    api.onlyPull().settle({ kind: "Unauthorized", registry: "docker.io" });
    // A screen reader may treat the page outside an open dialog as inert: said inside it.
    await waitFor(() =>
      expect(within(switcher).getByTestId("pull-news-urgent")).toHaveTextContent(
        /^Pull of nginx:nope failed:/,
      ),
    );
    expect(urgent.textContent).toBe("");
    await userEvent.click(within(switcher).getByRole("button", { name: "Close" }));
    await new Promise((r) => setTimeout(r, 600));
    expect(urgent.textContent).toBe("");
  });
});
