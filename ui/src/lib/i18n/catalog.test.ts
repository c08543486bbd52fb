// The message catalogs' rules (docs/i18n.md), checked by reading ui/messages/*/*.json and every
// source file under ui/src:
//   - every key is in every language, with the same parameters, and a count's plural forms
//     cover every category the language has (Spanish has a third, `many`: 1000000 falls in it);
//   - every key is used somewhere in the shipped UI (`m.key`);
//   - no component shows a literal: markup text and user-facing attributes come from the
//     catalogs.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "svelte/compiler";
import { describe, expect, it } from "vitest";
import { m } from "./messages";
import { setLocale } from "./locale.svelte";

const here = dirname(fileURLToPath(import.meta.url));
const ui = resolve(here, "../../..");
const root = resolve(ui, "..");

/** Attributes (and component props) a person reads or hears. */
const USER_FACING_ATTRIBUTES = new Set([
  "aria-label",
  "aria-description",
  "aria-roledescription",
  "aria-placeholder",
  "aria-valuetext",
  "title",
  "placeholder",
  "alt",
  "label",
]);

type Variant = { declarations?: string[]; selectors?: string[]; match: Record<string, string> };
type Message = string | Variant[];
type Catalog = Record<string, Message>;

const settings = JSON.parse(readFileSync(join(root, "project.inlang/settings.json"), "utf8")) as {
  baseLocale: string;
  locales: string[];
  "plugin.inlang.messageFormat": { pathPattern: string[] };
};
/** One catalog file per domain and language (ui/messages/<domain>/<locale>.json), so the
 * domains are edited apart; a key lives in exactly one of them. */
const patterns = settings["plugin.inlang.messageFormat"].pathPattern;
const duplicates: string[] = [];
const catalogs: Record<string, Catalog> = Object.fromEntries(
  settings.locales.map((locale) => {
    const merged: Catalog = {};
    for (const pattern of patterns) {
      const file = join(root, pattern.replace("{locale}", locale));
      const part = JSON.parse(readFileSync(file, "utf8")) as Catalog;
      for (const [key, message] of Object.entries(part)) {
        if (key === "$schema") continue;
        if (key in merged) duplicates.push(`${key} (${locale})`);
        merged[key] = message;
      }
    }
    return [locale, merged];
  }),
);

/** Placeholders (`{name}`) and declared inputs (`input count`) of a message. */
function parametersOf(message: Message): string[] {
  const names = new Set<string>();
  const texts =
    typeof message === "string" ? [message] : message.flatMap((v) => Object.values(v.match));
  for (const text of texts) for (const p of text.matchAll(/\{\s*(\w+)\s*\}/g)) names.add(p[1]!);
  if (typeof message !== "string")
    for (const v of message)
      for (const d of v.declarations ?? []) {
        const input = /^input\s+(\w+)$/.exec(d.trim());
        if (input) names.add(input[1]!);
        // A local (`local countText = count: number`) is derived, not passed.
        const local = /^local\s+(\w+)\s*=/.exec(d.trim());
        if (local) names.delete(local[1]!);
      }
  return [...names].sort();
}

/** For each plural selector of a message: the categories its variants name, or "*" for any. */
function pluralCoverage(message: Message): { selector: string; categories: Set<string> }[] {
  if (typeof message === "string") return [];
  return message.flatMap((v) =>
    (v.declarations ?? []).flatMap((d) => {
      const local = /^local\s+(\w+)\s*=\s*\w+\s*:\s*plural\b/.exec(d.trim());
      if (!local) return [];
      const selector = local[1]!;
      const categories = new Set<string>();
      for (const key of Object.keys(v.match))
        for (const part of key.split(","))
          if (part.trim().startsWith(`${selector}=`))
            categories.add(part.trim().slice(selector.length + 1));
      return [{ selector, categories }];
    }),
  );
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "paraglide" ? [] : walk(path);
    return [path];
  });
}

const sources = walk(join(ui, "src")).filter(
  (f) => /\.(ts|svelte)$/.test(f) && !/\.test\.ts$/.test(f) && !f.includes("/src/test/"),
);
const components = sources.filter((f) => f.endsWith(".svelte"));

interface Literal {
  line: number;
  text: string;
}

/** Letters outside docker's own placeholders (`<none>:<none>` reads the same in every language). */
const hasLetters = (s: string) => /\p{L}/u.test(s.replaceAll("<none>", ""));
/** Docker's own words in a `<code>`: a command as the terminal takes it. */
const isDockerCommand = (s: string) => /^\s*\$?\s*docker(\s|$)/.test(s);

type AnyNode = { type: string; start: number; [key: string]: unknown };

/** String literals an expression shows as they are: not those passed to a function. */
function shownStrings(expr: AnyNode | null | undefined): { start: number; text: string }[] {
  if (!expr) return [];
  switch (expr.type) {
    case "Literal":
      return typeof expr.value === "string" ? [{ start: expr.start, text: expr.value }] : [];
    case "TemplateLiteral":
      return [
        ...(expr.quasis as { start: number; value: { cooked: string } }[]).map((q) => ({
          start: q.start,
          text: q.value.cooked,
        })),
        ...(expr.expressions as AnyNode[]).flatMap(shownStrings),
      ];
    case "ConditionalExpression":
      return [
        ...shownStrings(expr.consequent as AnyNode),
        ...shownStrings(expr.alternate as AnyNode),
      ];
    case "LogicalExpression":
      return [...shownStrings(expr.left as AnyNode), ...shownStrings(expr.right as AnyNode)];
    case "BinaryExpression":
      return expr.operator === "+"
        ? [...shownStrings(expr.left as AnyNode), ...shownStrings(expr.right as AnyNode)]
        : [];
    default:
      return [];
  }
}

/** The user-facing literals of a component's source, found on its parsed markup. */
function literalsIn(source: string): Literal[] {
  const lineAt = (offset: number) => source.slice(0, offset).split("\n").length;
  const found: Literal[] = [];
  const report = (start: number, text: string, inCode: boolean) => {
    if (!hasLetters(text) || (inCode && isDockerCommand(text))) return;
    found.push({ line: lineAt(start), text: text.trim().replace(/\s+/g, " ") });
  };
  const checkValue = (value: unknown, inCode: boolean) => {
    for (const part of Array.isArray(value) ? value : [value]) {
      if (!part || typeof part !== "object") continue;
      const node = part as AnyNode;
      if (node.type === "Text") report(node.start, node.data as string, inCode);
      if (node.type === "ExpressionTag")
        for (const s of shownStrings(node.expression as AnyNode)) report(s.start, s.text, inCode);
    }
  };
  const visit = (node: AnyNode, inCode: boolean) => {
    if (node.type === "Text") return report(node.start, node.data as string, inCode);
    if (node.type === "ExpressionTag") return checkValue(node, inCode);
    const here =
      inCode ||
      (node.type === "RegularElement" && ["code", "kbd", "pre"].includes(node.name as string));
    for (const attr of (node.attributes as AnyNode[] | undefined) ?? [])
      if (attr.type === "Attribute" && USER_FACING_ATTRIBUTES.has(attr.name as string))
        checkValue(attr.value, false);
    for (const [key, child] of Object.entries(node)) {
      if (key === "attributes" || !child || typeof child !== "object") continue;
      if ((child as AnyNode).type === "Fragment")
        for (const n of (child as { nodes: AnyNode[] }).nodes) visit(n, here);
    }
  };
  const ast = parse(source, { modern: true });
  for (const n of ast.fragment.nodes as unknown as AnyNode[]) visit(n, false);
  return found;
}

const literalsOf = (file: string) => literalsIn(readFileSync(file, "utf8"));

describe("message catalogs", () => {
  const base = catalogs[settings.baseLocale]!;

  it("has a catalog for English and Spanish, English as the fallback", () => {
    expect(settings.baseLocale).toBe("en");
    expect([...settings.locales].sort()).toEqual(["en", "es"]);
    expect(Object.keys(base).length).toBeGreaterThan(0);
  });

  it("keeps each key in one domain's catalog only", () => {
    expect(duplicates).toEqual([]);
  });

  it("has every key in every language, with the same parameters", () => {
    const problems: string[] = [];
    const allKeys = new Set(Object.values(catalogs).flatMap((c) => Object.keys(c)));
    for (const key of [...allKeys].sort())
      for (const [locale, catalog] of Object.entries(catalogs)) {
        if (!(key in catalog)) problems.push(`${key}: missing in ${locale}`);
        else if (
          key in base &&
          parametersOf(catalog[key]!).join() !== parametersOf(base[key]!).join()
        )
          problems.push(
            `${key}: ${locale} has parameters {${parametersOf(catalog[key]!).join(", ")}}, ` +
              `${settings.baseLocale} {${parametersOf(base[key]!).join(", ")}}`,
          );
      }
    expect(problems).toEqual([]);
  });

  it("gives every count all the plural forms its language has (or a `*` variant)", () => {
    const problems: string[] = [];
    for (const [locale, catalog] of Object.entries(catalogs)) {
      const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      for (const [key, message] of Object.entries(catalog))
        for (const { selector, categories } of pluralCoverage(message)) {
          if (categories.has("*")) continue;
          const missing = needed.filter((c) => !categories.has(c));
          if (missing.length > 0)
            problems.push(
              `${key} (${locale}): ${selector} has no variant for ${missing.join(", ")}`,
            );
        }
    }
    expect(problems).toEqual([]);
  });

  it("words every message in every language (a message never falls back to its key)", () => {
    const messages = m as unknown as Record<string, (inputs?: object) => string>;
    const problems: string[] = [];
    try {
      for (const locale of settings.locales) {
        setLocale(locale as "en" | "es", null);
        for (const [key, message] of Object.entries(base)) {
          const params = parametersOf(message);
          for (const n of params.length > 0 ? [0, 1, 2, 5, 1_000_000] : [0]) {
            const inputs = Object.fromEntries(params.map((p) => [p, n]));
            const text = messages[key]!(inputs);
            if (text === key || text.trim() === "") problems.push(`${key} (${locale}, ${n})`);
          }
        }
      }
    } finally {
      setLocale("en", null);
    }
    expect(problems).toEqual([]);
  });

  it("uses every key somewhere in the UI (as `m.key`)", () => {
    const used = new Set<string>();
    for (const file of sources)
      for (const match of readFileSync(file, "utf8").matchAll(/\bm\.(\w+)\b/g)) used.add(match[1]!);
    const unused = Object.keys(base).filter((key) => !used.has(key));
    expect(unused).toEqual([]);
  });
});

describe("components show no literal text", () => {
  const relativeName = (f: string) => relative(ui, f).split("\\").join("/");

  it("finds the literals a person would read, and only those (the scanner works)", () => {
    const sample = [
      `<script lang="ts">const label = "not markup";</script>`,
      `<p class="muted" data-x="y">Hello {name}</p>`,
      `<button aria-label={busy ? "Removing" : m.remove()} title="Remove {ref}">×</button>`,
      `<img alt="" src="a.png" /><input placeholder={\`Filter \${n}\`} />`,
      `<code>docker pull hello-world</code><code>some words</code>`,
      `{#if x}<b>Shown</b>{:else}{m.other()} — 42 %{/if}`,
      `<Dialog label={"Close"} kind="danger">{format(x, "short")}</Dialog>`,
      `<span>&lt;none&gt;:&lt;none&gt;</span><style>p { color: red; }</style>`,
    ].join("\n");
    expect(literalsIn(sample).map((l) => `${l.line}: ${l.text}`)).toEqual([
      "2: Hello",
      "3: Removing",
      "3: Remove",
      "4: Filter",
      "5: some words",
      "6: Shown",
      "7: Close",
    ]);
    expect(components).toContain(join(ui, "src/components/images/EmptyState.svelte"));
    expect(literalsOf(join(ui, "src/components/images/EmptyState.svelte"))).toEqual([]);
  });

  it("takes every text of every component from the catalogs", () => {
    const problems = components.flatMap((f) =>
      literalsOf(f).map((l) => `${relativeName(f)}:${l.line}: "${l.text}"`),
    );
    expect(problems).toEqual([]);
  });
});
