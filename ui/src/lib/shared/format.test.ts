import { describe, expect, it } from "vitest";
import { humanSize } from "./format";

describe("format", () => {
  it("words sizes like docker", () => {
    expect(humanSize(0)).toBe("0B");
    expect(humanSize(5600)).toBe("5.6kB");
    expect(humanSize(1_980_000)).toBe("1.98MB");
    expect(humanSize(236_000_000)).toBe("236MB");
    expect(humanSize(1_210_000_000)).toBe("1.21GB");
  });
});
