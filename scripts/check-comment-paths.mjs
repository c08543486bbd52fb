#!/usr/bin/env node
// Every repository path named in a source comment must exist: run by the lint step of
// scripts/test.sh (both modes). A comment that points at a file which was renamed or removed
// sends the reader looking for nothing.
//
// Which comments: Rust, TypeScript/JavaScript and CSS `//` and `/* */` (strings, template
// literals, regex literals and Rust char/raw-string literals skipped), HTML and Svelte markup
// `<!-- -->` plus the comments in their <script> and <style> blocks, and `#` comments in
// shell scripts, TOML and YAML. Which files: those git tracks plus new ones it does not ignore
// (without git: every file outside the ignored build folders).
//
// What counts as a repository path: a word with a `/` in it that
//   - starts with `./`, `../`, or one of this repository's folders at the top or at the top of
//     a package (a folder with Cargo.toml, package.json or index.html): crates, scripts, src,
//     tests, ui, ... (plus tests, examples, benches, src, docs, scripts, which stale comments may
//     name after the folder itself is gone);
//   - is not a URL, an absolute or home path (`/var/run/docker.sock`, `~/.docker/config.json`),
//     an image reference (`imagen-fixture/busybox:latest`), a glob or a shell/template
//     expression (`$STATE/docker.sock`, `ui/src/**/*.test.ts`);
//   - if its last segment has an extension, names a kind of file this repository has: `.go`
//     files are never ours, so moby's `daemon/images/image_delete.go` or Go's
//     `src/path/match.go` are left alone.
// It must exist relative to the repository root, the commenting file's package root, or the
// commenting file's own folder. Otherwise it is listed with the file and line, and the check
// fails. `--list` prints every path it checked, found or not.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, relative, resolve, sep } from "node:path";

const root = resolve(import.meta.dirname, "..");
const IGNORED_DIRS = new Set([".git", "node_modules", "target", "dist", "gen"]);
const ALWAYS_ROOTS = ["tests", "examples", "benches", "src", "docs", "scripts"];

/** Repository-relative paths (with `/`) of the files to scan. */
function listFiles() {
  try {
    const out = execFileSync(
      "git",
      ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
      { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    );
    return out.split("\0").filter((f) => f && existsSync(join(root, f)));
  } catch {
    const files = [];
    const walk = (dir) => {
      for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
        const rel = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (!IGNORED_DIRS.has(entry.name)) walk(rel);
        } else if (entry.isFile()) files.push(rel);
      }
    };
    walk("");
    return files;
  }
}

const files = listFiles();
const fileSet = new Set(files);
const PACKAGE_MARKERS = ["Cargo.toml", "package.json", "index.html"];
const packageRoots = new Set([""]);
for (const f of files) {
  const base = f.split("/").pop();
  if (PACKAGE_MARKERS.includes(base)) packageRoots.add(f.includes("/") ? dirname(f) : "");
}
/** First segments worth checking: folders at the top of the repository or of a package. */
const checkedRoots = new Set(ALWAYS_ROOTS);
for (const f of files) {
  for (const pkg of packageRoots) {
    const prefix = pkg ? `${pkg}/` : "";
    if (!f.startsWith(prefix)) continue;
    const rest = f.slice(prefix.length).split("/");
    if (rest.length > 1) checkedRoots.add(rest[0]);
  }
}
/** Extensions of the files this repository has. */
const knownExtensions = new Set(files.map((f) => extname(f)).filter(Boolean));

/** The package root (repository-relative) a file belongs to: its nearest one. */
function packageOf(file) {
  let dir = dirname(file);
  for (;;) {
    const d = dir === "." ? "" : dir;
    if (packageRoots.has(d)) return d;
    if (!d) return "";
    dir = dirname(d);
  }
}

// --- Comment extraction: each returns [{ text, offset }] ----------------------------------

/** `//` and `/* *\/` comments of Rust (rust=true) or JS/TS/CSS, skipping literals. */
function cComments(src, { rust = false, base = 0 } = {}) {
  const out = [];
  const n = src.length;
  let i = 0;
  let prev = ""; // last significant character outside comments, for regex literals
  const skipQuoted = (q) => {
    let j = i + 1;
    while (j < n && src[j] !== q) {
      if (src[j] === "\\") j++;
      else if (q !== "`" && !rust && src[j] === "\n") break;
      j++;
    }
    return j + 1;
  };
  while (i < n) {
    const c = src[i];
    const d = src[i + 1];
    if (c === "/" && d === "/") {
      const nl = src.indexOf("\n", i);
      const end = nl < 0 ? n : nl;
      out.push({ text: src.slice(i + 2, end), offset: base + i + 2 });
      i = end;
      continue;
    }
    if (c === "/" && d === "*") {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (src[j] === "*" && src[j + 1] === "/") {
          depth--;
          j += 2;
        } else if (rust && src[j] === "/" && src[j + 1] === "*") {
          depth++;
          j += 2;
        } else j++;
      }
      out.push({ text: src.slice(i + 2, j - 2), offset: base + i + 2 });
      i = j;
      continue;
    }
    if (rust) {
      // Raw strings: r"…", r#"…"#, br#"…"#.
      const raw = /^b?r(#*)"/.exec(src.slice(i, i + 260));
      if (raw && !/[\w]/.test(src[i - 1] ?? "")) {
        const close = `"${raw[1]}`;
        const end = src.indexOf(close, i + raw[0].length);
        i = end < 0 ? n : end + close.length;
        prev = '"';
        continue;
      }
      if (c === "'") {
        // A char literal ('a', '\n', '\u{1F600}'), else a lifetime or label.
        const ch = /^'(?:\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.)|[^\\'\n])'/.exec(
          src.slice(i, i + 16),
        );
        i += ch ? ch[0].length : 1;
        prev = "'";
        continue;
      }
    }
    if (c === '"' || (!rust && (c === "'" || c === "`"))) {
      i = skipQuoted(c);
      prev = c;
      continue;
    }
    if (!rust && c === "/" && (prev === "" || "(,=:[!&|?{};+-*%<>~^".includes(prev))) {
      // A regex literal: up to the closing `/` outside a character class, on this line.
      let j = i + 1;
      let inClass = false;
      while (j < n && src[j] !== "\n") {
        if (src[j] === "\\") j++;
        else if (src[j] === "[") inClass = true;
        else if (src[j] === "]") inClass = false;
        else if (src[j] === "/" && !inClass) break;
        j++;
      }
      i = j + 1;
      prev = "/";
      continue;
    }
    if (!/\s/.test(c)) prev = c;
    i++;
  }
  return out;
}

/** `#` comments of shell, TOML and YAML: a `#` that starts a word, outside quotes. */
function hashComments(src) {
  const out = [];
  let offset = 0;
  for (const line of src.split("\n")) {
    let quote = "";
    for (let k = 0; k < line.length; k++) {
      const c = line[k];
      if (quote) {
        if (c === "\\" && quote === '"') k++;
        else if (c === quote) quote = "";
      } else if (c === "'" || c === '"') quote = c;
      else if (c === "\\") k++;
      else if (c === "#" && (k === 0 || /\s/.test(line[k - 1]))) {
        if (!(offset === 0 && line.startsWith("#!"))) {
          out.push({ text: line.slice(k + 1), offset: offset + k + 1 });
        }
        break;
      }
    }
    offset += line.length + 1;
  }
  return out;
}

/** HTML/Svelte: markup comments, and the comments of <script> and <style> blocks. */
function markupComments(src) {
  const out = [];
  const blocks = /<(script|style)\b[^>]*>([\s\S]*?)<\/\1\s*>/g;
  let last = 0;
  const markup = (from, to) => {
    const re = /<!--([\s\S]*?)-->/g;
    const part = src.slice(from, to);
    for (const m of part.matchAll(re)) out.push({ text: m[1], offset: from + m.index + 4 });
  };
  for (const m of src.matchAll(blocks)) {
    markup(last, m.index);
    const bodyStart = m.index + m[0].indexOf(">") + 1;
    out.push(...cComments(m[2], { base: bodyStart }));
    last = m.index + m[0].length;
  }
  markup(last, src.length);
  return out;
}

function commentsOf(file, src) {
  const ext = extname(file);
  if (ext === ".rs") return cComments(src, { rust: true });
  if ([".ts", ".js", ".mjs", ".cjs", ".css"].includes(ext)) return cComments(src);
  if ([".svelte", ".html"].includes(ext)) return markupComments(src);
  if ([".sh", ".bash", ".toml", ".yml", ".yaml"].includes(ext)) return hashComments(src);
  if (!ext && /^#!.*\b(ba)?sh\b/.test(src.slice(0, 100))) return hashComments(src);
  return [];
}

// --- Paths in comment text ---------------------------------------------------------------

/** Words of a comment that name a repository path, by the rules at the top. */
function pathsIn(text) {
  const found = [];
  const cleaned = text.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S*/gi, " ");
  for (const m of cleaned.matchAll(/[^\s`'"()[\],;|]+/g)) {
    let word = m[0].replace(/[.:!?]+$/, "");
    if (!word.includes("/")) continue;
    if (/^[/~$@]/.test(word) || /[*?{}<>$@=:\\…]/.test(word)) continue;
    const relativeDot = /^\.\.?\//.test(word);
    const first = word.replace(/^(\.\.?\/)+/, "").split("/")[0];
    if (!first || (!relativeDot && !checkedRoots.has(first))) continue;
    const last = word.replace(/\/$/, "").split("/").pop();
    const ext = extname(last);
    if (ext && !knownExtensions.has(ext) && !/^\.\d/.test(ext)) continue;
    word = word.replace(/\/$/, "");
    found.push(word);
  }
  return found;
}

function exists(candidate) {
  const rel = relative(root, candidate);
  if (rel.startsWith("..") || rel.split(sep)[0] === "..") return false;
  return fileSet.has(rel.split(sep).join("/")) || existsSync(candidate);
}

const list = process.argv.includes("--list");
const problems = [];
let checked = 0;
for (const file of files) {
  if (!statSync(join(root, file)).isFile()) continue;
  const src = readFileSync(join(root, file), "utf8");
  const comments = commentsOf(file, src);
  if (comments.length === 0) continue;
  const pkg = packageOf(file);
  const bases = [root, join(root, pkg), join(root, dirname(file))];
  for (const { text, offset } of comments) {
    for (const path of pathsIn(text)) {
      checked++;
      const ok = bases.some((b) => exists(resolve(b, path)));
      const line = src.slice(0, offset).split("\n").length;
      if (list) console.log(`${ok ? "ok     " : "MISSING"} ${file}:${line}: ${path}`);
      if (ok) continue;
      const where = [".", pkg, dirname(file)].filter((d, k, a) => d && a.indexOf(d) === k);
      problems.push(`${file}:${line}: ${path} (not found from ${where.join(", ")})`);
    }
  }
}

if (problems.length > 0) {
  console.error(`comment paths: ${problems.length} path(s) named in comments do not exist:`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(`comment paths: ${checked} paths named in comments, all exist`);
