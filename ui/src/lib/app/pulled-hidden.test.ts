import { describe, expect, it } from "vitest";
import { PulledHidden } from "./pulled-hidden.svelte";

const a = { id: "sha256:a" };
const b = { id: "sha256:b" };
const done = () => Promise.resolve();

describe("PulledHidden", () => {
  it("holds a pull while the list has it and the grid does not show it", async () => {
    const pulled = new PulledHidden();
    await pulled.note("nginx:1", a.id, done);
    expect(pulled.hidden([a, b], [b])).toEqual([{ id: a.id, reference: "nginx:1" }]);
    // Shown: not hidden. Not listed (deleted meanwhile): not hidden either.
    expect(pulled.hidden([a, b], [a, b])).toEqual([]);
    expect(pulled.hidden([b], [b])).toEqual([]);
  });

  it("is done with a pull once its card showed: a later filter hiding it says nothing", async () => {
    const pulled = new PulledHidden();
    await pulled.note("nginx:1", a.id, done);
    pulled.settle(pulled.hidden([a], [a]));
    expect(pulled.hidden([a], [])).toEqual([]);
  });

  it("the same image pulled again by another name is held once, by its latest name", async () => {
    const pulled = new PulledHidden();
    await pulled.note("nginx:1", a.id, done);
    await pulled.note("nginx:latest", a.id, done);
    expect(pulled.hidden([a], [])).toEqual([{ id: a.id, reference: "nginx:latest" }]);
  });

  it("notes nothing for a pull without an ID, or one whose engine the window left meanwhile", async () => {
    const pulled = new PulledHidden();
    await pulled.note("nginx:1", null, done);
    expect(pulled.hidden([a], [])).toEqual([]);

    let finish: () => void = () => {};
    const revealing = pulled.note("nginx:1", a.id, () => new Promise<void>((r) => (finish = r)));
    pulled.leaveEngine();
    finish();
    await revealing;
    // The same ID on the new engine is not the pull's image.
    expect(pulled.hidden([a], [])).toEqual([]);
  });

  it("leaving an engine forgets what was held", async () => {
    const pulled = new PulledHidden();
    await pulled.note("nginx:1", a.id, done);
    pulled.leaveEngine();
    expect(pulled.hidden([a], [])).toEqual([]);
  });
});
