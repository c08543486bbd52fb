import { describe, expect, it } from "vitest";
import { FakeApi, fakeChoice } from "../ipc/fake";
import type { EngineChoices } from "../ipc/api";
import type { ImagesStore } from "../images/images.svelte";
import { EnginesStore } from "./engines.svelte";

/** A fake whose engine lists are answered by hand, in any order. */
function handAnswered() {
  const api = new FakeApi([]);
  const pending: ((choices: EngineChoices) => void)[] = [];
  api.listEngines = () => new Promise((resolve) => pending.push(resolve));
  return { api, pending };
}

describe("EnginesStore.load", () => {
  it("keeps the latest read when an older one answers last, and stays loading until it does", async () => {
    const { api, pending } = handAnswered();
    const engines = new EnginesStore(api, {} as ImagesStore);
    const older = structuredClone(api.engines);
    const newer = structuredClone(api.engines);
    // Between the two reads `docker context use colima` ran in a terminal.
    newer.choices.push(fakeChoice("context:colima", "colima"));
    const first = engines.load();
    const second = engines.load();
    pending[1]!(newer);
    await second;
    expect(engines.choices).toEqual(newer);
    expect(engines.loading).toBe(false);
    pending[0]!(older);
    await first;
    expect(engines.choices).toEqual(newer);

    // And the other way round: the older read answering first does not end the loading.
    const third = engines.load();
    const fourth = engines.load();
    pending[2]!(older);
    await third;
    expect(engines.loading).toBe(true);
    expect(engines.choices).toEqual(newer);
    pending[3]!(older);
    await fourth;
    expect(engines.loading).toBe(false);
    expect(engines.choices).toEqual(older);
  });
});

describe("EnginesStore.choose(null)", () => {
  it("reads the list again before calling Automatic nothing to do: docker may have moved since it was read", async () => {
    const api = new FakeApi([]);
    const images = { switched: () => Promise.resolve() } as unknown as ImagesStore;
    const engines = new EnginesStore(api, images);
    api.engines.choices.push(fakeChoice("context:colima", "colima"));
    await engines.load();
    // `docker context use colima` in a terminal, with the dialog open.
    api.engines.choices[0]!.dockerDefault = false;
    api.engines.choices[1]!.dockerDefault = true;
    api.engines.dockerMoved = true;

    expect(await engines.choose(null)).toBe(true);
    expect(api.calls.filter((c) => c === "listEngines")).toHaveLength(2);
    expect(api.calls).toContain("chooseEngine");
  });

  it("changes nothing when the fresh list says Imagen already uses what docker uses", async () => {
    const api = new FakeApi([]);
    const engines = new EnginesStore(api, {} as ImagesStore);
    await engines.load();

    expect(await engines.choose(null)).toBe(true);
    expect(api.calls).not.toContain("chooseEngine");
    expect(engines.switching).toBeUndefined();
  });
});
