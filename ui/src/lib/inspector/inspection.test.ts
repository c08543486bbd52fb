import { describe, expect, it } from "vitest";
import { FakeApi, fakeImage } from "../ipc/fake";
import type { ImagenError } from "../ipc/api";
import { InspectionStore } from "./inspection.svelte";

const settle = () => new Promise((r) => setTimeout(r, 0));

const lost: ImagenError = {
  kind: "EngineUnreachable",
  address: "unix:///var/run/docker.sock",
  reason: "Connection refused",
  cause: "Refused",
};

/** A store with `image` open and inspected. */
async function opened() {
  const image = fakeImage({ tags: ["nginx:alpine"] });
  const api = new FakeApi([image]);
  const store = new InspectionStore(api);
  store.open(image.id);
  await settle();
  expect(store.inspection.status).toBe("ready");
  return { api, store, image };
}

const inspectedTags = (store: InspectionStore) =>
  store.inspection.status === "ready" ? store.inspection.value.details.tags : null;

describe("InspectionStore.follow", () => {
  it("inspects again once per change of the listed tags", async () => {
    const { api, store, image } = await opened();
    const tags = [...image.tags, "web:test"];
    api.images = [{ ...image, tags }];
    store.follow(tags);
    store.follow(tags);
    await settle();
    expect(inspectedTags(store)).toEqual(tags);
    store.follow(tags);
    await settle();
    expect(api.inspectCalls.map((c) => c.again)).toEqual([false, true]);
  });

  it("tries again on the next list after a look again that failed", async () => {
    const { api, store, image } = await opened();
    const tags = [...image.tags, "web:test"];
    api.images = [{ ...image, tags }];
    api.failWith = lost;
    store.follow(tags);
    await settle();
    // The failure keeps what was shown.
    expect(inspectedTags(store)).toEqual(image.tags);
    // The engine answers again; the next list, with the same tags, asks again.
    api.failWith = null;
    store.follow(tags);
    await settle();
    expect(inspectedTags(store)).toEqual(tags);
    expect(api.inspectCalls.map((c) => c.again)).toEqual([false, true, true]);
  });
});
