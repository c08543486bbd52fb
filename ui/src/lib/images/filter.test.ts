import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/locale.svelte";
import type { ImageSummary } from "../ipc/api";
import {
  applyQuery,
  filterImages,
  filterMessage,
  parseQuery,
  patternHint,
  validKeys,
  type FilterError,
} from "./filter";
// The same file the Rust unit test `shared_vectors` in crates/imagen-core/src/images/filter.rs runs.
import vectors from "../../../../crates/imagen-core/tests/filter-vectors.json";
import { fakeImage } from "../ipc/fake";

type Expect = number[] | { error: FilterError; message: string };
type Vectors = {
  images: ImageSummary[];
  cases: { query: string; expect: Expect; note: string }[];
};
const data = vectors as unknown as Vectors;

function run(query: string, images: readonly ImageSummary[]) {
  const parsed = parseQuery(query);
  return parsed.ok ? applyQuery(parsed.query, images) : parsed;
}

describe("filter: shared vectors with Rust", () => {
  it("exercise every key and every way a search fails", () => {
    const queries = data.cases.map((c) => c.query.toLowerCase());
    for (const key of validKeys()) expect(queries.some((q) => q.includes(key))).toBe(true);
    const kinds = new Set(
      data.cases.flatMap((c) => ("error" in c.expect ? [c.expect.error.kind] : [])),
    );
    const all: Record<FilterError["kind"], true> = {
      UnclosedQuote: true,
      UnknownKey: true,
      EmptyValue: true,
      BadBool: true,
      ConflictingValues: true,
      BadLabel: true,
      BadPattern: true,
      BadSize: true,
      WrongOperator: true,
      NoSuchImage: true,
    };
    expect([...kinds].sort()).toEqual(Object.keys(all).sort());
  });

  it.each(data.cases.map((c) => [c.query, c.note, c.expect] as const))(
    "%j (%s)",
    (query, _note, want) => {
      const got = run(query, data.images);
      if (Array.isArray(want)) {
        expect(got).toEqual({ ok: true, indices: want });
      } else {
        expect(got).toEqual({ ok: false, error: want.error });
        if (!got.ok) expect(filterMessage(got.error)).toBe(want.message);
      }
    },
  );
});

describe("filter", () => {
  it("lists the valid keys in unknown-key errors", () => {
    const parsed = parseQuery("colour=red");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toEqual({ kind: "UnknownKey", key: "colour", valid: [...validKeys()] });
      expect(filterMessage(parsed.error)).toBe(
        "Unknown filter “colour”. Valid filters: dangling, label, reference, before, since, in-use, size.",
      );
    }
  });

  it("words bad booleans and sizes like the issue asks", () => {
    const bool = parseQuery("dangling=maybe");
    expect(!bool.ok && filterMessage(bool.error)).toBe(
      "dangling takes true, false, 1 or 0, not “maybe”.",
    );
    const size = parseQuery("size>12XB");
    expect(!size.ok && filterMessage(size.error)).toMatch(/“12XB”.*B, kB, MB, GB or TB/);
  });

  it("reads dangling= as recent docker does: exactly true, false, 1 or 0", () => {
    const parsed = (query: string) => {
      const got = parseQuery(query);
      return got.ok ? { dangling: got.query.dangling } : got;
    };
    expect(parsed("dangling=1")).toEqual({ dangling: true });
    expect(parsed("dangling=0")).toEqual({ dangling: false });
    expect(parsed("DANGLING=1 dangling=true dangling=1")).toEqual({ dangling: true });
    for (const value of ["TRUE", "True", "FALSE", "01", "yes", "t"]) {
      expect(parsed(`dangling=${value}`)).toEqual({
        ok: false,
        error: { kind: "BadBool", key: "dangling", value },
      });
    }
    expect(parsed("dangling=1 dangling=0")).toEqual({
      ok: false,
      error: { kind: "ConflictingValues", key: "dangling" },
    });
    // in-use= is Imagen's own: the same four, and true/false in any case.
    const inUse = (query: string) => {
      const got = parseQuery(query);
      return got.ok ? got.query.inUse : got.error.kind;
    };
    expect([inUse("in-use=1"), inUse("in-use=0"), inUse("in-use=TRUE")]).toEqual([
      true,
      false,
      true,
    ]);
    expect(inUse("in-use=yes")).toBe("BadBool");
  });

  it("finds images without a tag by the <none> docker images prints for them", () => {
    const digest = "@sha256:" + "b".repeat(64);
    const images: ImageSummary[] = [
      { ...structuredClone(data.images[3]!), tags: [], digests: [] },
      { ...structuredClone(data.images[4]!), tags: [], digests: ["ghcr.io/owner/tool" + digest] },
      { ...structuredClone(data.images[0]!), tags: ["app:1"], digests: ["nginx" + digest] },
      { ...structuredClone(data.images[0]!), tags: ["nginx:1"], digests: ["nginx" + digest] },
    ];
    const found = (query: string) => {
      const got = filterImages(query, images);
      return got.ok && got.indices;
    };
    expect(found("<none>")).toEqual([0, 1, 2]);
    expect(found("tool:<none>")).toEqual([1]);
    expect(found("nginx:<none>")).toEqual([2]);
    // The chip of an image without tag or digest.
    expect(found("<none>:<none>")).toEqual([0]);
  });

  it("does not touch its inputs", () => {
    const images = structuredClone(data.images);
    const parsed = parseQuery("nginx reference=* size>1B");
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      const frozen = structuredClone(parsed.query);
      applyQuery(parsed.query, images);
      expect(parsed.query).toEqual(frozen);
    }
    expect(images).toEqual(data.images);
  });

  it("matches reference= patterns by code point, with and without astral characters", () => {
    const images = [
      { ...structuredClone(data.images[0]!), tags: ["\u{1F40B}/app:1"], digests: [] },
      { ...structuredClone(data.images[0]!), tags: ["x/app:1"], digests: [] },
      { ...structuredClone(data.images[0]!), tags: ["xy/app:1"], digests: [] },
    ];
    expect(filterImages("reference=?/app:1", images)).toEqual({ ok: true, indices: [0, 1] });
    expect(filterImages("reference=??/app:1", images)).toEqual({ ok: true, indices: [2] });
    expect(filterImages("reference=*/app:*", images)).toEqual({ ok: true, indices: [0, 1, 2] });
    expect(filterImages("reference=[\u{1F400}-\u{1F4FF}]/*", images)).toEqual({
      ok: true,
      indices: [0],
    });
    // Literal runs a name lacks rule it out; ones it has in the wrong place do not match.
    expect(filterImages("reference=*y/app*", images)).toEqual({ ok: true, indices: [2] });
    expect(filterImages("reference=app*", images)).toEqual({ ok: true, indices: [] });
    // * and ? never match a slash, but a class can.
    const nested = [
      { ...structuredClone(data.images[0]!), tags: ["a/b:1"], digests: [] },
      { ...structuredClone(data.images[0]!), tags: ["a/b/c:1"], digests: [] },
    ];
    expect(filterImages("reference=*/*", nested)).toEqual({ ok: true, indices: [0] });
    expect(filterImages("reference=a?b", nested)).toEqual({ ok: true, indices: [] });
    expect(filterImages("reference=a[/]b", nested)).toEqual({ ok: true, indices: [0] });
    expect(filterImages("reference=a[/]b/*", nested)).toEqual({ ok: true, indices: [1] });
    expect(filterImages("reference=*/*/c:?", nested)).toEqual({ ok: true, indices: [1] });
  });

  it("matches free text as one haystack per image did, across a whole list", () => {
    // The per-image check free text had before the list-wide index, and the <none> rows
    // docker/cli's imageFormat prints (REPOSITORY and TAG `<none>` for an image without tag or
    // digest, else a `repo <none>` row per repository with a digest and no tag).
    const repository = (reference: string) => reference.replace(/@.*$|:[^:/]*$/, "");
    const rows = (image: ImageSummary) => {
      if (image.tags.length === 0 && image.digests.length === 0) return ["<none>:<none>"];
      const tagged = new Set(image.tags.map(repository));
      const digested = new Set(image.digests.map(repository));
      return [...digested].filter((r) => !tagged.has(r)).map((r) => `${r}:<none>`);
    };
    const before = (terms: string[], image: ImageSummary) => {
      const hay = [...image.tags, ...rows(image)].join("\0").toLowerCase();
      const digests = image.digests.join("\0").toLowerCase();
      const id = image.id.toLowerCase();
      const hex = id.slice(id.indexOf(":") + 1);
      return terms.every(
        (t) =>
          hay.includes(t) ||
          ((t.includes("@") || t.startsWith("sha256:")) && digests.includes(t)) ||
          (t.startsWith("sha256:") ? id : hex).startsWith(t),
      );
    };
    const images = structuredClone(data.images);
    images.push(
      { ...structuredClone(data.images[0]!), labels: { note: "two\nlines", "a b": "c" } },
      { ...structuredClone(data.images[1]!), labels: { note: "lines" } },
      { ...structuredClone(data.images[7]!), tags: ["x/y:1"] },
    );
    const words = [...new Set(images.flatMap((i) => [...i.tags, ...i.digests, i.id]))].flatMap(
      (r) => [
        r.slice(0, 3),
        r.slice(2, 9),
        r.slice(-4),
        r.slice(7, 12),
        r.toUpperCase().slice(0, 5),
      ],
    );
    words.push("sha256:", "sha256", "\n", "s\nt", "lines\n", "a b", "b\0c", "zzz", "0", "@sha");
    words.push("sha256:aaaa", "sha256:c0f", "x/y@", "tool@sha256:b", "lines", "note");
    words.push("<none>", "none", ":<none>", "b:<none>", "<none>\0", "y:<none>", "<none>:");
    let seed = 11;
    const pick = () => words[(seed = (seed * 48271) % 2147483647) % words.length]!;
    for (let n = 0; n < 400; n++) {
      const terms = Array.from({ length: 1 + (n % 3) }, pick);
      const query = terms.map((t) => JSON.stringify(t)).join(" ");
      const parsed = parseQuery(query);
      if (!parsed.ok) continue;
      const want = images.flatMap((image, i) => (before(parsed.query.text, image) ? [i] : []));
      expect(applyQuery(parsed.query, images), query).toEqual({ ok: true, indices: want });
    }
  });

  it("reads a term's trailing comma as a separator: a pasted list of names works", () => {
    const nginx = fakeImage({ tags: ["nginx:alpine"], labels: { env: "prod" } });
    const alpine = fakeImage({ tags: ["alpine:3"] });
    expect(filterImages("nginx,", [nginx])).toEqual({ ok: true, indices: [0] });
    // As `nginx alpine`: both words, as any two terms.
    expect(filterImages("nginx, alpine", [nginx, alpine])).toEqual({ ok: true, indices: [0] });
    const parsed = parseQuery('nginx,, label=env=prod, "a,", ,');
    expect(parsed.ok && parsed.query.text).toEqual(["nginx", "a,"]);
    expect(parsed.ok && parsed.query.labels).toEqual([{ key: "env", value: "prod" }]);
    expect(filterImages("label=env=prod,", [nginx, alpine])).toEqual({ ok: true, indices: [0] });
    // A comma inside quotes is the value's.
    const quoted = parseQuery('label=env="prod,"');
    expect(quoted.ok && quoted.query.labels).toEqual([{ key: "env", value: "prod," }]);
  });

  it("finds a reference pasted as docker pull prints it, with Docker Hub's prefix", () => {
    const nginx = fakeImage({ tags: ["nginx:latest"] });
    const redis = fakeImage({ tags: ["bitnami/redis:7"] });
    const list = [nginx, redis];
    for (const [text, want] of [
      ["docker.io/library/nginx:latest", [0]],
      ["Docker.io/library/nginx", [0]],
      ["docker.io/nginx:latest", [0]],
      ["index.docker.io/library/nginx:latest", [0]],
      ["index.docker.io/nginx", [0]],
      ["docker.io/bitnami/redis:7", [1]],
      ["quay.io/library/nginx:latest", []],
    ] as const) {
      expect(filterImages(text, list), text).toEqual({ ok: true, indices: want });
    }
  });

  it("offers reference= for free text with a glob's * or ?", () => {
    expect(patternHint("nginx:*")).toBe("reference=nginx:*");
    expect(patternHint("in-use=true ng?nx, redis")).toBe("reference=ng?nx");
    expect(patternHint("docker.io/library/nginx:1.*")).toBe("reference=nginx:1.*");
    expect(patternHint("nginx reference=*:alpine")).toBeNull();
    expect(patternHint('"a*b"')).toBeNull();
    expect(patternHint("")).toBeNull();
  });

  it("sees an image changed in a list it has already searched", () => {
    const images = structuredClone(data.images);
    const busybox = filterImages("busybox", images);
    expect(busybox.ok && busybox.indices.length).toBeGreaterThan(0);
    images[0] = { ...images[0]!, tags: ["busybox:edge"] };
    const again = filterImages("busybox", images);
    expect(again.ok && again.indices).toContain(0);
  });

  it("sees a changed tag list on the same image object", () => {
    const image = structuredClone(data.images[6]);
    expect(filterImages("busybox", [image])).toEqual({ ok: true, indices: [0] });
    image.tags = ["other:1"];
    expect(filterImages("busybox", [image])).toEqual({ ok: true, indices: [] });
  });

  it("filters 5,000 images per keystroke quickly", () => {
    const many: ImageSummary[] = [];
    for (let i = 0; i < 5000; i++) {
      const base = data.images[i % data.images.length];
      const hex = i.toString(16).padStart(8, "0") + base.id.slice(15);
      many.push({
        ...base,
        id: `sha256:${hex}`,
        tags: base.tags.map((t) => t.replace(/:/, `-${i}:`)),
        created: base.created + i,
      });
    }
    const queries = ["n", "ng", "ngi", "ngin", "nginx", "nginx reference=*/* size>1MB"];
    filterImages("warm up", many);
    const start = performance.now();
    for (const q of queries) expect(filterImages(q, many).ok).toBe(true);
    const perKeystroke = (performance.now() - start) / queries.length;
    // Generous for a loaded 2-core CI machine; typically a few milliseconds.
    expect(perKeystroke).toBeLessThan(100);
  });
});

describe("filter messages in Spanish", () => {
  afterEach(() => setLocale("en", null));

  it("word every error, keeping keys, values and examples as docker writes them", () => {
    setLocale("es", null);
    const say = (query: string) => {
      const got = run(query, data.images);
      return got.ok ? "" : filterMessage(got.error);
    };
    expect(say('"nginx')).toBe('A un valor entre comillas le falta la comilla de cierre (").');
    expect(say("colour=red")).toBe(
      "Filtro desconocido: «colour». Filtros válidos: dangling, label, reference, before, since, in-use, size.",
    );
    expect(say("=x")).toMatch(/^Un filtro necesita un nombre antes de «=»/);
    expect(say("label=")).toBe(
      "«label» necesita un valor, por ejemplo label=com.example.team o label=com.example.team=web.",
    );
    expect(say("dangling=maybe")).toBe("dangling admite true, false, 1 o 0, no «maybe».");
    expect(say("in-use=true in-use=false")).toBe(
      "in-use=true y in-use=false no pueden cumplirse a la vez.",
    );
    // "label", not "etiqueta": the Spanish UI calls tags etiquetas (the course's word).
    expect(say("label==x")).toBe(
      "«label==x» necesita el nombre de un label: label=clave o label=clave=valor.",
    );
    expect(say("reference=[")).toBe(
      "«[» no es un patrón válido: revisa sus clases [ ] y sus escapes con \\.",
    );
    expect(say("size>12XB")).toBe(
      "«12XB» no es un tamaño: usa un número con B, kB, MB, GB o TB, por ejemplo 100MB o 1.5GB.",
    );
    expect(say("size=1")).toBe("«size=» no es un filtro: escribe size>100MB o size<1GB.");
    expect(say("before=nosuch")).toMatch(/^before=: aquí no hay ninguna imagen «nosuch»/);
  });
});
