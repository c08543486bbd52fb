// Whole pulls, through App and FakeApi: dialog, progress, outcome, the Pulls panel and the grid.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { tick } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import App from "../app/App.svelte";
import { setLocale } from "../../lib/i18n/locale.svelte";
import { FakeApi, fakeId, fakeImage, fakeProgress } from "../../lib/ipc/fake";

afterEach(() => setLocale("en"));

/** The line saying how the pull in `root` (the dialog, the panel) ended, once it did. It is
 * not a live region: the app says how each pull ended (PullAnnouncer). */
function resultOf(root: HTMLElement) {
  return waitFor(() => {
    const line = root.querySelector<HTMLElement>(".result");
    if (!line) throw new Error("the pull has not ended");
    return line;
  });
}

async function renderApp(api = new FakeApi([fakeImage({ tags: ["redis:7"] })])) {
  render(App, { props: { api } });
  await screen.findByRole("listitem", { name: "redis:7" });
  return api;
}

/** Opens the dialog, types `reference` and starts the pull; returns the dialog. */
async function startPull(reference: string) {
  await userEvent.click(screen.getByRole("button", { name: "Pull…" }));
  const dialog = screen.getByRole("dialog", { name: "Pull an image" });
  await userEvent.type(within(dialog).getByLabelText("Image"), reference);
  const pull = within(dialog).getByRole("button", { name: "Pull" });
  await waitFor(() => expect(pull).toBeEnabled());
  await userEvent.click(pull);
  return dialog;
}

/** The running pull of `reference` in the fake (several may run). */
function pullOf(api: FakeApi, reference: string) {
  const found = [...api.pulls.entries()].find(([, p]) => p.reference === reference);
  if (!found) throw new Error(`no running pull of ${reference}`);
  return { id: found[0], ...found[1] };
}

function pullsButton() {
  return screen.getByRole("button", { name: /^Pulls/ });
}

describe("A pull from start to finish", () => {
  it("moves the bar as progress streams in", async () => {
    const api = await renderApp();
    const dialog = await startPull("nginx");
    const bar = within(dialog).getByRole("progressbar", { name: "Pulling nginx" });
    expect(bar).not.toHaveAttribute("aria-valuenow");

    const { onProgress } = api.onlyPull();
    onProgress(fakeProgress({ fraction: 0.2, downloaded: 2_000_000, total: 10_000_000 }));
    await waitFor(() => expect(bar).toHaveAttribute("aria-valuenow", "20"));
    expect(within(dialog).getByText("20% · 2MB of 10MB")).toBeInTheDocument();

    onProgress(fakeProgress({ fraction: 0.6, downloaded: 6_000_000, total: 10_000_000 }));
    await waitFor(() => expect(bar).toHaveAttribute("aria-valuenow", "60"));
    expect(within(dialog).getByText("60% · 6MB of 10MB")).toBeInTheDocument();
  });

  it("shows and highlights the pulled image in the grid when it is downloaded", async () => {
    const api = await renderApp();
    const dialog = await startPull("nginx");
    const { onProgress, settle } = api.onlyPull();
    onProgress(fakeProgress({ fraction: 0.5, downloaded: 5_000_000, total: 10_000_000 }));

    const pulled = fakeImage({ tags: ["nginx:latest"] });
    api.images = [pulled, ...api.images];
    settle({
      kind: "Downloaded",
      reference: "nginx:latest",
      imageId: pulled.id,
      replaced: null,
      newTag: false,
    });

    const card = await screen.findByRole("listitem", { name: "nginx:latest" });
    // Said as what it is; "current" is the inspected card's alone (one per set).
    await waitFor(() => expect(card).toHaveAccessibleDescription("Just pulled"));
    expect(card).not.toHaveAttribute("aria-current");
    expect(screen.getByRole("listitem", { name: "redis:7" })).not.toHaveAttribute(
      "aria-describedby",
    );
    expect(await resultOf(dialog)).toHaveTextContent("Downloaded newer image");
    expect(within(dialog).queryByRole("progressbar")).not.toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Close" })).toBeInTheDocument();
    expect(pullsButton()).toHaveTextContent(/^Pulls$/);
  });

  it("never leaves a progress bar behind when the pull fails", async () => {
    const api = await renderApp();
    const dialog = await startPull("nginx:nope");
    await userEvent.click(pullsButton());
    const panel = screen.getByRole("complementary", { name: "Pulls" });
    expect(screen.getAllByRole("progressbar")).toHaveLength(2); // dialog and panel

    const { onProgress, settle } = api.onlyPull();
    onProgress(fakeProgress({ fraction: 0.1, downloaded: 1_000_000, total: 10_000_000 }));
    settle({
      kind: "ImageNotFound",
      reference: "docker.io/library/nginx:nope",
      repository: "docker.io/library/nginx",
      tag: "nope",
      missing: "Tag",
    });

    expect(await resultOf(dialog)).toHaveTextContent("no tag “nope”");
    expect(await resultOf(panel)).toHaveTextContent("no tag “nope”");
    expect(screen.queryAllByRole("progressbar")).toHaveLength(0);
    expect(pullsButton()).toHaveTextContent(/^Pulls$/);
  });

  it("tries a failed pull again with the same name and platform, in the dialog and the panel", async () => {
    const api = await renderApp();
    await userEvent.click(screen.getByRole("button", { name: "Pull…" }));
    const dialog = screen.getByRole("dialog", { name: "Pull an image" });
    await userEvent.type(within(dialog).getByLabelText("Image"), "nginx:alpine");
    await userEvent.selectOptions(within(dialog).getByLabelText("Platform"), "linux/arm64");
    const pull = within(dialog).getByRole("button", { name: "Pull" });
    await waitFor(() => expect(pull).toBeEnabled());
    await userEvent.click(pull);
    const lost = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "Connection refused",
      cause: "Refused",
    } as const;
    api.onlyPull().settle(lost);
    await resultOf(dialog);

    await userEvent.click(within(dialog).getByRole("button", { name: "Try again" }));
    const again = api.onlyPull();
    expect([again.reference, again.platform]).toEqual(["nginx:alpine", "linux/arm64"]);
    expect(within(dialog).getByRole("progressbar", { name: "Pulling nginx:alpine" })).toBeVisible();

    // Failed again: the panel offers it too, in place of the failed entry.
    again.settle(lost);
    await resultOf(dialog);
    await userEvent.click(within(dialog).getByRole("button", { name: "Close" }));
    await userEvent.click(pullsButton());
    const panel = screen.getByRole("complementary", { name: "Pulls" });
    await userEvent.click(
      within(panel).getByRole("button", { name: "Try again to pull nginx:alpine" }),
    );
    expect(api.onlyPull().reference).toBe("nginx:alpine");
    expect(within(panel).getAllByRole("listitem")).toHaveLength(1);
    expect(panel.querySelector(".result")).toBeNull();
  });

  it("shows the docker command Try again runs, in the dialog and the panel", async () => {
    const api = await renderApp();
    await userEvent.click(screen.getByRole("button", { name: "Pull…" }));
    const dialog = screen.getByRole("dialog", { name: "Pull an image" });
    await userEvent.type(within(dialog).getByLabelText("Image"), "nginx");
    await userEvent.selectOptions(within(dialog).getByLabelText("Platform"), "linux/arm64");
    const pull = within(dialog).getByRole("button", { name: "Pull" });
    await waitFor(() => expect(pull).toBeEnabled());
    await userEvent.click(pull);
    api.onlyPull().settle({ kind: "Unauthorized", registry: "docker.io" });
    await resultOf(dialog);
    // As the dialog showed it before the first try: latest added.
    const command = "docker pull --platform linux/arm64 nginx:latest";
    expect(within(dialog).getByRole("button", { name: "Try again" })).toHaveAttribute(
      "title",
      command,
    );
    await userEvent.click(within(dialog).getByRole("button", { name: "Close" }));
    await userEvent.click(pullsButton());
    const panel = screen.getByRole("complementary", { name: "Pulls" });
    expect(
      within(panel).getByRole("button", { name: "Try again to pull nginx" }),
    ).toHaveAccessibleDescription(command);
  });

  it("cancels from the dialog through the API and says so", async () => {
    const api = await renderApp();
    const dialog = await startPull("nginx");
    expect(api.calls).not.toContain("cancelPull");

    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel pull" }));

    expect(api.calls).toContain("cancelPull");
    expect(await resultOf(dialog)).toHaveTextContent(/^Cancelled/);
    expect(api.pulls.size).toBe(0);
    expect(within(dialog).queryByRole("progressbar")).not.toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Pull another" })).toBeInTheDocument();
    expect(pullsButton()).toHaveTextContent(/^Pulls$/);
  });

  it("a Cancel that reached the engine after it finished: says the pull is done, and why", async () => {
    const api = await renderApp();
    const dialog = await startPull("nginx");
    const pulled = fakeImage({ tags: ["nginx:latest"] });
    api.images = [pulled, ...api.images];
    api.finishedBeforeCancel = {
      kind: "Downloaded",
      reference: "nginx:latest",
      imageId: pulled.id,
      replaced: null,
      newTag: false,
    };

    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel pull" }));

    expect(await within(dialog).findByText("Downloaded newer image")).toBeInTheDocument();
    expect(dialog).toHaveTextContent(
      "The pull had already finished when the request to cancel it reached the engine.",
    );
    expect(dialog).not.toHaveTextContent(/Cancelled/);
  });

  it("does not touch the grid when a pull is cancelled", async () => {
    const api = await renderApp();
    const dialog = await startPull("nginx");
    const listCalls = api.calls.filter((c) => c === "listImages").length;

    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel pull" }));
    await resultOf(dialog);

    expect(api.calls.filter((c) => c === "listImages")).toHaveLength(listCalls);
    expect(screen.getByRole("listitem", { name: "redis:7" })).not.toHaveAttribute(
      "aria-describedby",
    );
  });
});

describe("The Pulls panel", () => {
  it("says when there are no pulls yet", async () => {
    await renderApp();
    await userEvent.click(pullsButton());
    expect(pullsButton()).toHaveAttribute("aria-expanded", "true");
    const panel = screen.getByRole("complementary", { name: "Pulls" });
    expect(panel).toHaveTextContent("No pulls yet.");

    await userEvent.click(within(panel).getByRole("button", { name: "Close pulls" }));
    expect(screen.queryByRole("complementary", { name: "Pulls" })).not.toBeInTheDocument();
    expect(pullsButton()).toHaveAttribute("aria-expanded", "false");
    // The focus goes back to the Pulls button, not to the page.
    expect(pullsButton()).toHaveFocus();
  });

  it("keeps a pull running after the dialog closes and counts it in the header", async () => {
    await renderApp();
    await startPull("nginx");
    await userEvent.click(screen.getByRole("button", { name: "Close (keeps pulling)" }));
    expect(pullsButton()).toHaveAccessibleName("Pulls (1 running)");

    await userEvent.click(pullsButton());
    const panel = screen.getByRole("complementary", { name: "Pulls" });
    expect(within(panel).getByRole("progressbar", { name: "Pulling nginx" })).toBeInTheDocument();
  });

  it("lists running and finished pulls, newest first; only finished ones can be dismissed", async () => {
    const api = await renderApp();
    await startPull("nginx");
    await userEvent.click(screen.getByRole("button", { name: "Close (keeps pulling)" }));
    await startPull("alpine:3.20");
    await userEvent.click(screen.getByRole("button", { name: "Close (keeps pulling)" }));
    expect(pullsButton()).toHaveAccessibleName("Pulls (2 running)");

    await userEvent.click(pullsButton());
    const panel = screen.getByRole("complementary", { name: "Pulls" });
    const rows = () =>
      within(within(panel).getByRole("list", { name: "Pulls" })).getAllByRole("listitem");
    expect(rows()).toHaveLength(2);
    expect(rows()[0]).toHaveTextContent("alpine:3.20");
    expect(rows()[1]).toHaveTextContent("nginx");
    expect(within(panel).queryByRole("button", { name: /^Dismiss/ })).not.toBeInTheDocument();

    pullOf(api, "nginx").settle({ kind: "UpToDate", reference: "nginx:latest", imageId: null });
    await waitFor(() => expect(rows()[1]).toHaveTextContent("Image is up to date"));
    expect(pullsButton()).toHaveAccessibleName("Pulls (1 running)");
    expect(within(rows()[0]!).getByRole("progressbar")).toBeInTheDocument();
    expect(within(rows()[0]!).queryByRole("button", { name: /^Dismiss/ })).not.toBeInTheDocument();

    // Shown as a button, as the running pull's Cancel pull is, not as small grey words.
    const dismiss = within(rows()[1]!).getByRole("button", { name: "Dismiss pull of nginx" });
    expect(dismiss).toHaveClass("button");
    await userEvent.click(dismiss);
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toHaveTextContent("alpine:3.20");
    expect(api.pulls.size).toBe(1);
  });

  it("shows the running pull of the same image instead of starting a second one", async () => {
    // Pull clicked again on slow Wi-Fi, spelt another way: the engine would share one download,
    // and a Cancel of either would not stop it.
    const api = await renderApp();
    await startPull("nginx");
    await userEvent.click(screen.getByRole("button", { name: "Close (keeps pulling)" }));
    const dialog = await startPull("docker.io/library/nginx:latest");
    expect(api.pulls.size).toBe(1);
    expect(pullsButton()).toHaveAccessibleName("Pulls (1 running)");
    expect(within(dialog).getByRole("progressbar", { name: "Pulling nginx" })).toBeInTheDocument();
    // Another tag, or a digest, is another pull.
    await userEvent.click(screen.getByRole("button", { name: "Close (keeps pulling)" }));
    await startPull("nginx:alpine");
    expect(api.pulls.size).toBe(2);
  });

  it("says the pull is being cancelled until the engine has stopped", async () => {
    const api = await renderApp();
    const dialog = await startPull("nginx");
    const { settle } = api.onlyPull();
    // The engine takes a moment to stop (up to a few seconds while Imagen looks at the tag).
    api.cancelPull = async () => true;
    await userEvent.click(within(dialog).getByRole("button", { name: /^Cancel/ }));
    const cancelling = within(dialog).getByRole("button", { name: /^Cancelling/ });
    expect(cancelling).toHaveAttribute("aria-disabled", "true");
    // The keyboard focus stays on it (a disabled button drops it on the page), and a second
    // click asks nothing more.
    expect(cancelling).toHaveFocus();
    api.cancelPull = async () => {
      throw new Error("asked twice");
    };
    await userEvent.click(cancelling);
    expect(cancelling).toHaveTextContent("Cancelling…");
    setLocale("es");
    await waitFor(() => expect(cancelling).toHaveTextContent("Deteniendo…"));
    setLocale("en");
    settle({ kind: "Cancelled" });
    expect(await resultOf(dialog)).toHaveTextContent(/^Cancelled/);
  });

  it("cancels a running pull from the panel", async () => {
    const api = await renderApp();
    await startPull("nginx");
    await userEvent.click(screen.getByRole("button", { name: "Close (keeps pulling)" }));
    await userEvent.click(pullsButton());
    const panel = screen.getByRole("complementary", { name: "Pulls" });

    await userEvent.click(within(panel).getByRole("button", { name: "Cancel pull of nginx" }));

    expect(api.calls).toContain("cancelPull");
    expect(await resultOf(panel)).toHaveTextContent(/^Cancelled/);
    await userEvent.click(within(panel).getByRole("button", { name: "Dismiss pull of nginx" }));
    expect(panel).toHaveTextContent("No pulls yet.");
  });
});

describe("What a pull should mention", () => {
  const unreadable = {
    kind: "DockerConfigUnreadable" as const,
    path: "/home/ana/.docker/config.json",
    problem: "it is not valid JSON (line 3, column 7)",
  };

  it("a Docker config it could not read: one calm line on the finished pull", async () => {
    const api = await renderApp();
    const dialog = await startPull("nginx");
    const { onProgress, settle } = api.onlyPull();
    onProgress(fakeProgress({ fraction: 0.5, warnings: [unreadable] }));
    // Not while it runs: the pull goes on anonymously, as docker pull does.
    expect(within(dialog).queryByText(/without credentials/)).not.toBeInTheDocument();
    settle({
      kind: "Downloaded",
      reference: "nginx:latest",
      imageId: null,
      replaced: null,
      newTag: false,
    });
    expect(
      await within(dialog).findByText(
        "Pulled without credentials because Imagen could not read /home/ana/.docker/config.json: it is not valid JSON (line 3, column 7).",
      ),
    ).toBeInTheDocument();
    expect(await resultOf(dialog)).toHaveTextContent("Downloaded newer image");
    expect(within(dialog).queryByRole("alert")).not.toBeInTheDocument();
  });

  it("on a failed pull too, where it may be why the registry refused", async () => {
    const api = await renderApp();
    const dialog = await startPull("nginx");
    const { onProgress, settle } = api.onlyPull();
    onProgress(fakeProgress({ warnings: [unreadable] }));
    settle({ kind: "Unauthorized", registry: "ghcr.io" });
    expect(await resultOf(dialog)).toHaveTextContent("docker login ghcr.io");
    expect(
      within(dialog).getByText(/^Tried without credentials because Imagen could not read/),
    ).toBeInTheDocument();
  });

  it("a Cancel that reached the backend before the pull did is asked again, and stops it", async () => {
    const api = await renderApp();
    const dialog = await startPull("nginx");
    const real = api.cancelPull.bind(api);
    let first = true;
    // The first ask finds nothing running (the pull's own call not there yet).
    api.cancelPull = (id: string) => {
      if (!first) return real(id);
      first = false;
      api.calls.push("cancelPull");
      return Promise.resolve(false);
    };
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel pull" }));
    expect(await resultOf(dialog)).toHaveTextContent(/^Cancelled/);
    expect(api.calls.filter((c) => c === "cancelPull")).toHaveLength(2);
    expect(api.pulls.size).toBe(0);
  });

  it("a cancel the backend refused: says why, and the pull goes on", async () => {
    const api = await renderApp();
    const dialog = await startPull("nginx");
    api.cancelPull = () =>
      Promise.reject({ kind: "InvalidInput", field: "pull", reason: "it is empty" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel pull" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "Imagen could not cancel this pull: Imagen's backend refused the pull it was sent (it is empty), so nothing reached the engine.",
    );
    expect(within(dialog).getByRole("progressbar")).toBeInTheDocument();
  });
});

describe("A pull and the keyboard", () => {
  it("keeps the focus in the dialog as the pull starts, and gives it to Close when it ends", async () => {
    const api = await renderApp();
    const dialog = await startPull("nginx");
    // The Pull button went away with the form: the dialog holds the focus, not the page.
    expect(dialog).toHaveFocus();
    api.onlyPull().settle({ kind: "UpToDate", reference: "nginx:latest", imageId: null });
    await resultOf(dialog);
    expect(within(dialog).getByRole("button", { name: "Close" })).toHaveFocus();
  });

  it("keeps it in the dialog when a failed pull is tried again", async () => {
    const api = await renderApp();
    const dialog = await startPull("nginx");
    api.onlyPull().settle({ kind: "Unauthorized", registry: "docker.io" });
    await resultOf(dialog);
    expect(within(dialog).getByRole("button", { name: "Close" })).toHaveFocus();
    await userEvent.click(within(dialog).getByRole("button", { name: "Try again" }));
    expect(dialog).toHaveFocus();
  });
});

describe("The Pulls panel and the keyboard", () => {
  const refused = { kind: "Unauthorized", registry: "docker.io" } as const;
  const upToDate = (reference: string) => ({ kind: "UpToDate", reference, imageId: null }) as const;

  /** Starts a pull of each of `references` (the last one ends up at the top of the panel),
   * then opens the panel. */
  async function pullAll(...references: string[]) {
    const api = await renderApp();
    for (const reference of references) {
      await startPull(reference);
      await userEvent.click(screen.getByRole("button", { name: "Close (keeps pulling)" }));
    }
    await userEvent.click(pullsButton());
    return { api, panel: screen.getByRole("complementary", { name: "Pulls" }) };
  }

  /** Presses the button named `name` in `root` from the keyboard. */
  async function press(root: HTMLElement, name: string) {
    (await within(root).findByRole("button", { name })).focus();
    await userEvent.keyboard("{Enter}");
  }

  it("takes the focus to its title as it opens; Escape closes it, back to the Pulls button", async () => {
    await renderApp();
    pullsButton().focus();
    await userEvent.keyboard("{Enter}");
    const panel = screen.getByRole("complementary", { name: "Pulls" });
    expect(within(panel).getByRole("heading", { name: "Pulls" })).toHaveFocus();
    expect(pullsButton()).toHaveAttribute("aria-controls", panel.id);
    // Tab goes on to its buttons; Escape from any of them closes it.
    await userEvent.tab();
    expect(within(panel).getByRole("button", { name: "Close pulls" })).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("complementary", { name: "Pulls" })).not.toBeInTheDocument();
    expect(pullsButton()).toHaveFocus();
    expect(pullsButton()).toHaveAttribute("aria-expanded", "false");
  });

  it("an update badge's pull moved the tag and took the badge: Close goes to the Pulls button", async () => {
    const redis = fakeImage({ tags: ["redis:7"] });
    const api = new FakeApi([redis]);
    api.workshop.updates = {
      results: [
        {
          reference: "redis:7",
          imageId: redis.id,
          status: { status: "Newer", remoteDigest: "sha256:" + "ab".repeat(32) },
        },
      ],
      problems: [],
    };
    await renderApp(api);
    await userEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    await userEvent.click(await screen.findByRole("button", { name: "Pull the new one: redis:7" }));
    const panel = await screen.findByRole("complementary", { name: "Pulls" });
    expect(within(panel).getByRole("heading", { name: "Pulls" })).toHaveFocus();

    // docker pull redis:7: the tag moves to the new image, the old one is left untagged.
    const pulled = fakeImage({ tags: ["redis:7"], id: fakeId("pulled") });
    api.images = [pulled, { ...redis, tags: [] }];
    pullOf(api, "redis:7").settle({
      kind: "Downloaded",
      reference: "redis:7",
      imageId: pulled.id,
      replaced: redis.id,
      newTag: false,
    });
    await resultOf(panel);
    await waitFor(() =>
      expect(screen.queryByRole("button", { name: /^Pull the new one/ })).not.toBeInTheDocument(),
    );
    await userEvent.click(within(panel).getByRole("button", { name: "Close pulls" }));
    expect(pullsButton()).toHaveFocus();
  });

  it("Dismiss gives the focus to the next row, else the one before, else to Close", async () => {
    const { api, panel } = await pullAll("nginx", "alpine:3.20", "busybox");
    pullOf(api, "nginx").settle(upToDate("nginx:latest"));
    pullOf(api, "alpine:3.20").settle(refused);
    pullOf(api, "busybox").settle(upToDate("busybox:latest"));
    await waitFor(() =>
      expect(within(panel).getAllByRole("button", { name: /^Dismiss/ })).toHaveLength(3),
    );

    // The top row: the focus goes on to the row below, to its first button.
    await press(panel, "Dismiss pull of busybox");
    await waitFor(() =>
      expect(
        within(panel).getByRole("button", { name: "Try again to pull alpine:3.20" }),
      ).toHaveFocus(),
    );
    // The last row: back to the row above.
    await press(panel, "Dismiss pull of nginx");
    await waitFor(() =>
      expect(
        within(panel).getByRole("button", { name: "Try again to pull alpine:3.20" }),
      ).toHaveFocus(),
    );
    // The only row: to the panel's Close.
    await press(panel, "Dismiss pull of alpine:3.20");
    expect(panel).toHaveTextContent("No pulls yet.");
    await waitFor(() =>
      expect(within(panel).getByRole("button", { name: "Close pulls" })).toHaveFocus(),
    );
  });

  it("Try again gives the focus to the new pull's Cancel", async () => {
    const { api, panel } = await pullAll("nginx");
    api.onlyPull().settle(refused);
    await press(panel, "Try again to pull nginx");
    expect(api.onlyPull().reference).toBe("nginx");
    await waitFor(() =>
      expect(within(panel).getByRole("button", { name: "Cancel pull of nginx" })).toHaveFocus(),
    );
  });

  it("a pull that ends under its Cancel gives the focus to Try again, or to Dismiss", async () => {
    const { api, panel } = await pullAll("nginx", "alpine:3.20");
    // Cancelled while "Cancelling…" has the focus: the engine takes a moment to stop.
    const { settle } = pullOf(api, "alpine:3.20");
    api.cancelPull = async () => true;
    await press(panel, "Cancel pull of alpine:3.20");
    const cancelling = within(panel).getByRole("button", {
      name: "Cancelling pull of alpine:3.20",
    });
    expect(cancelling).toHaveFocus();
    settle({ kind: "Cancelled" });
    await waitFor(() =>
      expect(
        within(panel).getByRole("button", { name: "Try again to pull alpine:3.20" }),
      ).toHaveFocus(),
    );

    // A pull that ends done offers no Try again: to its Dismiss.
    within(panel).getByRole("button", { name: "Cancel pull of nginx" }).focus();
    pullOf(api, "nginx").settle(upToDate("nginx:latest"));
    await waitFor(() =>
      expect(within(panel).getByRole("button", { name: "Dismiss pull of nginx" })).toHaveFocus(),
    );
  });

  it("leaves the focus alone when a pull ends while another row has it", async () => {
    const { api, panel } = await pullAll("nginx", "alpine:3.20");
    pullOf(api, "alpine:3.20").settle(refused);
    const retry = await within(panel).findByRole("button", {
      name: "Try again to pull alpine:3.20",
    });
    retry.focus();
    pullOf(api, "nginx").settle(upToDate("nginx:latest"));
    await within(panel).findByRole("button", { name: "Dismiss pull of nginx" });
    await tick();
    expect(retry).toHaveFocus();
  });
});

describe("How a pull ended, said by the app", () => {
  it("says a pull's outcome after its dialog was closed", async () => {
    const api = await renderApp();
    const polite = screen.getByTestId("pull-news");
    await startPull("nginx:alpine");
    await userEvent.click(screen.getByRole("button", { name: "Close (keeps pulling)" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    const pulled = fakeImage({ tags: ["nginx:alpine"] });
    api.images = [pulled, ...api.images];
    api.onlyPull().settle({
      kind: "Downloaded",
      reference: "nginx:alpine",
      imageId: pulled.id,
      replaced: null,
      newTag: false,
    });
    await waitFor(() =>
      expect(polite).toHaveTextContent("Pull of nginx:alpine: Downloaded newer image"),
    );
    expect(polite).toHaveAttribute("aria-live", "polite");
  });

  it("says a pull that ended as its dialog was closed, once", async () => {
    // The dialog speaks for the app while open; closed before it spoke (within its settle
    // time), the app says it.
    const api = await renderApp();
    const polite = screen.getByTestId("pull-news");
    const dialog = await startPull("nginx:alpine");
    api.onlyPull().settle({
      kind: "UpToDate",
      reference: "nginx:alpine",
      imageId: null,
    });
    await userEvent.click(await within(dialog).findByRole("button", { name: "Close" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    await waitFor(() =>
      expect(polite).toHaveTextContent("Pull of nginx:alpine: Image is up to date"),
    );
    await new Promise((r) => setTimeout(r, 600));
    expect(polite.textContent).toBe("Pull of nginx:alpine: Image is up to date");
  });

  it("says a failure from inside whichever dialog is open, not only its own", async () => {
    // A screen reader may treat the page outside an open dialog as inert: the About dialog,
    // opened while a pull runs, says the pull's failure from inside itself.
    const api = await renderApp();
    const outside = screen.getByTestId("pull-news-urgent");
    await startPull("nginx:nope");
    await userEvent.click(screen.getByRole("button", { name: "Close (keeps pulling)" }));
    await userEvent.click(screen.getByRole("button", { name: "About" }));
    const about = await screen.findByRole("dialog", { name: "About Imagen" });
    api.onlyPull().settle({ kind: "Unauthorized", registry: "docker.io" });
    const urgent = () => within(about).getByTestId("pull-news-urgent");
    await waitFor(() => expect(urgent()).toHaveTextContent(/^Pull of nginx:nope failed: /));
    expect(urgent()).toHaveAttribute("aria-live", "assertive");
    expect(within(about).getAllByTestId("pull-news-urgent")).toHaveLength(1);
    expect(outside.textContent).toBe("");
  });

  it("says it from inside a dialog that is busy, outside what the dialog marks busy", async () => {
    // A screen reader may hold back every live region under an element marked busy.
    const api = await renderApp();
    await startPull("nginx:nope");
    await userEvent.click(screen.getByRole("button", { name: "Close (keeps pulling)" }));
    api.gate = new Promise(() => {}); // the About dialog keeps loading
    await userEvent.click(screen.getByRole("button", { name: "About" }));
    const about = await screen.findByRole("dialog", { name: "About Imagen" });
    expect(about.querySelector('[aria-busy="true"]')).not.toBeNull();
    api.onlyPull().settle({ kind: "Unauthorized", registry: "docker.io" });
    const urgent = () => within(about).getByTestId("pull-news-urgent");
    await waitFor(() => expect(urgent()).toHaveTextContent(/^Pull of nginx:nope failed: /));
    expect(urgent().closest('[aria-busy="true"]')).toBeNull();
  });

  it("says a failure at once, in Spanish too", async () => {
    setLocale("es");
    const api = await renderApp();
    const outside = screen.getByTestId("pull-news-urgent");
    await userEvent.click(screen.getByRole("button", { name: "Descargar…" }));
    const dialog = screen.getByRole("dialog");
    // The dialog is open: said from inside it (outside an open dialog a screen reader may
    // not read it), and not twice.
    const urgent = () => within(dialog).getByTestId("pull-news-urgent");
    await userEvent.type(within(dialog).getByRole("textbox"), "nginx:nope");
    const pull = within(dialog).getByRole("button", { name: "Descargar" });
    await waitFor(() => expect(pull).toBeEnabled());
    await userEvent.click(pull);
    api.onlyPull().settle({ kind: "Unauthorized", registry: "docker.io" });
    await waitFor(() =>
      expect(urgent()).toHaveTextContent(/^La descarga de nginx:nope falló: .*docker login/),
    );
    expect(urgent()).toHaveAttribute("aria-live", "assertive");
    expect(within(dialog).getByTestId("pull-news").textContent).toBe("");
    expect(outside.textContent).toBe("");
  });
});

describe("A stalled pull, said by the app", () => {
  afterEach(() => vi.useRealTimers());

  /** How many times `region`'s text changes from now on. */
  function changes(region: HTMLElement) {
    const seen: string[] = [];
    const observer = new MutationObserver(() => seen.push(region.textContent ?? ""));
    observer.observe(region, { childList: true, characterData: true, subtree: true });
    return seen;
  }

  it("says a running pull's stall once, and a new stall again", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const api = await renderApp();
    const polite = screen.getByTestId("pull-news");
    await startPull("nginx");
    await userEvent.click(screen.getByRole("button", { name: "Close (keeps pulling)" }));
    const { onProgress } = api.onlyPull();
    onProgress(fakeProgress({ fraction: 0.2, downloaded: 2_000_000, total: 10_000_000 }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(polite.textContent).toBe("");

    await vi.advanceTimersByTimeAsync(6_000);
    const stalled =
      "Pull of nginx: nothing received for 15s: the network may be slow or down; it goes on by itself, Cancel pull stops it";
    await waitFor(() => expect(polite).toHaveTextContent(stalled));
    // The same sentence while the stall lasts, said once.
    const later = changes(polite);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(later).toEqual([]);
    expect(polite.textContent).toBe(stalled);

    // Bytes again, then silence again: a new stall, said again.
    onProgress(fakeProgress({ fraction: 0.3, downloaded: 3_000_000, total: 10_000_000 }));
    await vi.advanceTimersByTimeAsync(16_000);
    await waitFor(() => expect(later).toContain(stalled));
    expect(later.filter((t) => t === stalled)).toHaveLength(1);
  });

  it("says it from inside an open dialog, not outside, in Spanish too", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    setLocale("es");
    await renderApp();
    const outside = screen.getByTestId("pull-news");
    await userEvent.click(screen.getByRole("button", { name: "Descargar…" }));
    const dialog = screen.getByRole("dialog");
    await userEvent.type(within(dialog).getByRole("textbox"), "nginx");
    const pull = within(dialog).getByRole("button", { name: "Descargar" });
    await waitFor(() => expect(pull).toBeEnabled());
    await userEvent.click(pull);
    const inside = within(dialog).getByTestId("pull-news");
    const said = changes(inside);
    await vi.advanceTimersByTimeAsync(16_000);
    await waitFor(() =>
      expect(inside.textContent).toMatch(
        /^Descarga de nginx: no llega nada desde hace 15\s?s: puede que la red vaya lenta o se haya cortado; /,
      ),
    );
    await vi.advanceTimersByTimeAsync(20_000);
    expect(said.filter((t) => t !== "")).toHaveLength(1);
    expect(outside.textContent).toBe("");
  });
});

describe("Pulls in Spanish", () => {
  it("words the Pulls panel in Spanish, switching in place, references unchanged", async () => {
    const api = await renderApp();
    await startPull("nginx");
    await userEvent.click(screen.getByRole("button", { name: "Close (keeps pulling)" }));
    await userEvent.click(pullsButton());
    setLocale("es");
    await tick();

    const panel = screen.getByRole("complementary", { name: "Descargas" });
    const list = within(panel).getByRole("list", { name: "Descargas" });
    expect(
      within(list).getByRole("progressbar", { name: "Descargando nginx" }),
    ).toBeInTheDocument();
    expect(within(list).getByText("nginx")).toBeInTheDocument();

    await userEvent.click(
      within(panel).getByRole("button", { name: "Detener la descarga de nginx" }),
    );
    expect(api.calls).toContain("cancelPull");
    expect(await resultOf(panel)).toHaveTextContent("Cancelada: el motor dejó de descargar.");
    expect(
      within(panel).getByRole("button", { name: "Reintentar la descarga de nginx" }),
    ).toBeInTheDocument();
    await userEvent.click(
      within(panel).getByRole("button", { name: "Ocultar nginx de la lista de descargas" }),
    );
    expect(panel).toHaveTextContent("Todavía no hay descargas.");

    await userEvent.click(within(panel).getByRole("button", { name: "Cerrar descargas" }));
    expect(screen.queryByRole("complementary")).not.toBeInTheDocument();
  });

  it("words the unreadable Docker config note in Spanish, the path as it is", async () => {
    const api = await renderApp();
    const dialog = await startPull("nginx");
    setLocale("es");
    const { onProgress, settle } = api.onlyPull();
    onProgress(
      fakeProgress({
        fraction: 0.5,
        warnings: [
          {
            kind: "DockerConfigUnreadable",
            path: "/home/ana/.docker/config.json",
            problem: "it is not valid JSON (line 3, column 7)",
          },
        ],
      }),
    );
    settle({
      kind: "Downloaded",
      reference: "nginx:latest",
      imageId: null,
      replaced: null,
      newTag: false,
    });
    expect(
      await within(dialog).findByText(
        /^Se descargó sin credenciales porque Imagen no pudo leer \/home\/ana\/\.docker\/config\.json: /,
      ),
    ).toBeInTheDocument();
    expect(await resultOf(dialog)).toHaveTextContent("Se descargó una imagen más reciente");
  });

  it("a credential helper Imagen could not find: the pull went on without it, said in both languages", async () => {
    const api = await renderApp();
    const dialog = await startPull("nginx");
    const { onProgress, settle } = api.onlyPull();
    onProgress(
      fakeProgress({
        fraction: 0.5,
        warnings: [{ kind: "CredentialHelperMissing", helper: "desktop" }],
      }),
    );
    settle({
      kind: "Downloaded",
      reference: "nginx:latest",
      imageId: null,
      replaced: null,
      newTag: false,
    });
    expect(
      await within(dialog).findByText(
        /^Pulled without credentials because Imagen could not find docker-credential-desktop, /,
      ),
    ).toBeInTheDocument();
    setLocale("es");
    expect(
      await within(dialog).findByText(
        /^Se descargó sin credenciales porque Imagen no encontró docker-credential-desktop, /,
      ),
    ).toBeInTheDocument();
  });
});
