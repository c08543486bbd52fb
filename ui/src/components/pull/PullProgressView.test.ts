import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { tick } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import PullProgressView from "./PullProgressView.svelte";
import { fakeProgress } from "../../lib/ipc/fake";
import type { ImagenError, LayerProgress, PullOutcome } from "../../lib/ipc/api";
import type { PullEntry } from "../../lib/pull/pulls.svelte";

afterEach(() => setLocale("en"));

/** How the pull ended, in its line: not a live region (the app says it, see PullAnnouncer). */
const result = () => document.querySelector<HTMLElement>(".result");

function entry(partial: Partial<PullEntry> = {}): PullEntry {
  return {
    id: "pull-test",
    reference: "nginx:latest",
    platform: null,
    status: "running",
    progress: null,
    heardAt: Date.now(),
    outcome: null,
    error: null,
    ...partial,
  };
}

function renderView(pull: PullEntry, oncancel: () => void = () => {}) {
  return render(PullProgressView, { props: { entry: pull, oncancel } });
}

function done(outcome: PullOutcome): PullEntry {
  return entry({ status: "done", outcome, progress: fakeProgress({ fraction: 1 }) });
}

function failed(error: ImagenError): PullEntry {
  return entry({ status: "failed", error });
}

const LAYERS: LayerProgress[] = [
  { id: "a1b2c3d4e5f6", status: "Downloading", current: 5_000_000, total: 20_000_000 },
  { id: "0123456789ab", status: "AlreadyExists", current: 0, total: null },
  { id: "fedcba987654", status: "Complete", current: 0, total: null },
  { id: "111122223333", status: "Waiting", current: 0, total: null },
  { id: "444455556666", status: "Extracting", current: 1_000_000, total: 7_100_000 },
];

describe("PullProgressView while running", () => {
  it("shows an indeterminate bar and “Preparing…” while sizes are unknown", () => {
    renderView(entry({ progress: fakeProgress({ fraction: null }) }));
    const bar = screen.getByRole("progressbar", { name: "Pulling nginx:latest" });
    expect(bar).not.toHaveAttribute("aria-valuenow");
    expect(screen.getByText("Preparing…")).toBeInTheDocument();
  });

  it("shows “Preparing…” before the first progress report too", () => {
    renderView(entry({ progress: null }));
    expect(screen.getByRole("progressbar", { name: "Pulling nginx:latest" })).not.toHaveAttribute(
      "aria-valuenow",
    );
    expect(screen.getByText("Preparing…")).toBeInTheDocument();
  });

  it("shows the percentage, bytes, speed and time left", () => {
    renderView(
      entry({
        progress: fakeProgress({
          fraction: 0.45,
          downloaded: 12_300_000,
          total: 27_100_000,
          bytesPerSecond: 2_500_000,
          secondsLeft: 6,
        }),
      }),
    );
    expect(screen.getByRole("progressbar", { name: "Pulling nginx:latest" })).toHaveAttribute(
      "aria-valuenow",
      "45",
    );
    expect(screen.getByText("45% · 12.3MB of 27.1MB · 2.5MB/s · 6s left")).toBeInTheDocument();
  });

  it("words long waits in minutes", () => {
    renderView(
      entry({
        progress: fakeProgress({
          fraction: 0.1,
          downloaded: 1_000_000,
          total: 10_000_000,
          bytesPerSecond: 45_000,
          secondsLeft: 200,
        }),
      }),
    );
    expect(screen.getByText(/45kB\/s · 3m 20s left$/)).toBeInTheDocument();
  });

  it("shows the platform next to the reference when one was chosen", () => {
    renderView(entry({ platform: "linux/arm64", progress: fakeProgress() }));
    expect(screen.getByText("linux/arm64")).toBeInTheDocument();
    expect(screen.getByText("nginx:latest")).toBeInTheDocument();
  });

  it("lists one row per layer with its ID and status", () => {
    renderView(entry({ progress: fakeProgress({ fraction: 0.3, layers: LAYERS }) }));
    const rows = within(screen.getByRole("list", { name: "Layers" })).getAllByRole("listitem");
    expect(rows).toHaveLength(LAYERS.length);
    const seen = rows.map((row) => [
      row.querySelector(".id")?.textContent,
      row.querySelector(".status")?.textContent,
    ]);
    expect(seen).toEqual([
      ["a1b2c3d4e5f6", "Downloading"],
      ["0123456789ab", "Already exists"],
      ["fedcba987654", "Pull complete"],
      ["111122223333", "Waiting"],
      ["444455556666", "Extracting"],
    ]);
    // Rows with a known size show the bytes of the current phase.
    expect(rows[0]).toHaveTextContent("5MB/20MB");
    expect(rows[4]).toHaveTextContent("1MB/7.1MB");
  });

  it("shows extraction counted in seconds as time, not as bytes (containerd image store)", () => {
    const extracting: LayerProgress = {
      id: "a1b2c3d4e5f6",
      status: "Extracting",
      current: 0,
      total: 29_150_000,
      extractingSeconds: 3,
    };
    renderView(entry({ progress: fakeProgress({ fraction: 0.5, layers: [extracting] }) }));
    const row = within(screen.getByRole("list", { name: "Layers" })).getByRole("listitem");
    expect(row.querySelector(".status")).toHaveTextContent("Extracting");
    expect(row.querySelector(".bytes")).toHaveTextContent(/^3s$/);
    expect(row).not.toHaveTextContent("0B/29.15MB");
    const bar = row.querySelector<HTMLElement>(".lbar span");
    expect(bar).toHaveClass("indeterminate");
  });

  it("says which layer the engine is retrying (the network to the registry dropped)", () => {
    const retrying = {
      id: "a1b2c3d4e5f6",
      status: "Retrying" as const,
      current: 5_000_000,
      total: null,
    };
    renderView(entry({ progress: fakeProgress({ layers: [retrying] }) }));
    const row = within(screen.getByRole("list", { name: "Layers" })).getByRole("listitem");
    expect(row.querySelector(".status")).toHaveTextContent("Retrying");
  });

  it("calls oncancel when Cancel pull is clicked", async () => {
    const oncancel = vi.fn();
    renderView(entry({ progress: fakeProgress() }), oncancel);
    await userEvent.click(screen.getByRole("button", { name: "Cancel pull" }));
    expect(oncancel).toHaveBeenCalledOnce();
  });
});

describe("PullProgressView while cancelling", () => {
  it("shows a disabled “Cancelling…” once Cancel was asked, which keeps the focus", () => {
    renderView(entry({ progress: fakeProgress(), cancelAsked: true }));
    // aria-disabled: a disabled button would drop the keyboard focus on the page.
    const button = screen.getByRole("button", { name: /^Cancelling/ });
    expect(button).toHaveAttribute("aria-disabled", "true");
    expect(button).toBeEnabled();
  });

  it("offers Cancel again when asking to cancel failed", () => {
    const cancelError: ImagenError = { kind: "Internal", message: "boom" };
    renderView(entry({ progress: fakeProgress(), cancelAsked: true, cancelError }));
    expect(screen.getByRole("button", { name: /^Cancel\b/ })).toBeEnabled();
  });
});

describe("PullProgressView when finished", () => {
  it("says the image is up to date, without a bar, Cancel or layers", () => {
    renderView(done({ kind: "UpToDate", reference: "nginx:latest", imageId: null }));
    expect(result()).toHaveTextContent("Image is up to date");
    // Said once, by the app, not here too (this line appears with its text, often unread).
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
    expect(result()).not.toHaveAttribute("aria-live");
    expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Cancel/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("list", { name: "Layers" })).not.toBeInTheDocument();
  });

  it("says a newer image was downloaded", () => {
    renderView(
      done({
        kind: "Downloaded",
        reference: "nginx:latest",
        imageId: "sha256:1",
        replaced: null,
        newTag: false,
      }),
    );
    expect(result()).toHaveTextContent("Downloaded newer image");
  });

  it("says a first pull brought the image, not a newer one (docker says newer even then)", () => {
    renderView(
      done({
        kind: "Downloaded",
        reference: "nginx:latest",
        imageId: "sha256:1",
        replaced: null,
        newTag: true,
      }),
    );
    expect(result()).toHaveTextContent("Downloaded: the image is now on this engine");
    expect(result()).not.toHaveTextContent("newer");
  });

  it("says which image the tag named before when the pull moved it", () => {
    renderView(
      done({
        kind: "Downloaded",
        reference: "nginx:latest",
        imageId: "sha256:1",
        replaced: "sha256:4f2a9c1b3d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a",
        newTag: false,
      }),
    );
    expect(result()).toHaveTextContent(
      "Downloaded newer image. nginx:latest now names it; the image it named before (4f2a9c1b3d5e) is still on disk without this tag",
    );
  });

  it("says the pull was cancelled", () => {
    renderView(entry({ status: "cancelled", outcome: { kind: "Cancelled" } }));
    expect(result()).toHaveTextContent(/^Cancelled/);
    expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Cancel/ })).not.toBeInTheDocument();
  });

  it("explains a missing tag", () => {
    renderView(
      failed({
        kind: "ImageNotFound",
        reference: "docker.io/library/nginx:nope",
        repository: "docker.io/library/nginx",
        tag: "nope",
        missing: "Tag",
      }),
    );
    const alert = result();
    expect(alert).toHaveTextContent("docker.io/library/nginx exists, but it has no tag “nope”");
    expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
  });

  it("explains a missing repository", () => {
    renderView(
      failed({
        kind: "ImageNotFound",
        reference: "docker.io/library/ngnix:latest",
        repository: "docker.io/library/ngnix",
        tag: "latest",
        missing: "Repository",
      }),
    );
    expect(result()).toHaveTextContent("There is no repository docker.io/library/ngnix");
  });

  it("tells the user to log in when the registry refuses access", () => {
    renderView(failed({ kind: "Unauthorized", registry: "ghcr.io" }));
    expect(result()).toHaveTextContent("docker login ghcr.io");
  });

  it("keeps the layer rows after a failure, to show where it stopped", () => {
    renderView(
      entry({
        status: "failed",
        error: { kind: "DiskFull", message: "no space left on device" },
        progress: fakeProgress({ fraction: 0.3, layers: LAYERS }),
      }),
    );
    expect(result()).toHaveTextContent("ran out of disk space");
    expect(
      within(screen.getByRole("list", { name: "Layers" })).getAllByRole("listitem"),
    ).toHaveLength(LAYERS.length);
  });
});

describe("PullProgressView in Spanish", () => {
  const running = () =>
    entry({
      platform: "linux/arm64",
      progress: fakeProgress({
        fraction: 0.45,
        downloaded: 12_300_000,
        total: 27_100_000,
        bytesPerSecond: 2_500_000,
        secondsLeft: 6,
        layers: LAYERS,
      }),
    });

  it("words the progress in Spanish, with docker's references, IDs and sizes unchanged", () => {
    setLocale("es");
    renderView(running());
    expect(screen.getByRole("progressbar", { name: "Descargando nginx:latest" })).toHaveAttribute(
      "aria-valuenow",
      "45",
    );
    // The percentage and the time left are Imagen's own; sizes stay as docker prints them.
    expect(screen.getByText("45 % · 12.3MB de 27.1MB · 2.5MB/s · quedan 6s")).toBeInTheDocument();
    expect(screen.getByText("nginx:latest")).toBeInTheDocument();
    expect(screen.getByText("linux/arm64")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Detener la descarga" })).toBeInTheDocument();
    const rows = within(screen.getByRole("list", { name: "Capas" })).getAllByRole("listitem");
    expect(
      rows.map((row) => [
        row.querySelector(".id")?.textContent,
        row.querySelector(".status")?.textContent,
      ]),
    ).toEqual([
      ["a1b2c3d4e5f6", "Descargando"],
      ["0123456789ab", "Ya existe"],
      ["fedcba987654", "Completada"],
      ["111122223333", "En espera"],
      ["444455556666", "Extrayendo"],
    ]);
    expect(rows[0]).toHaveTextContent("5MB/20MB");
  });

  it("says “Preparando…” while sizes are unknown", () => {
    setLocale("es");
    renderView(entry({ progress: null }));
    expect(screen.getByText("Preparando…")).toBeInTheDocument();
  });

  it("says how a pull ended in Spanish", () => {
    setLocale("es");
    const { unmount } = renderView(
      done({ kind: "UpToDate", reference: "nginx:latest", imageId: null }),
    );
    expect(result()).toHaveTextContent("La imagen ya está actualizada");
    unmount();
    const { unmount: unmount2 } = renderView(
      done({
        kind: "Downloaded",
        reference: "nginx:latest",
        imageId: "sha256:1",
        replaced: null,
        newTag: false,
      }),
    );
    expect(result()).toHaveTextContent("Se descargó una imagen más reciente");
    unmount2();
    renderView(
      done({
        kind: "Downloaded",
        reference: "nginx:latest",
        imageId: "sha256:1",
        replaced: null,
        newTag: true,
      }),
    );
    expect(result()).toHaveTextContent("Descargada: la imagen ya está en este motor");
  });

  it("says a pull was cancelled in Spanish", () => {
    setLocale("es");
    renderView(entry({ status: "cancelled", outcome: { kind: "Cancelled" } }));
    expect(result()).toHaveTextContent("Cancelada: el motor dejó de descargar.");
  });

  it("switches language in place while the pull runs", async () => {
    renderView(running());
    expect(screen.getByText("45% · 12.3MB of 27.1MB · 2.5MB/s · 6s left")).toBeInTheDocument();
    expect(screen.getByText("Already exists")).toBeInTheDocument();

    setLocale("es");
    await tick();
    expect(
      screen.getByRole("progressbar", { name: "Descargando nginx:latest" }),
    ).toBeInTheDocument();
    expect(screen.getByText("45 % · 12.3MB de 27.1MB · 2.5MB/s · quedan 6s")).toBeInTheDocument();
    expect(screen.getByText("Ya existe")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Detener la descarga" })).toBeInTheDocument();
  });
});

describe("PullProgressView when nothing arrives", () => {
  it("says how long nothing has come instead of the last speed and time left", () => {
    const progress = fakeProgress({ fraction: 0.45 });
    renderView(entry({ progress, heardAt: Date.now() - 40_000 }));
    const figures = document.querySelector(".figures")!;
    expect(figures.textContent).toMatch(
      /^45% · (.+ · )?nothing received for 40s: the network may be slow or down; it goes on by itself, Cancel pull stops it$/,
    );
    expect(figures.textContent).not.toMatch(/\/s|left/);
  });

  it("says so before the first report too (a registry or engine that never answers)", () => {
    renderView(entry({ progress: null, heardAt: Date.now() - 40_000 }));
    expect(document.querySelector(".figures")!.textContent).toBe(
      "Preparing… · nothing received for 40s: the network may be slow or down; it goes on by itself, Cancel pull stops it",
    );
  });

  it("shows the speed while reports arrive", () => {
    const progress = fakeProgress({ fraction: 0.45 });
    renderView(entry({ progress, heardAt: Date.now() }));
    expect(document.querySelector(".figures")!.textContent).not.toMatch(/nothing received/);
  });
});
