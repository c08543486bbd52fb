// The release workflow (.github/workflows/release.yml) against src-tauri/tauri.conf.json: the
// OSes and targets its matrix builds, the bundle targets each builds and the installer names it
// expects, the identifier its macOS check looks for, and the one version (Cargo.toml's). Run with
// `node --test scripts/workflows.test.mjs` by the lint step of scripts/test.sh.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { test } from "node:test";
import { parse } from "yaml";

const root = resolve(import.meta.dirname, "..");
const read = (path) => readFileSync(resolve(root, path), "utf8");
const conf = JSON.parse(read("src-tauri/tauri.conf.json"));
const release = parse(read(".github/workflows/release.yml"));
const ci = parse(read(".github/workflows/ci.yml"));
const matrix = release.jobs.build.strategy.matrix.include;
const tauriStep = release.jobs.build.steps.find((s) =>
  s.uses?.startsWith("tauri-apps/tauri-action@"),
);

/** The bundle targets each OS family can build, as the Tauri bundler filters them. */
const BUNDLES_OF_OS = {
  linux: ["deb", "rpm", "appimage"],
  windows: ["nsis", "msi"],
  macos: ["app", "dmg"],
};
/** The file each bundle target makes, as the Tauri 2 bundler names it. */
function artifactOf(bundle, triple) {
  const name = conf.productName;
  const arch = triple.split("-")[0];
  const debArch = { x86_64: "amd64", aarch64: "arm64" }[arch];
  const winArch = { x86_64: "x64", aarch64: "arm64" }[arch];
  const dmgArch = { x86_64: "x64", aarch64: "aarch64" }[arch];
  return {
    deb: `${name}_{version}_${debArch}.deb`,
    rpm: `${name}-{version}-1.${arch}.rpm`,
    appimage: `${name}_{version}_${debArch}.AppImage`,
    nsis: `${name}_{version}_${winArch}-setup.exe`,
    msi: `${name}_{version}_${winArch}_en-US.msi`,
    app: `${name}.app`,
    dmg: `${name}_{version}_${dmgArch}.dmg`,
  }[bundle];
}
const osOf = (triple) =>
  triple.includes("linux") ? "linux" : triple.includes("windows") ? "windows" : "macos";

test("the version comes from Cargo.toml, and release tags are v<version>", () => {
  const cargo = read("Cargo.toml").match(/\[workspace\.package\][^[]*?\nversion = "([^"]+)"/);
  assert.ok(cargo, "Cargo.toml has a [workspace.package] version");
  const version = cargo[1];
  assert.match(version, /^\d+\.\d+\.\d+$/);
  assert.match(read("src-tauri/Cargo.toml"), /\nversion\.workspace = true\n/);
  // Tauri takes the app crate's version when tauri.conf.json names none; if it names one, it
  // must be the same.
  if (conf.version !== undefined)
    assert.equal(conf.version, version, "tauri.conf.json version = Cargo.toml workspace version");
  assert.equal(
    JSON.parse(read("package.json")).version,
    version,
    "package.json version = Cargo.toml workspace version",
  );
  assert.deepEqual(release.on.push.tags, ["v*"]);
  const check = release.jobs.draft.steps.find((s) => s.run?.includes("cargo metadata"));
  assert.ok(check, "the draft job checks the tag against the app crate's version");
  assert.match(check.run, /select\(\.name == "imagen"\)/);
  assert.match(check.run, /"\$TAG" != "v\$version"/);
});

test("the matrix builds every tauri.conf.json bundle target, each on its OS", () => {
  const triples = matrix.map((m) => m.target).sort();
  assert.deepEqual(triples, [
    "aarch64-apple-darwin",
    "x86_64-apple-darwin",
    "x86_64-pc-windows-msvc",
    "x86_64-unknown-linux-gnu",
  ]);
  const built = new Set();
  for (const m of matrix) {
    const os = osOf(m.target);
    const runner = { linux: /^ubuntu-/, windows: /^windows-/, macos: /^macos-/ }[os];
    assert.match(m.platform, runner, `${m.name} runs on a ${os} runner`);
    const bundles = m.bundles.split(",");
    assert.deepEqual(
      bundles,
      BUNDLES_OF_OS[os].filter((b) => conf.bundle.targets.includes(b)),
      `${m.name} builds every ${os} target of tauri.conf.json's bundle.targets`,
    );
    bundles.forEach((b) => built.add(b));
  }
  assert.deepEqual([...built].sort(), [...conf.bundle.targets].sort());
  assert.equal(
    tauriStep.with.args,
    "--target ${{ matrix.target }} --bundles ${{ matrix.bundles }}",
  );
});

test("the installer names the workflow checks are the ones tauri.conf.json makes", () => {
  for (const m of matrix) {
    const expected = m.bundles.split(",").map((b) => artifactOf(b, m.target));
    assert.deepEqual(m.artifacts.split(" "), expected, m.name);
  }
  const check = release.jobs.build.steps.find((s) => s.env?.ARTIFACTS);
  assert.equal(check.env.ARTIFACTS, "${{ matrix.artifacts }}");
  assert.equal(check.env.VERSION, "${{ steps.tauri.outputs.appVersion }}");
});

test("the macOS check looks for tauri.conf.json's identifier; signing is ad hoc", () => {
  assert.match(conf.identifier, /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/);
  assert.ok(!conf.identifier.endsWith(".app"), "an identifier ending in .app clashes on macOS");
  const mac = release.jobs.build.steps.find((s) => s.env?.IDENTIFIER);
  assert.equal(mac.env.IDENTIFIER, conf.identifier);
  assert.ok(mac.run.includes(`/${conf.productName}.app`));
  assert.equal(conf.bundle.macOS.signingIdentity, "-");
  // A secret that is not set is still defined in an `env:`, as "", which Tauri takes for a
  // certificate to import (or an identity replacing "-"): the secrets go to one step before
  // tauri-action, which passes on through $GITHUB_ENV only those with a value.
  const steps = release.jobs.build.steps;
  const signing = steps.find((s) => s.env?.APPLE_CERTIFICATE);
  assert.ok(signing, "no step takes the Apple signing secrets");
  assert.equal(signing.if, "runner.os == 'macOS'");
  assert.ok(steps.indexOf(signing) < steps.indexOf(tauriStep), "it runs before tauri-action");
  assert.match(signing.run, /\[ -z "\$\{!name\}" \]/);
  assert.match(signing.run, />>"\$GITHUB_ENV"/);
  for (const secret of [
    "APPLE_CERTIFICATE",
    "APPLE_CERTIFICATE_PASSWORD",
    "APPLE_SIGNING_IDENTITY",
    "APPLE_ID",
    "APPLE_PASSWORD",
    "APPLE_TEAM_ID",
  ]) {
    assert.equal(signing.env[secret], `\${{ secrets.${secret} }}`);
    assert.ok(signing.run.includes(secret), `the step passes on ${secret}`);
    assert.equal(tauriStep.env[secret], undefined, `tauri-action gets ${secret} only when set`);
    assert.ok(read("docs/releasing.md").includes(secret), `docs/releasing.md explains ${secret}`);
  }
});

test("Windows: per-user NSIS installer with WebView2's bootstrapper inside", () => {
  assert.equal(conf.bundle.windows.nsis.installMode, "currentUser");
  assert.equal(conf.bundle.windows.webviewInstallMode.type, "embedBootstrapper");
});

test("releases are drafts; write access only where a job needs it", () => {
  assert.equal(tauriStep.with.releaseDraft, true);
  assert.equal(tauriStep.with.releaseId, "${{ needs.draft.outputs.release-id }}");
  for (const wf of [release, ci]) assert.deepEqual(wf.permissions, { contents: "read" });
  for (const [name, job] of Object.entries(release.jobs))
    assert.deepEqual(job.permissions, { contents: "write" }, name);
  for (const job of Object.values(ci.jobs)) assert.equal(job.permissions, undefined);
});

test("every action is pinned to a major version at least", () => {
  for (const wf of [release, ci])
    for (const job of Object.values(wf.jobs))
      for (const step of job.steps)
        if (step.uses) assert.match(step.uses, /^[\w.-]+\/[\w./-]+@(v\d+|[0-9a-f]{40})$/);
});

test("the released .deb is the one scripts/package.sh makes: re-compressed with xz", () => {
  const steps = release.jobs.build.steps;
  const repack = steps.find((s) => s.run?.includes("scripts/repack-deb.sh"));
  assert.ok(repack, "no step runs scripts/repack-deb.sh");
  assert.equal(repack.if, "runner.os == 'Linux'");
  assert.ok(steps.indexOf(repack) > steps.indexOf(tauriStep), "repacks before the .deb exists");
  assert.match(repack.run, /gh release upload "\$TAG" "\$deb" --clobber/);
  assert.match(read("scripts/package.sh"), /scripts\/repack-deb\.sh "\$deb"/);
});

test("CI tests on the release's Linux platform, with the AppImage, on the release's Rust", () => {
  const linuxBuild = matrix.find((m) => osOf(m.target) === "linux");
  assert.equal(
    ci.jobs.linux["runs-on"],
    linuxBuild.platform,
    "the installed-package test runs where the released Linux packages are built",
  );
  const testStep = ci.jobs.linux.steps.find((s) => s.run?.includes("scripts/test.sh"));
  assert.equal(testStep.env?.IMAGEN_APPIMAGE, "1", "CI builds and starts the AppImage");
  // A pinned toolchain, the same everywhere: a new Rust (new clippy lints) cannot turn CI red
  // with no change to the code, and releases build with the Rust CI tested.
  const pinned = ci.env.RUST_TOOLCHAIN;
  assert.match(pinned, /^\d+\.\d+\.\d+$/);
  const rustSteps = [release, ci].flatMap((wf) =>
    Object.values(wf.jobs).flatMap((job) => job.steps.filter((s) => s.run?.includes("rustup"))),
  );
  assert.equal(rustSteps.length, 3, "the Rust steps of ci.yml's two jobs and release.yml's build");
  for (const step of rustSteps) {
    assert.match(step.run, /rustup toolchain install "\$RUST_TOOLCHAIN" /);
    assert.match(step.run, /rustup default "\$RUST_TOOLCHAIN"/);
    assert.doesNotMatch(step.run, /\bstable\b/);
  }
  const releaseRust = rustSteps.find((s) => s.env?.RUST_TOOLCHAIN);
  assert.equal(releaseRust?.env.RUST_TOOLCHAIN, pinned, "release.yml pins the same Rust as ci.yml");
  const rustVersion = read("Cargo.toml").match(/\nrust-version = "([^"]+)"/)[1];
  const [major, minor] = pinned.split(".").map(Number);
  const [minMajor, minMinor] = rustVersion.split(".").map(Number);
  assert.ok(
    major > minMajor || (major === minMajor && minor >= minMinor),
    `CI's Rust ${pinned} is at least Cargo.toml's rust-version ${rustVersion}`,
  );
});

test("every installer carries the licence About names: the MIT text, with its copyright line", () => {
  const licence = read(conf.bundle.licenseFile.replace(/^\.\.\//, ""));
  assert.match(licence, /^MIT License\n/);
  const line = licence.match(/^Copyright \(c\) .+$/m)?.[0];
  assert.ok(line, "LICENSE has a copyright line");
  assert.equal(conf.bundle.copyright, line, "tauri.conf.json copyright = LICENSE's line");
  // The Linux packages carry it where each system looks (scripts/package.sh checks the files).
  assert.equal(
    conf.bundle.linux.deb.files["/usr/share/doc/imagen/copyright"],
    conf.bundle.licenseFile,
  );
  assert.equal(
    conf.bundle.linux.rpm.files["/usr/share/licenses/imagen/LICENSE"],
    conf.bundle.licenseFile,
  );
  const cargo = read("Cargo.toml");
  assert.match(cargo, /^license = "MIT"$/m, "Cargo.toml's licence (About shows it) is MIT");
});

test("every installer carries the third-party notices About mentions, naming what is inside", () => {
  const notices = "../THIRD-PARTY-NOTICES.md";
  // Next to the app on every OS (the resource folder: the install folder on Windows,
  // Contents/Resources on macOS, usr/lib/Imagen in the AppImage), and where each Linux
  // system looks for a package's licences (scripts/package.sh checks both packages).
  assert.equal(conf.bundle.resources?.[notices], "THIRD-PARTY-NOTICES.md");
  assert.equal(
    conf.bundle.linux.deb.files["/usr/share/doc/imagen/THIRD-PARTY-NOTICES.md"],
    notices,
  );
  assert.equal(
    conf.bundle.linux.rpm.files["/usr/share/licenses/imagen/THIRD-PARTY-NOTICES.md"],
    notices,
  );
  // The file itself (scripts/notices.mjs writes it; its --check keeps it current): crates and
  // npm packages that certainly ship, each with its version and licence.
  const text = read("THIRD-PARTY-NOTICES.md");
  for (const crate of ["bollard", "tokio", "tauri", "serde"]) {
    assert.match(
      text,
      new RegExp(`^\\| ${crate} \\| \\d+\\.\\d+\\.\\d+\\S* \\| [^|]+ \\|`, "m"),
      crate,
    );
  }
  for (const pkg of ["svelte", "@tauri-apps/api"]) {
    assert.match(text, new RegExp(`^\\| ${pkg} \\| \\d+\\.\\d+\\.\\d+ \\| [^|]+ \\|`, "m"), pkg);
  }
  assert.match(text, /^### Standard text of Apache-2\.0$/m, "the full Apache-2.0 text, once");
  assert.match(text, /END OF TERMS AND CONDITIONS/);
});
