import { describe, expect, it } from "vitest";
import { shortcutKey } from "./keys";

const ctrl = { ctrlKey: true, metaKey: false };
const cmd = { ctrlKey: false, metaKey: true };
const none = { ctrlKey: false, metaKey: false };

describe("shortcutKey", () => {
  it("is Cmd on macOS: Ctrl there is the text field's own (Ctrl+F moves the cursor)", () => {
    expect(shortcutKey(cmd, "macos")).toBe(true);
    expect(shortcutKey(ctrl, "macos")).toBe(false);
    expect(shortcutKey(none, "macos")).toBe(false);
  });

  it("is Ctrl (or Meta) on Windows and Linux", () => {
    for (const os of ["windows", "linux"] as const) {
      expect(shortcutKey(ctrl, os)).toBe(true);
      expect(shortcutKey(cmd, os)).toBe(true);
      expect(shortcutKey(none, os)).toBe(false);
    }
  });
});
