import { displayName } from "./names";
import { describe, expect, it } from "vitest";
import { ImagesStore } from "./images.svelte";
import { FakeApi, fakeImage, fakeList } from "../ipc/fake";

describe("ImagesStore.reveal", () => {
  it("shows an image that arrived while a refresh was already running", async () => {
    const api = new FakeApi([fakeImage({ tags: ["redis:7"] })]);
    // Like the real engine, the list is taken when the call starts.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    api.listImages = async () => {
      const snapshot = fakeList(structuredClone(api.images));
      if (api.calls.push("listImages") === 1) await gate;
      return snapshot;
    };
    const store = new ImagesStore(api);
    const first = store.refresh(); // e.g. the window regained focus
    const pulled = fakeImage({ tags: ["nginx:latest"] });
    api.images = [...api.images, pulled];
    const revealing = store.reveal(pulled.id);
    release();
    await Promise.all([first, revealing]);
    expect(store.view.status).toBe("ready");
    const names =
      store.view.status === "ready" ? store.view.list.images.map((i) => displayName(i)) : [];
    expect(names).toContain("nginx:latest");
    expect(store.highlighted).toBe(pulled.id);
  });
});
