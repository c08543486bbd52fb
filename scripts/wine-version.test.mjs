import assert from "node:assert/strict";
import { test } from "node:test";
import { wineRunsTheTests, wineVersion } from "./wine-version.mjs";

test("Wine 8 and later run the Windows tests; Ubuntu 22.04's Wine 6 does not", () => {
  assert.deepEqual(wineVersion("wine-8.0 (Debian 8.0~repack-4)"), [8, 0]);
  assert.equal(wineRunsTheTests("wine-8.0 (Debian 8.0~repack-4)"), true);
  assert.equal(wineRunsTheTests("wine-9.0"), true);
  assert.equal(wineRunsTheTests("wine-10.0-rc1"), true);
  assert.equal(wineRunsTheTests("wine-6.0.3 (Ubuntu 6.0.3~repack-1)"), false);
  assert.equal(wineRunsTheTests("wine-7.22"), false);
  assert.equal(wineRunsTheTests(""), false);
});
