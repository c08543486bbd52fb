#!/usr/bin/env node
// Unit tests built for Windows (x86_64-pc-windows-gnu) and run under Wine, on
// Linux: the named-pipe transport (every fake engine of imagen-core's tests is a named pipe
// there), Windows' error codes, PATHEXT and the other Windows-only paths run for real, not only
// compile. scripts/test.sh runs it; scripts/setup.sh installs Wine and the MinGW linker.
//
//   node scripts/test-windows.mjs         imagen-core's tests (about 2.5 minutes to build fresh)
//   node scripts/test-windows.mjs --all   the whole workspace's, the app's too (about 6: Tauri
//                                         and its Windows crates; the public CI's Windows job
//                                         runs those on Windows for every push)
//
// Wine runs in its own prefix, target/wine-prefix-<uid> (never the user's ~/.wine), made on
// first use. A few tests need what Wine does not have; they are skipped by name below, with why,
// and run on real Windows in the public CI's Windows job (.github/workflows/ci.yml).
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { WINE_MIN, wineRunsTheTests } from "./wine-version.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const target = "x86_64-pc-windows-gnu";
// One per user: Wine refuses a prefix that another user owns. Root's (scripts/test.sh run
// through sudo) is given to the sudo user with the rest of target/ when the run ends, and
// taken back here by the next run as root.
const uid = process.getuid?.() ?? 0;
const prefix = join(root, "target", `wine-prefix-${uid}`);
if (uid === 0 && existsSync(prefix) && statSync(prefix).uid !== 0) {
  spawnSync("chown", ["-R", "0:0", prefix], { stdio: "inherit" });
}
const system32 = join(prefix, "drive_c", "windows", "system32");

/** Tests that need what Wine 8 lacks; each runs on Windows itself. */
const SKIPPED = new Map([
  [
    "kit::room::tests::a_real_folder_says_its_room",
    "Wine lists no drives to sysinfo, so no folder has a drive to say the room of",
  ],
  [
    "engine::resolve::tests::a_served_named_pipe_is_found_and_an_absent_one_is_not",
    "Wine does not list the pipes in \\\\.\\pipe\\, where Windows does",
  ],
]);

const quiet = { ...process.env, WINEPREFIX: prefix, WINEDEBUG: "-all", DISPLAY: "" };

function die(message) {
  console.error(`test-windows: ${message}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  if (result.error) die(`${command}: ${result.error.message}`);
  return result.status ?? 1;
}

function have(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

for (const command of ["wine", "x86_64-w64-mingw32-gcc"]) {
  if (!have(command))
    die(`no ${command}: scripts/setup.sh test installs it (apt: wine, gcc-mingw-w64-x86-64)`);
}

// Too old a Wine (Ubuntu 22.04's 6.0.3) fails every test with a TCP listener: said, and exit
// status 3, which scripts/test.sh reports as the Windows tests left out rather than failed.
const said = spawnSync("wine", ["--version"], { env: quiet, encoding: "utf8" }).stdout ?? "";
if (!wineRunsTheTests(said)) {
  console.error(
    `test-windows: ${said.trim() || "wine"} is older than Wine ${WINE_MIN.join(".")}, which these ` +
      "tests need (scripts/wine-version.mjs); the Windows unit tests are left out here",
  );
  process.exit(3);
}

// The prefix, once: wineboot makes its registry and C: drive (about 10 s).
if (!existsSync(join(prefix, "system.reg"))) {
  mkdirSync(prefix, { recursive: true });
  console.log(`test-windows: making the Wine prefix ${prefix}`);
  const made = spawnSync("wine", ["wineboot", "--init"], { env: quiet, stdio: "ignore" });
  if (made.status !== 0 || !existsSync(system32)) die("wineboot could not make the Wine prefix");
}

// Rust's std needs bcryptprimitives.dll, which Wine 8 lacks: the stand-in of scripts/wine/.
const dll = join(system32, "bcryptprimitives.dll");
const source = join(root, "scripts", "wine", "bcryptprimitives.c");
if (!existsSync(dll) || statSync(dll).mtimeMs < statSync(source).mtimeMs) {
  const status = run("x86_64-w64-mingw32-gcc", [
    "-shared",
    "-O2",
    "-o",
    dll,
    source,
    join(root, "scripts", "wine", "bcryptprimitives.def"),
    "-ladvapi32",
  ]);
  if (status !== 0) die("could not build the bcryptprimitives.dll stand-in");
}

const all = process.argv.includes("--all");
// The test programs, built as `cargo test` would build them for Windows, without debug
// information (a third less to build; a failure still names its test and its assertion).
const built = spawnSync(
  "cargo",
  [
    "test",
    ...(all ? ["--workspace"] : ["-p", "imagen-core"]),
    "--locked",
    "--no-run",
    "--target",
    target,
    "--message-format=json-render-diagnostics",
  ],
  {
    cwd: root,
    env: { ...process.env, CARGO_PROFILE_DEV_DEBUG: "0", CARGO_PROFILE_TEST_DEBUG: "0" },
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 256 * 1024 * 1024,
  },
);
if (built.status !== 0) die("cargo could not build the Windows tests");
const programs = built.stdout
  .toString()
  .split("\n")
  .filter((line) => line.startsWith("{"))
  .map((line) => JSON.parse(line))
  .filter((m) => m.reason === "compiler-artifact" && m.profile?.test && m.executable)
  .map((m) => ({ exe: m.executable, dir: dirname(m.manifest_path), name: m.target.name }));
if (programs.length === 0) die("cargo built no test programs");

// The app's tests link WebView2Loader.dll (webview2-com-sys), which Windows looks for beside
// the program: copied there from the build's own copy.
const build = join(root, "target", target, "debug", "build");
const loaderDir = (existsSync(build) ? readdirSync(build) : []).find(
  (d) =>
    d.startsWith("webview2-com-sys-") &&
    existsSync(join(build, d, "out", "x64", "WebView2Loader.dll")),
);
for (const dir of new Set(programs.map((p) => dirname(p.exe)))) {
  if (loaderDir)
    copyFileSync(
      join(build, loaderDir, "out", "x64", "WebView2Loader.dll"),
      join(dir, "WebView2Loader.dll"),
    );
}

const skips = [...SKIPPED.keys()].flatMap((name) => ["--skip", name]);
let failed = 0;
for (const { exe, dir, name } of programs) {
  console.log(`\ntest-windows: ${name} (${exe.slice(root.length + 1)}) under Wine`);
  // As `cargo test` runs them: from the package's folder, which some tests read files in.
  // A test Wine never finishes would otherwise hold the whole test run; Linux's take under
  // a minute, Wine's about one.
  const result = spawnSync("wine", [exe, "--exact", ...skips], {
    cwd: dir,
    env: quiet,
    stdio: "inherit",
    timeout: 15 * 60 * 1000,
    killSignal: "SIGKILL",
  });
  if (result.error?.code === "ETIMEDOUT") {
    console.error(`test-windows: ${name} did not finish within 15 minutes under Wine`);
    spawnSync("wineserver", ["-k"], { env: quiet, stdio: "ignore" });
  }
  if (result.status !== 0) failed++;
}
console.log("\ntest-windows: skipped under Wine (run on Windows by the public CI):");
for (const [name, why] of SKIPPED) console.log(`  ${name}: ${why}`);
const counted = `${programs.length} test program${programs.length === 1 ? "" : "s"}`;
if (failed) die(`${failed} of ${counted} failed under Wine`);
console.log(`test-windows: ${counted} passed under Wine`);
