// The filter's TypeScript port against `docker images --filter` itself: the Rust integration
// test (crates/imagen-core/tests/integration/filter.rs) records docker's answers on the
// private engine, and this test runs the same queries over the same images. scripts/test.sh
// runs it after the engine tests, with IMAGEN_ENGINE_VECTORS naming the recording's folder
// (vite.config.ts leaves *.engine.test.ts out of plain `vitest` runs, which have no engine).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { applyQuery, parseQuery } from "./filter";
import type { ImageSummary } from "../ipc/api";

type Recording = { images: ImageSummary[]; cases: { query: string; expect: number[] }[] };

const dir = process.env.IMAGEN_ENGINE_VECTORS;
if (!dir) throw new Error("IMAGEN_ENGINE_VECTORS is not set: run this through scripts/test.sh");
const recording = JSON.parse(readFileSync(join(dir, "filter-docker.json"), "utf8")) as Recording;

describe("filter port vs docker images --filter (recorded on the private engine)", () => {
  it.each(recording.cases.map((c) => [c.query, c.expect] as const))("%s", (query, want) => {
    const parsed = parseQuery(query);
    expect(parsed.ok).toBe(true);
    if (parsed.ok)
      expect(applyQuery(parsed.query, recording.images)).toEqual({ ok: true, indices: want });
  });
});
