// The pulls store's one-pull-per-image rule, on its own.
import { describe, expect, it } from "vitest";
import { FakeApi } from "../ipc/fake";
import { PullsStore } from "./pulls.svelte";

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
