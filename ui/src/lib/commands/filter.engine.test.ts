// The filter's command against `docker images --filter` itself: the Rust integration test
// (crates/imagen-core/tests/integration/filter.rs) ran docker with each set of filters on the
// private engine and recorded the set as one search-field text (its `as_query`) with docker's
// answer. For every one, the command Imagen shows for that text must pass docker exactly those
// filters (so it lists exactly the images recorded), and nothing may be left as Imagen's own.
// scripts/test.sh runs it after the engine tests, with IMAGEN_ENGINE_VECTORS naming the
// recording's folder (vite.config.ts leaves *.engine.test.ts out of plain `vitest` runs).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { applyQuery, parseQuery } from "../images/filter";
import type { ImageSummary } from "../ipc/api";
import { filterCommand } from "./filter";

type Recording = { images: ImageSummary[]; cases: { query: string; expect: number[] }[] };

const dir = process.env.IMAGEN_ENGINE_VECTORS;
if (!dir) throw new Error("IMAGEN_ENGINE_VECTORS is not set: run this through scripts/test.sh");
const recording = JSON.parse(readFileSync(join(dir, "filter-docker.json"), "utf8")) as Recording;

/** The filters docker was given, back from `as_query` (which quotes a value with a space). */
function dockerArgs(query: string): string[] {
  return (query.match(/[^ "]+(?:"[^"]*")?/g) ?? []).map((w) => w.replaceAll('"', ""));
}

describe("filter command vs docker images --filter (recorded on the private engine)", () => {
  it("has cases", () => expect(recording.cases.length).toBeGreaterThan(20));

  it.each(recording.cases.map((c) => [c.query, c.expect] as const))("%s", (query, want) => {
    const command = filterCommand(query);
    expect(command).not.toBeNull();
    expect(command!.imagenOnly).toEqual([]);
    // The engine reads its filters as a set: the order of the flags does not matter.
    expect([...command!.filters].sort()).toEqual(dockerArgs(query).sort());
    // And what Imagen shows for that text is what docker listed for those flags.
    const parsed = parseQuery(query);
    expect(parsed.ok && applyQuery(parsed.query, recording.images)).toEqual({
      ok: true,
      indices: want,
    });
  });
});
