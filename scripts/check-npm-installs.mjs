#!/usr/bin/env node
// Supply-chain check of the npm side, from package-lock.json alone (no network): run by
// scripts/test.sh, explained in docs/supply-chain.md.
//
// - Every package comes from the npm registry, pinned by a sha512 integrity hash (no git,
//   tarball-URL, file or link dependencies).
// - The production dependencies, the only npm code that ships inside the app, are exactly the
//   reviewed list below, each at an exact version, under an allowed license. `npm audit` cannot
//   check them here (the registry's audit endpoint takes POST requests, which this network
//   refuses), so a new one must be reviewed and added by hand.
// - No package has an install script unless listed below with the reason it is harmless (and
//   denied in package.json's `allowScripts`), and no package that downloads browsers or
//   browser drivers is present unless listed below. With `npm ci --ignore-scripts`
//   (scripts/setup.sh) that keeps "npm ci downloads no browser drivers" true: the e2e tests
//   drive the app through tauri-driver and WebKitWebDriver from the system, nothing else.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const lock = JSON.parse(readFileSync(resolve(root, "package-lock.json"), "utf8"));
const manifest = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8"));

/** The reviewed production dependencies (direct and transitive), by name. */
const PRODUCTION = {
  "@dagrejs/dagre": "lays out the removal graph",
  "@dagrejs/graphlib": "dagre's graph structure",
  "@tauri-apps/api": "the IPC bridge to the Rust side",
};
const PRODUCTION_LICENSES = new Set([
  "MIT",
  "Apache-2.0",
  "Apache-2.0 OR MIT",
  "MIT OR Apache-2.0",
]);

/** Packages allowed to have an install script, and why it is harmless. */
const INSTALL_SCRIPTS = {
  edgedriver:
    "dev only, via webdriverio → @wdio/utils; its install script downloads Edge's driver only " +
    "when EDGEDRIVER_AUTO_INSTALL is set, and setup.sh installs with --ignore-scripts anyway",
  geckodriver:
    "dev only, via webdriverio → @wdio/utils; its postinstall downloads geckodriver only when " +
    "GECKODRIVER_AUTO_INSTALL is set, and setup.sh installs with --ignore-scripts anyway",
};

/** Names of packages that can fetch browsers or drivers at run time. */
const DOWNLOADER =
  /^(@puppeteer\/browsers|puppeteer(-core)?|playwright(-core)?|@playwright\/.*|chromedriver|geckodriver|edgedriver|safaridriver|iedriver|electron|selenium-webdriver|@wdio\/.*-service)$/;
/** Those present on purpose: never started, because webdriverio's `remote()` is given the
 * host and port of tauri-driver and so never looks for a driver of its own. */
const DOWNLOADERS_PRESENT = {
  "@puppeteer/browsers": "dev only, @wdio/utils' driver launcher, unused with remote()",
  edgedriver: "dev only, @wdio/utils' driver launcher, unused with remote()",
  geckodriver: "dev only, @wdio/utils' driver launcher, unused with remote()",
  safaridriver: "dev only, @wdio/utils' driver launcher, unused with remote(); no download code",
};

const REGISTRY = "https://registry.npmjs.org/";
const problems = [];
const production = [];
const scripts = [];
const downloaders = [];
let count = 0;

for (const [path, pkg] of Object.entries(lock.packages ?? {})) {
  if (path === "") continue; // the project itself
  count++;
  const name = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
  const where = `${name}@${pkg.version} (${path})`;

  // Sources: the registry, pinned by hash. npm omits `resolved` for the configured registry
  // when `omit-lockfile-registry-resolved` is set, so either form is accepted.
  if (pkg.link) problems.push(`${where} is a link to ${pkg.resolved}`);
  if (pkg.resolved !== undefined && !pkg.resolved.startsWith(REGISTRY))
    problems.push(`${where} comes from ${pkg.resolved}, not the npm registry`);
  if (!/^sha512-/.test(pkg.integrity ?? ""))
    problems.push(`${where} has no sha512 integrity hash in package-lock.json`);
  if (!/^\d+\.\d+\.\d+/.test(pkg.version ?? ""))
    problems.push(`${where} is not a registry version`);

  if (!pkg.dev) {
    production.push(`${name}@${pkg.version}`);
    if (!(name in PRODUCTION))
      problems.push(
        `${where} is a new production dependency: review it and add it to PRODUCTION in ` +
          `scripts/check-npm-installs.mjs and to docs/supply-chain.md`,
      );
    if (!PRODUCTION_LICENSES.has(pkg.license))
      problems.push(`${where} is a production dependency under license ${pkg.license}`);
  }

  if (pkg.hasInstallScript) {
    scripts.push(name);
    if (!(name in INSTALL_SCRIPTS))
      problems.push(
        `${where} runs an install script: find out what it does (does it download a browser ` +
          `or driver?) before adding it to INSTALL_SCRIPTS with the reason`,
      );
  }
  if (DOWNLOADER.test(name)) {
    downloaders.push(name);
    if (!(name in DOWNLOADERS_PRESENT))
      problems.push(`${where} can download browsers or drivers: the tests never need one`);
    if (!pkg.dev) problems.push(`${where} can download browsers or drivers and ships in the app`);
  }
}

// npm 11 reads `allowScripts` in package.json and skips the scripts it denies; older npm
// ignores the field, hence also `--ignore-scripts` in setup.sh. Keep the two lists in step.
const allowScripts = manifest.allowScripts ?? {};
for (const name of scripts)
  if (allowScripts[name] !== false)
    problems.push(
      `package.json: allowScripts should deny ${name}'s install script ("${name}": false)`,
    );

// The app's own dependencies are pinned exactly, so an update is a reviewed change.
for (const [name, range] of Object.entries(manifest.dependencies ?? {}))
  if (!/^\d+\.\d+\.\d+$/.test(range))
    problems.push(
      `package.json: production dependency ${name} is "${range}", not an exact version`,
    );
for (const name of Object.keys(PRODUCTION))
  if (!production.some((p) => p.startsWith(`${name}@`)))
    problems.push(`${name} is listed in PRODUCTION but no longer installed: remove it`);

if (problems.length > 0) {
  console.error(`npm supply chain: ${problems.length} problem(s) in package-lock.json`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log(
  `npm supply chain ok: ${count} packages from the npm registry, each pinned by sha512; ` +
    `production: ${production.join(", ")}; install scripts (not run): ${scripts.join(", ") || "none"}; ` +
    `driver launchers present but unused: ${downloaders.join(", ") || "none"}`,
);
