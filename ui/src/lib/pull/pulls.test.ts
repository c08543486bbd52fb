// The pulls store's one-pull-per-image rule, on its own.
import { describe, expect, it, vi } from "vitest";
import { FakeApi } from "../ipc/fake";
import { PullsStore, retryCommand } from "./pulls.svelte";

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
