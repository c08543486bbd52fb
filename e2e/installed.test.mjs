// The INSTALLED app, not the build tree's: scripts/test.sh builds the installers
// (scripts/package.sh), extracts the .deb into a throw-away root (`dpkg-deb -x`) and runs this
// suite with IMAGEN_INSTALLED_ROOT pointing there. The binary under test is the package's
// usr/bin/imagen, driven against the private engine like every other suite: the cards
// appear, the inspector opens, a removal plan shows (and is cancelled: nothing is deleted),
// About names the version. Without IMAGEN_INSTALLED_ROOT (e2e/run.sh runs every suite of
// this folder with the e2e build) the suite is skipped.
//
//   IMAGEN_INSTALLED_ROOT       the folder the .deb was extracted into (required)
//   IMAGEN_INSTALLED_DEB        the .deb itself, to check its control fields (optional)
//   IMAGEN_INSTALLED_APPIMAGE   an AppImage to start too (scripts/test.sh sets it when
//                               IMAGEN_APPIMAGE=1 had package.sh build one: docs/packaging.md)
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, constants, readFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";

const installedRoot = process.env.IMAGEN_INSTALLED_ROOT;
const installedBinary = installedRoot ? resolve(installedRoot, "usr/bin/imagen") : null;
// support.mjs reads IMAGEN_APP_BINARY when it loads: point it at the installed binary first.
if (installedBinary) process.env.IMAGEN_APP_BINARY ??= installedBinary;
const { appBinary, docker, dockerImages, launchApp, root, screenshot } =
  await import("./support.mjs");

const skip = installedRoot ? false : "IMAGEN_INSTALLED_ROOT is not set (scripts/test.sh sets it)";
const GRID = '[role="list"][aria-label="Images"]';
const INSPECTED = "imagen-fixture/layers:3";
const PLANNED = "imagen-fixture/web:1.0"; // used by the running container imagen-web

/** The one version: the workspace Cargo.toml's (ui/src/lib/app/version.test.ts). */
const version = /\[workspace\.package\][^[]*?\nversion = "([^"]+)"/.exec(
  readFileSync(resolve(root, "Cargo.toml"), "utf8"),
)?.[1];

const dialogText = (browser) =>
  browser.execute(() => document.querySelector('[role="dialog"]')?.innerText ?? "");
const imageIds = () =>
  [...new Set(docker("images", "-a", "--no-trunc", "-q").split(/\s+/))].filter(Boolean).sort();

/** Runs the binary with no display at all: options are answered before any window exists. */
function runHeadless(binary, args) {
  const env = { ...process.env };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return spawnSync(binary, args, { env, encoding: "utf8", timeout: 20000 });
}

describe("the installed package", { skip }, () => {
  it("is what the .deb installs, tested here rather than the build tree's binary", () => {
    assert.ok(version, "Cargo.toml has a [workspace.package] version");
    assert.equal(appBinary, installedBinary, "IMAGEN_APP_BINARY is not the installed binary");
    accessSync(installedBinary, constants.X_OK);
    assert.ok(!installedBinary.startsWith(resolve(root, "target")), "not an installed binary");
    const desktop = readFileSync(
      resolve(installedRoot, "usr/share/applications/Imagen.desktop"),
      "utf8",
    );
    assert.match(desktop, /^Exec=imagen$/m);
    assert.match(desktop, /^Name=Imagen$/m);
    assert.ok(
      readdirSync(resolve(installedRoot, "usr/share/icons/hicolor")).length > 0,
      "no icons installed",
    );
    const deb = process.env.IMAGEN_INSTALLED_DEB;
    if (deb) {
      const field = (name) => execFileSync("dpkg-deb", ["-f", deb, name], { encoding: "utf8" });
      assert.equal(field("Package").trim(), "imagen");
      assert.equal(field("Version").trim(), version);
      assert.match(field("Depends"), /libwebkit2gtk-4\.1-0/);
      // scripts/repack-deb.sh re-compressed Tauri's gzip contents with xz (dpkg's default).
      const members = execFileSync("ar", ["t", deb], { encoding: "utf8" }).split("\n");
      assert.ok(members.includes("data.tar.xz"), `data not xz-compressed: ${members.join(" ")}`);
    }
  });

  it("prints its version and help without opening a window", () => {
    const v = runHeadless(installedBinary, ["--version"]);
    assert.equal(v.status, 0, `--version exited ${v.status}: ${v.stderr}`);
    assert.equal(v.stdout, `Imagen ${version}\n`);
    const h = runHeadless(installedBinary, ["--help"]);
    assert.equal(h.status, 0, `--help exited ${h.status}: ${h.stderr}`);
    assert.match(h.stdout, /^Imagen \S+ /);
    assert.match(h.stdout, /--version/);
  });

  const noAppImage =
    "no AppImage: scripts/package.sh builds it only with IMAGEN_APPIMAGE=1 (its tools come from GitHub)";
  it(
    "starts as an AppImage too",
    { skip: !process.env.IMAGEN_INSTALLED_APPIMAGE && noAppImage },
    () => {
      const image = process.env.IMAGEN_INSTALLED_APPIMAGE;
      // No FUSE needed: the AppImage runtime extracts itself to a temporary folder.
      const v = runHeadless(image, ["--appimage-extract-and-run", "--version"]);
      assert.equal(v.status, 0, `exited ${v.status}: ${v.stderr}`);
      assert.equal(v.stdout.trim(), `Imagen ${version}`);
    },
  );
});

describe("the installed app against the private engine", { skip }, () => {
  let app;
  let before_;
  before(async () => {
    assert.ok(process.env.IMAGEN_TEST_REGISTRY, "run through scripts/test.sh (private engine)");
    before_ = imageIds();
    app = await launchApp({ DOCKER_HOST: process.env.DOCKER_HOST });
  });
  after(async () => app?.close());

  it("shows a card for every image docker images shows", async () => {
    const { browser } = app;
    await browser.$(GRID).waitForExist({ timeout: 20000 });
    const expected = dockerImages();
    await browser.waitUntil(
      async () => (await browser.$$(`${GRID} > [role="listitem"]`)).length === expected.length,
      { timeout: 10000, timeoutMsg: `expected ${expected.length} cards` },
    );
    const names = [];
    for (const card of await browser.$$(`${GRID} > [role="listitem"]`))
      names.push(await card.getAttribute("aria-label"));
    for (const image of expected) {
      const shortId = image.id.slice("sha256:".length, "sha256:".length + 12);
      const named = image.dangling
        ? names.includes(`<none>@${shortId}`)
        : image.tags.some((t) => names.includes(t));
      assert.ok(named, `no card for ${image.tags.join(", ") || shortId}: ${names.join(", ")}`);
    }
    const header = await browser.$("header").getText();
    assert.match(header, new RegExp(`${expected.length} images`));
  });

  it("opens the inspector on an image", async () => {
    const { browser } = app;
    await browser.$(`button[aria-label="Inspect ${INSPECTED}"]`).click();
    const panel = await browser.$(`[aria-label="Inspector: ${INSPECTED}"]`);
    await panel.waitForExist({ timeout: 10000 });
    await browser.waitUntil(
      async () => /SHA-256/.test(await browser.execute((el) => el.innerText, panel)),
      { timeout: 10000, timeoutMsg: "the inspector never showed the image's summary" },
    );
    await screenshot(browser, "installed-inspector");
  });

  it("shows a removal plan, and Cancel deletes nothing", async () => {
    const { browser } = app;
    await browser.$(`button[aria-label="Remove ${PLANNED}"]`).click();
    const dialog = browser.$('[role="dialog"]');
    await dialog.waitForExist({ timeout: 5000 });
    await browser.waitUntil(
      async () => (await dialogText(browser)).includes(`docker rmi ${PLANNED}`),
      { timeout: 15000, timeoutMsg: `the plan never showed docker rmi ${PLANNED}` },
    );
    const text = await dialogText(browser);
    assert.match(text, /imagen-web/, "the plan does not name the running container");
    const graph = await dialog.$('svg[role="img"]').getAttribute("aria-label");
    assert.match(graph, /1 container/);
    await screenshot(browser, "installed-remove-plan");
    await dialog.$("button=Cancel").click();
    await dialog.waitForExist({ timeout: 5000, reverse: true });
    assert.deepEqual(imageIds(), before_, "the engine's images changed");
    assert.equal(docker("inspect", "-f", "{{.State.Running}}", "imagen-web").trim(), "true");
  });

  it("says its version, the engine's and the licence in About", async () => {
    const { browser } = app;
    await browser.$('header [data-action="about"]').click();
    // Loaded: its body is no longer marked busy.
    await browser.$('[role="dialog"] [aria-busy="false"]').waitForExist({ timeout: 10000 });
    const dialog = browser.$('[role="dialog"]');
    const text = await dialogText(browser);
    const engine = docker("version", "-f", "{{.Server.Version}}").trim();
    assert.match(text, /About Imagen/);
    assert.ok(text.includes(version), `no ${version} in ${JSON.stringify(text)}`);
    assert.ok(text.includes(engine), `no engine ${engine} in ${JSON.stringify(text)}`);
    assert.match(text, /MIT/);
    await dialog.$("button=Close").click();
    await browser.$('[role="dialog"]').waitForExist({ timeout: 5000, reverse: true });
  });
});
