// An image's layers, read from `docker history` and its RootFS count: which steps added
// files, how much, and the instructions behind the biggest. No Svelte, no IPC.
import type { HistoryEntry } from "../ipc/api";
import { humanSize } from "../shared/format";

export interface BigLayer {
  /** The instruction as a Dockerfile reads (`RUN apk add curl`, `COPY file:… in /`). */
  instruction: string;
  /** The step's whole text as the engine recorded it. */
  createdBy: string;
  /** As `docker history` prints it (`7.8MB`). */
  sizeText: string;
  size: number;
}

export interface LayerFacts {
  /** Every step `docker history` lists. */
  steps: number;
  /** The image's layers: its inspect document's RootFS, as the inspector's Summary counts
   * them. Not the steps with a size: BuildKit's WORKDIR, a RUN that only deletes files or
   * makes an empty directory each make a layer that `docker history` prints as 0B. */
  layers: number;
  /** Steps `docker history` prints as 0B: most only change settings, some make a layer. */
  empty: number;
  /** The sum of the steps' sizes, worded like `docker images`. */
  totalText: string;
  /** The biggest layers, biggest first. */
  biggest: BigLayer[];
}

/**
 * The instruction behind a history step, as a Dockerfile has it: the classic builder's
 * `/bin/sh -c #(nop) ` prefix goes (`CMD ["sh"]`), a shell step reads `RUN …` whichever
 * builder wrote it (BuildKit's `RUN /bin/sh -c …` too), and the
 * `|2 A=1 B=2 ` build-argument prefix and BuildKit's ` # buildkit` suffix are dropped.
 */
export function instructionOf(createdBy: string): string {
  let text = createdBy.trim();
  text = text.replace(/\s+# buildkit$/, "");
  // The classic builder writes it first (`|1 V=1 /bin/sh -c make`), BuildKit after its `RUN `
  // (`RUN |1 V=1 /bin/sh -c make # buildkit`).
  text = text.replace(/^(RUN\s+)?\|\d+\s+(?:\S+=\S*\s+)*/, "$1");
  const nop = /^\/bin\/sh -c #\(nop\)\s+/.exec(text);
  if (nop) return text.slice(nop[0].length).trim();
  // The classic builder's shell step has no `RUN `; BuildKit's keeps the shell after it. A
  // Dockerfile's shell form (`RUN apk add curl`) has neither.
  const shell = /^(?:RUN\s+)?\/bin\/sh -c\s+/.exec(text);
  if (shell) return `RUN ${text.slice(shell[0].length).trim()}`;
  return text;
}

/** What `docker history` says about the image's `layers` (its RootFS count); `top` biggest
 * ones named. */
export function layerFacts(rows: readonly HistoryEntry[], layers: number, top = 3): LayerFacts {
  const adding = rows.filter((r) => r.size > 0);
  const total = rows.reduce((sum, r) => sum + Math.max(0, r.size), 0);
  const biggest = [...adding]
    .sort((a, b) => b.size - a.size)
    .slice(0, top)
    .map((r) => ({
      instruction: instructionOf(r.createdBy),
      createdBy: r.createdBy,
      sizeText: r.sizeText,
      size: r.size,
    }));
  return {
    steps: rows.length,
    layers,
    empty: rows.length - adding.length,
    totalText: humanSize(total),
    biggest,
  };
}
