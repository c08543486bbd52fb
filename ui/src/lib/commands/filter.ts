// `docker images --filter …` for what is typed in Imagen's filter field (lib/images/filter.ts).
//
// Imagen's filter language is docker's, plus terms docker does not have. Docker's keys
// (dangling=, label=, reference=, before=, since=) become one `--filter` each, with the same
// meaning: the engine ANDs different keys, ORs several reference= and keeps only what is
// before (since) every before= (since=) — as Imagen does, checked against a real engine by
// crates/imagen-core/tests/integration/filter.rs. Imagen's own terms — free text, in-use=,
// size>/size< — have no docker flag: they are listed in `imagenOnly`, and the command then
// lists every image the docker terms keep (more than Imagen shows, when they hide any).
//
// What still differs, by design of the two (not of the command): before=/since= compare
// creation times in whole seconds in Imagen and in nanoseconds in the engine, so an image
// created in the same second as the one named can be listed by docker and not by Imagen; and
// Imagen looks the named image up among the images `docker images` lists, the engine among
// all of them (intermediate build images too), so naming a hidden image, or an ID prefix only
// a hidden image shares, is an error in one and not the other.
import { parseQuery, type Comparison, type Query } from "../images/filter";
import { shellLine } from "./shell";

/** A term of Imagen's filter that `docker images --filter` has no equivalent for. */
export type ImagenOnlyTerm =
  /** Free text (lowercased): tags, digests and labels contain it, or the ID starts with it. */
  | { kind: "text"; text: string }
  /** `in-use=true|false`: containers (running or stopped) use the image. */
  | { kind: "in-use"; inUse: boolean }
  /** `size>…`, `size<=…`: a bound on the size, in whole bytes. */
  | { kind: "size"; comparison: Comparison; bytes: number };

/** What decides whether the command needs `-a`: Docker CLI 29 leaves images without a tag
 * out of `docker images` unless it is given `-a` or the filter is `dangling=true` (docker/cli
 * #6574, #6704: since 29.1.3 every image without a tag; 29.0–29.1.2 differ in which, so there
 * the `-a` may be more than needed, never less; older CLIs list them all). Imagen lists them,
 * so when the grid shows one the command says `-a`. The engine's version stands for the
 * CLI's: Docker Desktop and the Linux packages ship the two together. `-a` also lists the
 * intermediate images of legacy builds on an engine without the containerd image store;
 * Imagen does not show those, and BuildKit (the default builder) makes none. */
export interface ListContext {
  /** The engine speaks API 1.52 or later (Engine 29+), so its CLI hides untagged images. */
  hidesUntagged: boolean;
  /** The grid shows at least one image without a tag. */
  untaggedShown: boolean;
}

/** Engine 29 (API 1.52) or later, and not Podman (whose CLI lists untagged images). */
export function hidesUntagged(engine: { apiVersion: string; podman: boolean } | null): boolean {
  if (!engine || engine.podman) return false;
  const [major, minor] = engine.apiVersion.split(".").map(Number);
  return major! > 1 || (major === 1 && minor! >= 52);
}

export interface FilterCommand {
  /** docker's filters, each the value of one `--filter`: `dangling=true`, `label=k=v`,
   * `reference=nginx:*`, `before=…`, `since=…`. */
  filters: string[];
  /** The command's words: `docker images [-a] --filter <filter>…`. */
  args: string[];
  /** `-a` is in the command: the grid shows untagged images a CLI 29+ hides without it. */
  all: boolean;
  /** The command as a POSIX shell line, to show and copy. */
  command: string;
  /** What Imagen's filter asks that the command does not: docker lists the images these
   * would hide too. Empty when the command lists exactly what Imagen shows. */
  imagenOnly: ImagenOnlyTerm[];
}

/** docker's filters for a parsed query, grouped by key (the engine reads them as a set, so
 * their order does not matter); keys in the lowercase docker documents, and dangling= as
 * `true` or `false` also when `1` or `0` was typed: recent engines read those too, older
 * ones refuse them ("Invalid filter 'dangling=[1]'" from Debian's 20.10), and `true` and
 * `false` every engine reads. */
export function dockerFilters(query: Query): string[] {
  const filters: string[] = [];
  if (query.dangling !== null) filters.push(`dangling=${query.dangling}`);
  for (const { key, value } of query.labels)
    filters.push(value === null ? `label=${key}` : `label=${key}=${value}`);
  for (const pattern of query.references) filters.push(`reference=${pattern}`);
  for (const reference of query.before) filters.push(`before=${reference}`);
  for (const reference of query.since) filters.push(`since=${reference}`);
  return filters;
}

/** The terms of a parsed query that docker has no filter for, in a fixed order: the text,
 * then in-use=, then the size bounds. */
export function imagenOnlyTerms(query: Query): ImagenOnlyTerm[] {
  return [
    ...query.text.map((text): ImagenOnlyTerm => ({ kind: "text", text })),
    ...(query.inUse === null ? [] : [{ kind: "in-use", inUse: query.inUse } as const]),
    ...query.sizes.map(({ comparison, bytes }): ImagenOnlyTerm => ({
      kind: "size",
      comparison,
      bytes,
    })),
  ];
}

/** The command for a query: parsed (always a command) or as typed (null when it does not
 * parse, e.g. half-typed: there is no command for it). An empty query is `docker images`;
 * `docker images -a` when `list` says the user's CLI would leave out untagged images the
 * grid shows. */
export function filterCommand(query: Query, list?: ListContext): FilterCommand;
export function filterCommand(query: string, list?: ListContext): FilterCommand | null;
export function filterCommand(query: string | Query, list?: ListContext): FilterCommand | null {
  let parsed: Query;
  if (typeof query === "string") {
    const result = parseQuery(query);
    if (!result.ok) return null;
    parsed = result.query;
  } else {
    parsed = query;
  }
  const filters = dockerFilters(parsed);
  // dangling=true: CLI 29.1.3+ keeps what the engine sends for it (untagged images only).
  const all = !!list && list.hidesUntagged && list.untaggedShown && parsed.dangling !== true;
  const args = [
    "docker",
    "images",
    ...(all ? ["-a"] : []),
    ...filters.flatMap((f) => ["--filter", f]),
  ];
  return { filters, args, all, command: shellLine(args), imagenOnly: imagenOnlyTerms(parsed) };
}

const UNITS: [string, number][] = [
  ["TB", 1e12],
  ["GB", 1e9],
  ["MB", 1e6],
  ["kB", 1e3],
];

/** Whole bytes in the largest decimal unit they reach, exactly (`1.5GB`, `123.456789MB`,
 * `999B`), in the form the filter field reads back as the same number. */
export function exactSize(bytes: number): string {
  for (const [unit, size] of UNITS) {
    if (bytes < size) continue;
    const whole = Math.floor(bytes / size);
    const digits = String(size).length - 1;
    const fraction = String(bytes - whole * size)
      .padStart(digits, "0")
      .replace(/0+$/, "");
    return `${whole}${fraction === "" ? "" : `.${fraction}`}${unit}`;
  }
  return `${bytes}B`;
}

/** A term as written in the filter field (docker's syntax, the same in every language):
 * `in-use=true`, `size>100MB`; text as typed (lowercase), in quotes when it has a space. */
export function termText(term: ImagenOnlyTerm): string {
  switch (term.kind) {
    case "text":
      return /[\s=<>]/.test(term.text) ? `"${term.text}"` : term.text;
    case "in-use":
      return `in-use=${term.inUse}`;
    case "size":
      return `size${term.comparison}${exactSize(term.bytes)}`;
  }
}
