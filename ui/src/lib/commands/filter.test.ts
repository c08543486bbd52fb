import { describe, expect, it } from "vitest";
import { applyQuery, parseQuery, type FilterError } from "../images/filter";
import type { ImageSummary } from "../ipc/api";
import { exactSize, filterCommand, hidesUntagged, termText, type ImagenOnlyTerm } from "./filter";
import { shellLine } from "./shell";
// The vectors both filter ports run (crates/imagen-core/tests/filter-vectors.json).
import vectors from "../../../../crates/imagen-core/tests/filter-vectors.json";

type Expect = number[] | { error: FilterError; message: string };
const data = vectors as unknown as {
  images: ImageSummary[];
  cases: { query: string; expect: Expect; note: string }[];
};

/** docker's filter keys, which `docker images --filter` takes. */
const DOCKER_KEYS = ["dangling", "label", "reference", "before", "since"];

/** docker's filters as one search-field text, as crates/imagen-core/tests/integration/filter.rs
 * writes them (`as_query`): that test checks such a text keeps exactly the images docker lists
 * for the same filters, on a real engine. */
function asQuery(filters: readonly string[]): string {
  return filters
    .map((f) => {
      const eq = f.indexOf("=");
      const value = f.slice(eq + 1);
      return value.includes(" ") ? `${f.slice(0, eq)}="${value}"` : f;
    })
    .join(" ");
}

function indices(query: string): number[] {
  const parsed = parseQuery(query);
  if (!parsed.ok) throw new Error(`${query}: ${parsed.error.kind}`);
  const applied = applyQuery(parsed.query, data.images);
  if (!applied.ok) throw new Error(`${query}: ${applied.error.kind}`);
  return applied.indices;
}

const listed = data.cases.filter((c): c is { query: string; expect: number[]; note: string } =>
  Array.isArray(c.expect),
);

describe("filterCommand over the shared filter vectors", () => {
  it("covers both kinds of case: docker's terms only, and Imagen's own terms", () => {
    const kinds = listed.map((c) => filterCommand(c.query)!.imagenOnly.length > 0);
    expect(kinds.filter(Boolean).length).toBeGreaterThan(10);
    expect(kinds.filter((k) => !k).length).toBeGreaterThan(40);
  });

  it.each(listed.map((c) => [c.query, c.note, c.expect] as const))(
    "%j (%s)",
    (query, _note, want) => {
      const command = filterCommand(query)!;
      expect(command.args).toEqual([
        "docker",
        "images",
        ...command.filters.flatMap((f) => ["--filter", f]),
      ]);
      expect(command.command).toBe(shellLine(command.args));
      for (const f of command.filters) expect(DOCKER_KEYS).toContain(f.slice(0, f.indexOf("=")));
      // What docker lists for these flags (Imagen's docker terms are docker's, as the engine
      // test checks): exactly what Imagen shows when no term is Imagen's own.
      const docker = indices(asQuery(command.filters));
      if (command.imagenOnly.length === 0) {
        expect(docker).toEqual(want);
      } else {
        // Else more, or as many: Imagen's own terms only narrow docker's list, and they are
        // all listed — docker's flags plus those terms keep exactly what Imagen shows.
        expect(want.every((i) => docker.includes(i))).toBe(true);
        const rebuilt = [asQuery(command.filters), ...command.imagenOnly.map(termText)].join(" ");
        expect(indices(rebuilt)).toEqual(want);
      }
    },
  );

  it("has no command for a search that does not parse; docker refuses the same image lookups", () => {
    for (const c of data.cases) {
      if (Array.isArray(c.expect)) continue;
      const command = filterCommand(c.query);
      if (c.expect.error.kind === "NoSuchImage") {
        // before=/since= naming no image: docker's own error (No such image) for the same flag.
        expect(command!.filters.some((f) => /^(before|since)=/.test(f))).toBe(true);
      } else {
        expect(command).toBeNull();
      }
    }
  });
});

describe("filterCommand", () => {
  it("is docker images for an empty search", () => {
    expect(filterCommand("")).toEqual({
      filters: [],
      args: ["docker", "images"],
      all: false,
      command: "docker images",
      imagenOnly: [],
    });
    expect(filterCommand("   ")!.command).toBe("docker images");
  });

  it("writes one --filter per docker term, quoted for the shell", () => {
    expect(
      filterCommand('DANGLING=false label=com.example.note="two words" reference=*/busybox')!
        .command,
    ).toBe(
      'docker images --filter dangling=false --filter "label=com.example.note=two words" --filter "reference=*/busybox"',
    );
    expect(filterCommand("label=com.example.flag= before=nginx since=c0ffee")!.command).toBe(
      "docker images --filter label=com.example.flag= --filter before=nginx --filter since=c0ffee",
    );
  });

  it("repeats reference= (docker ORs them) and before=/since= (every one must hold)", () => {
    expect(filterCommand("reference=nginx reference=busybox before=a before=b")!.filters).toEqual([
      "reference=nginx",
      "reference=busybox",
      "before=a",
      "before=b",
    ]);
  });

  it("says which terms are Imagen's own, and leaves them out of the command", () => {
    const command = filterCommand('in-use=true size>=1.5GB nginx "two words" reference=n*')!;
    expect(command.command).toBe('docker images --filter "reference=n*"');
    expect(command.imagenOnly).toEqual<ImagenOnlyTerm[]>([
      { kind: "text", text: "nginx" },
      { kind: "text", text: "two words" },
      { kind: "in-use", inUse: true },
      { kind: "size", comparison: ">=", bytes: 1_500_000_000 },
    ]);
    expect(command.imagenOnly.map(termText)).toEqual([
      "nginx",
      '"two words"',
      "in-use=true",
      "size>=1.5GB",
    ]);
    expect(filterCommand("in-use=false")!.command).toBe("docker images");
  });

  it("writes dangling= as true or false, which every engine reads (older ones refuse 1 and 0)", () => {
    expect(filterCommand("dangling=1")!.command).toBe("docker images --filter dangling=true");
    expect(filterCommand("DANGLING=0 label=a")!.filters).toEqual(["dangling=false", "label=a"]);
    expect(filterCommand("dangling=1 dangling=true dangling=1")!.filters).toEqual([
      "dangling=true",
    ]);
    // Not a filter docker takes: no command, as for any search that does not parse.
    expect(filterCommand("dangling=TRUE")).toBeNull();
  });

  it("takes a parsed query too", () => {
    const parsed = parseQuery("dangling=true");
    expect(parsed.ok && filterCommand(parsed.query).command).toBe(
      "docker images --filter dangling=true",
    );
  });
});

describe("exactSize", () => {
  it("writes whole bytes exactly, in the largest unit they reach", () => {
    expect(exactSize(0)).toBe("0B");
    expect(exactSize(999)).toBe("999B");
    expect(exactSize(1000)).toBe("1kB");
    expect(exactSize(5_600)).toBe("5.6kB");
    expect(exactSize(100_000_000)).toBe("100MB");
    expect(exactSize(123_456_789)).toBe("123.456789MB");
    expect(exactSize(1_500_000_000)).toBe("1.5GB");
    expect(exactSize(2_000_000_000_001)).toBe("2.000000000001TB");
  });

  it("reads back as the same bound", () => {
    for (const bytes of [1, 999, 1001, 48_300_000, 1_980_000, 9_007_199_254_740_991]) {
      const parsed = parseQuery(`size<=${exactSize(bytes)}`);
      expect(parsed.ok && parsed.query.sizes).toEqual([{ comparison: "<=", bytes }]);
    }
  });
});

/** What Docker CLI 29.1.3 and later list for a command (docker/cli cli/command/image/list.go,
 * `runImages`): the engine's answer for its filters, then, without `-a`, every image without
 * a tag dropped unless the filters have a dangling= and none is the spelling `false`
 * (`if dangling, ok := filters["dangling"]; !ok || dangling["false"]`). */
function cli29(args: readonly string[]): number[] {
  const all = args.includes("-a");
  const filters = args.filter((_, i) => args[i - 1] === "--filter");
  const answer = indices(asQuery(filters));
  const dangling = filters.filter((f) => f.startsWith("dangling="));
  if (all || (dangling.length > 0 && !dangling.includes("dangling=false"))) return answer;
  return answer.filter((i) => data.images[i]!.tags.length > 0);
}

describe("the command with a CLI that hides untagged images (Docker 29 and later)", () => {
  it("is when the engine speaks API 1.52 or later, and is not Podman", () => {
    const engine = (apiVersion: string, podman = false) => ({ apiVersion, podman });
    expect(hidesUntagged(null)).toBe(false);
    expect(hidesUntagged(engine("1.41"))).toBe(false);
    expect(hidesUntagged(engine("1.51"))).toBe(false);
    expect(hidesUntagged(engine("1.52"))).toBe(true);
    expect(hidesUntagged(engine("1.55"))).toBe(true);
    expect(hidesUntagged(engine("2.0"))).toBe(true);
    expect(hidesUntagged(engine("1.52", true))).toBe(false);
  });

  it("says -a only when the grid shows an untagged image the CLI would leave out", () => {
    const hides = { hidesUntagged: true, untaggedShown: true };
    expect(filterCommand("", hides)!.command).toBe("docker images -a");
    expect(filterCommand("", { ...hides, untaggedShown: false })!.command).toBe("docker images");
    expect(filterCommand("", { ...hides, hidesUntagged: false })!.command).toBe("docker images");
    expect(filterCommand("reference=n*", hides)!.args).toEqual([
      "docker",
      "images",
      "-a",
      "--filter",
      "reference=n*",
    ]);
    // dangling=true: the CLI keeps what the engine sends (untagged images only).
    expect(filterCommand("dangling=true", hides)!).toMatchObject({
      all: false,
      command: "docker images --filter dangling=true",
    });
    // dangling=false keeps images pulled by digest, which the CLI drops without -a.
    expect(filterCommand("dangling=false", hides)!.command).toBe(
      "docker images -a --filter dangling=false",
    );
    // 1 and 0 are written as true and false, and -a follows what is written.
    expect(filterCommand("dangling=1", hides)!.command).toBe(
      "docker images --filter dangling=true",
    );
    expect(filterCommand("dangling=0", hides)!.command).toBe(
      "docker images -a --filter dangling=false",
    );
  });

  it.each(listed.map((c) => [c.query, c.note, c.expect] as const))(
    "lists what Imagen shows: %j (%s)",
    (query, _note, want) => {
      const list = {
        hidesUntagged: true,
        untaggedShown: want.some((i) => data.images[i]!.tags.length === 0),
      };
      const command = filterCommand(query, list)!;
      const listedByCli = cli29(command.args);
      if (command.imagenOnly.length === 0) expect(listedByCli).toEqual(want);
      else expect(want.every((i) => listedByCli.includes(i))).toBe(true);
      // And without -a, a CLI 29 would have left some of the grid's images out.
      if (command.all) {
        const without = command.args.filter((w) => w !== "-a");
        expect(want.every((i) => cli29(without).includes(i))).toBe(false);
      }
    },
  );

  it("has cases where -a is needed and cases where it is not", () => {
    const alls = listed.map(
      (c) =>
        filterCommand(c.query, {
          hidesUntagged: true,
          untaggedShown: c.expect.some((i) => data.images[i]!.tags.length === 0),
        })!.all,
    );
    expect(alls.filter(Boolean).length).toBeGreaterThan(3);
    expect(alls.filter((a) => !a).length).toBeGreaterThan(10);
  });
});
