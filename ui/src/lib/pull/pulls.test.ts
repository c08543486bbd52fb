// The pulls store's one-pull-per-image rule, on its own.
import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeApi, fakeProgress } from "../ipc/fake";
import type { PullProgress } from "../ipc/api";
import { setLocale } from "../i18n/locale.svelte";
import { PullsStore, pullNotes, pullSummary, retryCommand, type PullEntry } from "./pulls.svelte";
import { pullNews } from "../app/pull-news";

describe("PullsStore.start: the running pull of the same image", () => {
  it("is shown again for the same image in another spelling, not for another tag", () => {
    const pulls = new PullsStore(new FakeApi([]));
    const first = pulls.start("nginx", null);
    expect(pulls.start("docker.io/library/nginx:latest", null)).toBe(first);
    expect(pulls.start("nginx:alpine", null)).not.toBe(first);
    expect(pulls.start("nginx", "linux/arm64")).not.toBe(first);
  });

  it("is not one being cancelled: that one ends Cancelled, and this click must pull", () => {
    const pulls = new PullsStore(new FakeApi([]));
    const first = pulls.start("nginx", null);
    pulls.find(first)!.cancelAsked = true;
    expect(pulls.start("nginx", null)).not.toBe(first);
  });

  it("is not one left running on the engine Imagen was on before a switch", () => {
    const pulls = new PullsStore(new FakeApi([]));
    const first = pulls.start("nginx", null);
    pulls.engineSwitched();
    const second = pulls.start("nginx", null);
    expect(second).not.toBe(first);
    expect(pulls.start("nginx", null)).toBe(second);
  });
});

describe("PullsStore: a finished pull", () => {
  it("is told to the app on the engine it ran on, not after a switch to another engine", async () => {
    const api = new FakeApi([]);
    const finished = vi.fn();
    const pulls = new PullsStore(api, finished);
    const done = {
      kind: "Downloaded",
      reference: "nginx:latest",
      imageId: "sha256:1",
      replaced: null,
      newTag: false,
    } as const;

    const here = pulls.start("nginx", null);
    api.pulls.get(here)!.settle(done);
    await vi.waitFor(() => expect(pulls.find(here)?.status).toBe("done"));
    expect(finished).toHaveBeenCalledExactlyOnceWith(done);

    // Running when Imagen switched engines, finished on the engine before.
    finished.mockClear();
    const before = pulls.start("redis", null);
    pulls.engineSwitched();
    api.pulls.get(before)!.settle(done);
    await vi.waitFor(() => expect(pulls.find(before)?.status).toBe("done"));
    expect(finished).not.toHaveBeenCalled();
  });
});

describe("PullsStore: pulls from the engine before a switch", () => {
  it("keep the name of the engine they started on, and are known as earlier once Imagen switched", () => {
    let name: string | null = "Docker Desktop";
    const pulls = new PullsStore(new FakeApi([]), () => {}, {
      seenOn: () => null,
      elsewhere: () => {},
      name: () => name,
    });
    const before = pulls.find(pulls.start("nginx", null))!;
    expect(pulls.fromEarlierEngine(before)).toBe(false);
    pulls.engineSwitched();
    name = "colima";
    const after = pulls.find(pulls.start("redis", null))!;
    expect(pulls.fromEarlierEngine(before)).toBe(true);
    expect(before.engineName).toBe("Docker Desktop");
    expect(pulls.fromEarlierEngine(after)).toBe(false);
    expect(after.engineName).toBe("colima");
  });

  it("say a first pull put the image on that engine, not on this one", () => {
    const entry = {
      id: "p",
      reference: "redis",
      platform: null,
      status: "done",
      progress: null,
      heardAt: 0,
      outcome: {
        kind: "Downloaded",
        reference: "redis:latest",
        imageId: "sha256:1",
        replaced: null,
        newTag: true,
      },
      error: null,
    } as const;
    expect(pullSummary({ ...entry })).toBe("Downloaded: the image is now on this engine");
    expect(pullSummary({ ...entry }, true)).toBe("Downloaded: the image is now on that engine");
    expect(pullNews({ ...entry }, true).text).toBe(
      "Pull of redis: Downloaded: the image is now on that engine",
    );
  });
});

describe("retryCommand: what Try again runs", () => {
  it("is docker pull with the name as the dialog showed it, and the platform", () => {
    const pulls = new PullsStore(new FakeApi([]));
    const entry = (reference: string, platform: string | null) =>
      pulls.find(pulls.start(reference, platform))!;
    expect(retryCommand(entry("nginx", null))).toBe("docker pull nginx:latest");
    expect(retryCommand(entry("docker.io/library/redis:7", "linux/arm64"))).toBe(
      "docker pull --platform linux/arm64 redis:7",
    );
    const digest = "nginx@sha256:" + "a".repeat(64);
    expect(retryCommand(entry(digest, null))).toBe(`docker pull ${digest}`);
  });
});

describe("PullsStore: the engine a pull is asked on", () => {
  it("is sent with the pull; a pull the backend finds on another engine fails, and Try again pulls on the one in use", async () => {
    const api = new FakeApi([]);
    let seen: string | null = api.engine.address;
    const elsewhere = vi.fn();
    const pulls = new PullsStore(api, () => {}, { seenOn: () => seen, elsewhere });

    const here = pulls.start("nginx", null);
    expect(api.pulls.get(here)?.engine).toBe(api.engine.address);

    // The window still showed the engine before; the backend is on another one now.
    seen = "unix:///run/the-engine-before.sock";
    const stale = pulls.start("redis", null);
    await vi.waitFor(() => expect(pulls.find(stale)?.status).toBe("failed"));
    expect(pulls.find(stale)?.error).toEqual({ kind: "EngineSwitched", to: api.engine.address });
    expect(api.pulls.has(stale)).toBe(false);
    expect(elsewhere).toHaveBeenCalledOnce();

    seen = api.engine.address;
    const again = pulls.retry(stale)!;
    expect(pulls.find(again)?.status).toBe("running");
    expect(api.pulls.get(again)?.engine).toBe(api.engine.address);
  });
});

describe("pullNotes: a Docker config saved with a byte order mark or as UTF-16", () => {
  afterEach(() => setLocale("en", null));
  const path = "C:\\Users\\ana\\.docker\\config.json";
  const ended = (
    status: "done" | "failed",
    encoding: "Utf8WithBom" | "Utf16" | null,
  ): PullEntry => {
    const warnings: PullProgress["warnings"] = [
      {
        kind: "DockerConfigUnreadable",
        path,
        problem: "it was saved with a byte order mark (UTF-8 with BOM), which docker cannot read",
        encoding,
      },
    ];
    return {
      id: "pull-1",
      reference: "ghcr.io/ana/app",
      platform: null,
      status,
      progress: fakeProgress({ warnings }),
      heardAt: 0,
      outcome: null,
      error: null,
    };
  };

  it("says docker ignores it too and how to save it, not the backend's English clause", () => {
    expect(pullNotes(ended("done", "Utf8WithBom"))).toEqual([
      `Pulled without credentials because Imagen cannot use ${path}: it was saved with a byte order mark (as Windows PowerShell 5.1's Set-Content -Encoding UTF8 and older versions of Notepad save it), which docker cannot read either (a terminal's docker pull says “WARNING: Error loading config file” and goes on without it too). Save config.json as UTF-8 without a BOM (in VS Code: “Save with Encoding” › UTF-8).`,
    ]);
    expect(pullNotes(ended("failed", "Utf16"))).toEqual([
      `Tried without credentials because Imagen cannot use ${path}: it was saved as UTF-16 (as Windows PowerShell's > saves it), which docker cannot read either (a terminal's docker pull says “WARNING: Error loading config file” and goes on without it too). Save config.json as UTF-8 (in VS Code: “Save with Encoding” › UTF-8).`,
    ]);
  });

  it("says it in Spanish", () => {
    setLocale("es", null);
    expect(pullNotes(ended("done", "Utf8WithBom"))).toEqual([
      `Se descargó sin credenciales porque Imagen no puede usar ${path}: se guardó con una marca de orden de bytes o BOM (así lo guardan Set-Content -Encoding UTF8 de Windows PowerShell 5.1 y las versiones antiguas del Bloc de notas), y docker tampoco puede leerlo (docker pull en una terminal dice «WARNING: Error loading config file» y también sigue sin él). Guarda config.json como UTF-8 sin BOM (en VS Code: «Guardar con codificación» › UTF-8).`,
    ]);
    expect(pullNotes(ended("failed", "Utf16"))).toEqual([
      `Se intentó sin credenciales porque Imagen no puede usar ${path}: se guardó como UTF-16 (así lo guarda > en Windows PowerShell), y docker tampoco puede leerlo (docker pull en una terminal dice «WARNING: Error loading config file» y también sigue sin él). Guarda config.json como UTF-8 (en VS Code: «Guardar con codificación» › UTF-8).`,
    ]);
  });

  it("keeps the backend's clause for a file that is otherwise unreadable", () => {
    const entry = ended("done", null);
    entry.progress!.warnings = [
      { kind: "DockerConfigUnreadable", path, problem: "it is not valid JSON (line 3, column 7)" },
    ];
    expect(pullNotes(entry)).toEqual([
      `Pulled without credentials because Imagen could not read ${path}: it is not valid JSON (line 3, column 7).`,
    ]);
  });
});
