// Imagen's version is written once, in the workspace Cargo.toml (`[workspace.package]
// version`): the crates inherit it, Tauri reads it from the app's Cargo package because
// tauri.conf.json names no version, the backend's `app_info` and `imagen --version` report
// it. package.json cannot inherit, so it must say the same.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const read = (path: string) => readFileSync(resolve(root, path), "utf8");

describe("the version", () => {
  const cargo = /\[workspace\.package\][^[]*?\nversion = "([^"]+)"/.exec(read("Cargo.toml"));

  it("is written in the workspace Cargo.toml, which both crates inherit", () => {
    expect(cargo?.[1]).toMatch(/^\d+\.\d+\.\d+$/);
    for (const crate of ["src-tauri/Cargo.toml", "crates/imagen-core/Cargo.toml"])
      expect(read(crate)).toMatch(/\nversion\.workspace = true\n/);
  });

  it("is not repeated in tauri.conf.json (Tauri then takes the Cargo package's)", () => {
    expect(JSON.parse(read("src-tauri/tauri.conf.json"))).not.toHaveProperty("version");
  });

  it("is package.json's too", () => {
    expect((JSON.parse(read("package.json")) as { version: string }).version).toBe(cargo?.[1]);
  });
});
