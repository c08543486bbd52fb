#!/usr/bin/env node
// Writes THIRD-PARTY-NOTICES.md: the licence and notice texts of every third-party component
// whose code ships inside Imagen's installers, which the MIT, Apache-2.0, BSD, ISC, Zlib,
// Unicode and MPL licences ask to travel with the binary. src-tauri/tauri.conf.json bundles the
// file into every installer; it is committed, like a lock file, and regenerated when
// Cargo.lock, package-lock.json or the UI's imports change.
//
//   node scripts/notices.mjs           (re)writes THIRD-PARTY-NOTICES.md
//   node scripts/notices.mjs --check   fails if the committed file differs from what it would
//                                      write (the lint step of scripts/test.sh runs this)
//
// Which components:
//   - Rust: every crate the `imagen` package (src-tauri) reaches through normal dependencies,
//     for EVERY target platform (Linux, Windows, macOS), from `cargo metadata --locked` without
//     --filter-platform, with the `custom-protocol` feature `tauri build` turns on. Workspace
//     members are Imagen itself. Over-inclusive where cargo unifies features across the
//     workspace (a crate only the tests enable) or a crate only runs at build time
//     (proc-macros): a notice too many is harmless, a missing one is not.
//   - npm: exactly the packages whose code is in the built UI. A Vite build of the real config
//     runs in memory (nothing is written to dist/, no minifying: the same modules, faster),
//     and a tiny plugin reads which modules the bundle kept (Rolldown's `chunk.modules`, the
//     ones with rendered code, and any stylesheet or asset). Each module is mapped to the
//     package it lives in (nearest package.json under node_modules); Vite's own injected
//     modules (`\0vite/...`) to vite, and the message modules paraglide generates into
//     ui/src/lib/i18n/paraglide/ (its runtime's code) to @inlang/paraglide-js. Anything else
//     outside ui/ stops the script, so nothing is left out silently.
//
// Licence texts: the files named LICENSE*, LICENCE*, UNLICENSE*, COPYING*, COPYRIGHT*, NOTICE*
// at the top of each crate or package (a folder of that name, such as LICENSES/, is read
// whole), plus a licence header at the top of a bundled npm module (vendored code, such as the
// tslib helpers inside @tauri-apps/api). A component with no such file is listed as such, with
// the standard text of its licence in an appendix: MIT, BSD-3-Clause, ISC and Zlib as SPDX
// publishes them (below), Apache-2.0 and MPL-2.0 as the crates in the set ship them most often.
// Texts that differ only in whitespace are printed once, with every component that uses them.
//
// The output is deterministic: sorted, no dates, no absolute paths, so the same lock files
// (and UI sources) give the same bytes on any machine. cargo metadata downloads the crates'
// sources it has not got yet (crates.io must answer the first time).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const root = resolve(import.meta.dirname, "..");
const OUTPUT = "THIRD-PARTY-NOTICES.md";
const REGENERATE = "node scripts/notices.mjs";
/** The names of licence and notice files (and folders of them). */
const LICENCE_NAME = /^(licen[cs]e|unlicen[cs]e|copying|copyright|notice)/i;
/** Source files that happen to start like one (a `license.rs` module) are not notices. */
const SOURCE_FILE = /\.(rs|toml|js|mjs|cjs|ts|json|py|sh|c|h)$/i;

/** Plain code-point order: localeCompare depends on the machine's locale. */
const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const byComponent = (a, b) => byText(a.name, b.name) || byText(a.version, b.version);

// ---------------------------------------------------------------------------------------------
// Rust crates

function cargoMetadata() {
  try {
    const out = execFileSync(
      "cargo",
      ["metadata", "--format-version", "1", "--locked", "--features", "imagen/custom-protocol"],
      {
        cwd: root,
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    return JSON.parse(out);
  } catch (error) {
    throw new Error(`cargo metadata --locked failed (${error.message.split("\n")[0]})`);
  }
}

/** The crates linked into the `imagen` binary on any platform, workspace members left out. */
function rustComponents() {
  const meta = cargoMetadata();
  const packages = new Map(meta.packages.map((p) => [p.id, p]));
  const members = new Set(meta.workspace_members);
  const app = meta.workspace_members.find((id) => packages.get(id).name === "imagen");
  if (!app) throw new Error("cargo metadata has no `imagen` workspace member");
  const nodes = new Map(meta.resolve.nodes.map((n) => [n.id, n]));
  const reached = new Set();
  const pending = [app];
  while (pending.length) {
    const id = pending.pop();
    if (reached.has(id)) continue;
    reached.add(id);
    for (const dep of nodes.get(id).deps) {
      // `kind: null` is a normal dependency, whatever its `target` (every platform counts).
      if (dep.dep_kinds.some((k) => k.kind === null)) pending.push(dep.pkg);
    }
  }
  return [...reached]
    .filter((id) => !members.has(id))
    .map((id) => {
      const p = packages.get(id);
      const dir = dirname(p.manifest_path);
      const files = licenceFiles(dir);
      if (p.license_file && !files.some((f) => f.path === p.license_file)) {
        const path = join(dir, p.license_file);
        if (existsSync(path)) files.push({ path: p.license_file, text: readText(path) });
      }
      return {
        kind: "crate",
        name: p.name,
        version: p.version,
        licence: p.license ?? (p.license_file ? `see ${p.license_file}` : "not stated"),
        authors: p.authors ?? [],
        files,
      };
    })
    .sort(byComponent);
}

// ---------------------------------------------------------------------------------------------
// npm packages in the UI bundle

/** The modules, stylesheets and assets the production UI bundle holds (absolute ids). */
async function bundledModuleIds() {
  const { build } = await import("vite");
  const ids = new Set();
  const recorder = {
    name: "imagen-notices-bundled-modules",
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type === "chunk") {
          for (const [id, module] of Object.entries(output.modules)) {
            // Tree-shaken modules stay listed with no code; stylesheets move to the CSS file.
            if (module.renderedLength > 0 || /\.(css|scss|sass|less|styl)(\?|$)/.test(id)) {
              ids.add(id);
            }
          }
        } else {
          for (const name of output.originalFileNames ?? []) ids.add(resolve(root, "ui", name));
        }
      }
    },
  };
  // The paraglide plugin still prints its one "Compilation complete" line.
  await build({
    configFile: join(root, "vite.config.ts"),
    logLevel: "silent",
    plugins: [recorder],
    build: { write: false, emptyOutDir: false, minify: false, cssMinify: false },
  });
  if (!ids.size) throw new Error("the in-memory Vite build of the UI reported no modules");
  return [...ids];
}

/** `path` with forward slashes: Vite names modules so on Windows too (`C:/…/node_modules/…`). */
const slashes = (path) => path.split(sep).join("/");

/** The folder of the package that a file under node_modules belongs to. */
function packageDirOf(file) {
  let dir = dirname(file);
  while (slashes(dir).includes("/node_modules/")) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, "utf8"));
      if (pkg.name && pkg.version) return dir;
    }
    dir = dirname(dir);
  }
  throw new Error(`no package.json with a name above ${relative(root, file)}`);
}

/**
 * Packages whose published code already contains another package's: no import of it is left
 * for the bundle to show. @dagrejs/dagre's dist/dagre.esm.js holds @dagrejs/graphlib.
 */
const PREBUNDLED = { "@dagrejs/dagre": ["@dagrejs/graphlib"] };

/** The npm packages whose code the UI bundle holds, with the bundled files of each. */
async function npmComponents() {
  const modules = new Map(); // package folder -> bundled files in it
  const add = (dir, file) => {
    if (!modules.has(dir)) modules.set(dir, new Set());
    if (file) modules.get(dir).add(file);
  };
  const unknown = [];
  const ui = slashes(join(root, "ui")) + "/";
  const paraglideOutput = slashes(join(root, "ui", "src", "lib", "i18n", "paraglide")) + "/";
  for (const raw of await bundledModuleIds()) {
    const virtual = raw.startsWith("\0");
    const id = slashes(raw.replace(/^\0/, "").split("?")[0]);
    if (virtual && /^vite\//.test(id)) add(join(root, "node_modules", "vite"));
    else if (id.includes("/node_modules/")) {
      const dir = packageDirOf(id);
      add(dir, id);
      for (const inside of PREBUNDLED[JSON.parse(readFileSync(join(dir, "package.json"))).name] ??
        [])
        add(join(root, "node_modules", ...inside.split("/")));
    } else if (id.startsWith(paraglideOutput))
      add(join(root, "node_modules", "@inlang", "paraglide-js"));
    else if (!virtual && id.startsWith(ui))
      continue; // Imagen's own code
    else unknown.push(raw.replace(/^\0/, "\\0"));
  }
  if (unknown.length) {
    throw new Error(
      `the UI bundle holds modules scripts/notices.mjs cannot attribute to a package:\n  ` +
        unknown.sort(byText).join("\n  "),
    );
  }
  return [...modules.entries()]
    .map(([dir, files]) => {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      const licenceFilesOf = licenceFiles(dir).map(ownPartOnly);
      const known = new Set(licenceFilesOf.map((f) => collapse(f.text)));
      // Vendored code carries its licence in a header comment (tslib in @tauri-apps/api).
      for (const file of [...files].sort(byText)) {
        const header = licenceHeader(file);
        if (header && !known.has(collapse(header))) {
          known.add(collapse(header));
          licenceFilesOf.push({ path: `header of ${toPosix(relative(dir, file))}`, text: header });
        }
      }
      return {
        kind: "package",
        name: pkg.name,
        version: pkg.version,
        licence: npmLicence(pkg),
        authors: [pkg.author?.name ?? pkg.author].filter((a) => typeof a === "string"),
        files: licenceFilesOf,
      };
    })
    .sort(byComponent);
}

/**
 * A tool's licence file can go on with the licences of what it bundles into its own Node-side
 * code (Vite's LICENSE.md, written by rollup-plugin-license): none of that reaches the UI, so
 * only the package's own licence, above that part, is kept.
 */
function ownPartOnly(file) {
  const cut = file.text.search(/^#+ Licenses of bundled dependencies/im);
  if (cut <= 0) return file;
  return { path: `${file.path}, its own part`, text: normalise(file.text.slice(0, cut)) };
}

function npmLicence(pkg) {
  if (typeof pkg.license === "string") return pkg.license;
  if (pkg.license?.type) return pkg.license.type;
  if (Array.isArray(pkg.licenses)) return pkg.licenses.map((l) => l.type ?? l).join(" OR ");
  return "not stated";
}

/** A block comment at the very top of a source file that speaks of copyright or a licence. */
function licenceHeader(file) {
  if (!/\.(m?js|cjs|css)$/.test(file) || !existsSync(file)) return null;
  const text = readFileSync(file, "utf8").replace(/^#!.*\n/, "");
  const comment = text.match(/^\s*\/\*([\s\S]*?)\*\//)?.[1];
  if (!comment || !/copyright|licen[cs]e/i.test(comment)) return null;
  return normalise(comment.replace(/^[!*\s]+|[*\s]+$/g, ""));
}

// ---------------------------------------------------------------------------------------------
// Licence files and texts

const toPosix = (path) => path.split(sep).join("/");
/** LF line ends, no trailing spaces, no blank lines around. */
const normalise = (text) =>
  text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/^\n+|\n+$/g, "");
/** The key texts are deduplicated by: the same words in the same order. */
const collapse = (text) => text.replace(/\s+/g, " ").trim();

function readText(path) {
  return normalise(readFileSync(path, "utf8"));
}

/** The licence and notice files of a crate or package, paths relative to its folder. */
function licenceFiles(dir) {
  const found = [];
  const visit = (path) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort(byText)) visit(join(path, entry));
    } else if (stat.isFile()) {
      const bytes = readFileSync(path);
      if (bytes.includes(0)) return; // not text
      const text = normalise(bytes.toString("utf8"));
      if (text) found.push({ path: toPosix(relative(dir, path)), text });
    }
  };
  for (const entry of readdirSync(dir).sort(byText)) {
    if (LICENCE_NAME.test(entry) && !SOURCE_FILE.test(entry)) visit(join(dir, entry));
  }
  return found;
}

// The standard texts SPDX publishes (spdx.org/licenses), for components that ship none.
const STANDARD = {
  MIT: `MIT License

Copyright (c) <year> <copyright holders>

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.`,
  "BSD-3-Clause": `Copyright (c) <year> <owner>.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice,
this list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
this list of conditions and the following disclaimer in the documentation
and/or other materials provided with the distribution.

3. Neither the name of the copyright holder nor the names of its
contributors may be used to endorse or promote products derived from
this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.`,
  ISC: `ISC License

Copyright (c) <year> <copyright holders>

Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted, provided that the above
copyright notice and this permission notice appear in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.`,
  Zlib: `zlib License

(C) <year> <copyright holders>

This software is provided 'as-is', without any express or implied
warranty. In no event will the authors be held liable for any damages
arising from the use of this software.

Permission is granted to anyone to use this software for any purpose,
including commercial applications, and to alter it and redistribute it
freely, subject to the following restrictions:

1. The origin of this software must not be misrepresented; you must not
   claim that you wrote the original software. If you use this software
   in a product, an acknowledgment in the product documentation would be
   appreciated but is not required.
2. Altered source versions must be plainly marked as such, and must not be
   misrepresented as being the original software.
3. This notice may not be removed or altered from any source distribution.`,
};

/**
 * The long licences, as the components in the set ship them: the variant most of them have
 * (ties: the first in code-point order). Their texts name no copyright holder.
 */
function shippedStandardTexts(components) {
  const kinds = {
    "Apache-2.0": (t) =>
      /^\s*Apache License\s+Version 2\.0, January 2004/.test(t) &&
      t.includes("END OF TERMS AND CONDITIONS") &&
      !/Copyright (\(c\) )?\d{4}/i.test(t.split("END OF TERMS AND CONDITIONS")[1]),
    "MPL-2.0": (t) => /^\s*Mozilla Public License,? [Vv]ersion 2\.0/.test(t),
  };
  const texts = {};
  for (const [id, matches] of Object.entries(kinds)) {
    const counts = new Map();
    for (const c of components) {
      for (const f of c.files) {
        if (!matches(f.text)) continue;
        const entry = counts.get(collapse(f.text)) ?? { text: f.text, count: 0 };
        entry.count += 1;
        counts.set(collapse(f.text), entry);
      }
    }
    const best = [...counts.entries()].sort(
      ([ka, a], [kb, b]) => b.count - a.count || byText(ka, kb),
    )[0];
    if (best) texts[id] = best[1].text;
  }
  return texts;
}

/**
 * The licences whose standard texts a component without licence files needs: every choice of
 * an `OR` whose licences all have a text here (at least one must), each licence of an `AND`.
 */
function neededStandardTexts(component, available) {
  const expression = component.licence.replace(/\s*\/\s*/g, " OR ");
  const choices = splitTopLevel(expression, "OR").map((choice) =>
    [...choice.matchAll(/[A-Za-z0-9.+-]+/g)]
      .map((m) => m[0])
      .filter((id) => !["AND", "OR", "WITH"].includes(id) && !/-exception$/.test(id)),
  );
  const usable = choices.filter((ids) => ids.length && ids.every((id) => id in available));
  if (!usable.length) {
    throw new Error(
      `${component.name} ${component.version} ships no licence file and scripts/notices.mjs has ` +
        `no standard text for ${component.licence}: add one to STANDARD there`,
    );
  }
  return [...new Set(usable.flat())].sort(byText);
}

function splitTopLevel(expression, operator) {
  const parts = [];
  let depth = 0;
  let current = "";
  for (const token of expression.split(/(\(|\)|\s+)/).filter((t) => t && t.trim())) {
    if (token === "(") depth += 1;
    if (token === ")") depth -= 1;
    if (depth === 0 && token === operator) {
      parts.push(current);
      current = "";
    } else current += ` ${token}`;
  }
  parts.push(current);
  return parts.map((p) => p.replace(/^\s*\((.*)\)\s*$/, "$1").trim());
}

// ---------------------------------------------------------------------------------------------
// The Markdown

/** GitHub's heading anchor: lower case, punctuation dropped, spaces as hyphens. */
const anchor = (heading) =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, "")
    .replace(/ /g, "-");
const cell = (text) => String(text).replace(/\|/g, "\\|");
/** A fence longer than any run of backticks in the text. */
function fenced(text) {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}
const label = (c) => `${c.name} ${c.version}`;

function render(crates, packages) {
  const all = [...crates, ...packages];
  // Deduplicated texts, numbered in the order the component lists first name them.
  const texts = new Map(); // collapsed text -> { number, text, users: [] }
  for (const c of all) {
    c.refs = c.files.map((f) => {
      const key = collapse(f.text);
      if (!texts.has(key)) texts.set(key, { number: texts.size + 1, text: f.text, users: [] });
      const entry = texts.get(key);
      entry.users.push(`${label(c)} (${f.path})`);
      return { number: entry.number, path: f.path };
    });
  }
  const available = { ...STANDARD, ...shippedStandardTexts(all) };
  const standardUsers = new Map(); // licence id -> components
  for (const c of all.filter((c) => !c.files.length)) {
    c.standard = neededStandardTexts(c, available);
    for (const id of c.standard) {
      if (!standardUsers.has(id)) standardUsers.set(id, []);
      standardUsers.get(id).push(c);
    }
  }
  const textHeading = (n) => `Text ${n}`;
  const standardHeading = (id) => `Standard text of ${id}`;
  const notes = (c) =>
    c.files.length
      ? c.refs
          .map((r) => `[${r.number}](#${anchor(textHeading(r.number))}) ${cell(r.path)}`)
          .join(", ")
      : "no licence file: " +
        c.standard.map((id) => `[standard ${id}](#${anchor(standardHeading(id))})`).join(", ");
  const table = (components, what) => [
    `| ${what} | Version | Licence (SPDX) | Licence and notice texts |`,
    "| --- | --- | --- | --- |",
    ...components.map(
      (c) => `| ${cell(c.name)} | ${cell(c.version)} | ${cell(c.licence)} | ${notes(c)} |`,
    ),
  ];

  const byLicence = new Map();
  for (const c of all) {
    if (!byLicence.has(c.licence)) byLicence.set(c.licence, []);
    byLicence.get(c.licence).push(c);
  }
  const summary = [...byLicence.entries()].sort(
    ([a, ca], [b, cb]) => cb.length - ca.length || byText(a, b),
  );
  const withoutFiles = all.filter((c) => !c.files.length);

  const lines = [
    "# Third-party notices",
    "",
    "Imagen is MIT-licensed (its LICENSE file). Its installers also contain open-source",
    "components written by others: the Rust crates compiled into the `imagen` program and the npm",
    "packages bundled into its user interface. Their licences ask that their copyright and",
    "licence notices travel with the program: here they are.",
    "",
    "The Linux AppImage also carries shared libraries of the system it was built on (GTK,",
    "WebKitGTK and what they use, mostly under the LGPL): their notices are not in this file;",
    "each library's own licence applies, as in the Linux distribution it came from.",
    "",
    `Generated by \`${REGENERATE}\` from Cargo.lock, package-lock.json and the UI's`,
    "imports; do not edit by hand. The crates are those the program uses on any of Linux,",
    "Windows and macOS, so each installer carries a few it does not contain.",
    "",
    "## Contents",
    "",
    `- [Summary by licence](#summary-by-licence)`,
    `- [Rust crates (${crates.length})](#${anchor(`Rust crates (${crates.length})`)})`,
    `- [npm packages in the user interface (${packages.length})](#${anchor(
      `npm packages in the user interface (${packages.length})`,
    )})`,
    `- [Licence and notice texts (${texts.size})](#${anchor(`Licence and notice texts (${texts.size})`)})`,
    ...(withoutFiles.length ? [`- [Standard licence texts](#standard-licence-texts)`] : []),
    "",
    "## Summary by licence",
    "",
    "| Licence (SPDX) | Components | Which |",
    "| --- | --- | --- |",
    ...summary.map(
      ([licence, cs]) =>
        `| ${cell(licence)} | ${cs.length} | ${cs
          .map((c) => cell(c.name))
          .filter((n, i, a) => a.indexOf(n) === i)
          .join(", ")} |`,
    ),
    "",
    `## Rust crates (${crates.length})`,
    "",
    ...table(crates, "Crate"),
    "",
    `## npm packages in the user interface (${packages.length})`,
    "",
    ...table(packages, "Package"),
    "",
    `## Licence and notice texts (${texts.size})`,
    "",
    "Each text once, after the components whose licence or notice file it is.",
  ];
  for (const entry of texts.values()) {
    lines.push(
      "",
      `### ${textHeading(entry.number)}`,
      "",
      `Used by: ${entry.users.join(", ")}.`,
      "",
    );
    lines.push(fenced(entry.text));
  }
  if (withoutFiles.length) {
    lines.push(
      "",
      "## Standard licence texts",
      "",
      "These components ship no licence file of their own. Their licence is the standard text",
      "below, with their authors (as their manifests name them) as the copyright holders:",
      "",
      ...withoutFiles.map(
        (c) =>
          `- ${label(c)} (${c.licence}): ${c.authors.length ? c.authors.join(", ") : "authors not named"}`,
      ),
    );
    for (const id of [...standardUsers.keys()].sort(byText)) {
      const users = standardUsers.get(id).map(label).join(", ");
      lines.push(
        "",
        `### ${standardHeading(id)}`,
        "",
        `Used by: ${users}.`,
        "",
        fenced(available[id]),
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const check = process.argv.includes("--check");
  const unknownArgs = process.argv.slice(2).filter((a) => a !== "--check");
  if (unknownArgs.length) {
    console.error("usage: node scripts/notices.mjs [--check]");
    process.exit(2);
  }
  const crates = rustComponents();
  const packages = await npmComponents();
  const text = render(crates, packages);
  const path = join(root, OUTPUT);
  if (check) {
    // A Windows checkout may have turned the file's line endings into CRLF.
    const committed = existsSync(path) ? readFileSync(path, "utf8").replace(/\r\n/g, "\n") : null;
    if (committed === text) return;
    const why = committed === null ? "it does not exist" : firstDifference(committed, text);
    console.error(`${OUTPUT} is out of date: run ${REGENERATE} (${why})`);
    process.exit(1);
  }
  writeFileSync(path, text);
  console.log(
    `${OUTPUT}: ${crates.length} crates, ${packages.length} npm packages, ${Buffer.byteLength(text)} bytes`,
  );
}

function firstDifference(committed, wanted) {
  const a = committed.split("\n");
  const b = wanted.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    if (a[i] !== b[i]) {
      const show = (line) => JSON.stringify((line ?? "").slice(0, 100));
      return `line ${i + 1} is ${show(a[i])}, expected ${show(b[i])}`;
    }
  }
  return "it differs";
}

await main();
