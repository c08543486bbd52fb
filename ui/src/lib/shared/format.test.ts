import { describe, expect, it } from "vitest";
import { humanSize, humanSize4 } from "./format";
// The same cases imagen-core's human_size is held to (its test in images/format.rs).
import vectors from "../../../../crates/imagen-core/src/images/size-vectors.json";

describe("format", () => {
  it("words sizes exactly like docker images, as the backend does", () => {
    const cases = vectors.cases as [number, string][];
    expect(cases.length).toBeGreaterThan(20);
    for (const [bytes, text] of cases) expect(humanSize(bytes), `humanSize(${bytes})`).toBe(text);
  });

  it("rounds a tie to even and keeps Go's exponent form", () => {
    expect(humanSize(1_125_000)).toBe("1.12MB");
    expect(humanSize(1_135_000)).toBe("1.14MB");
    expect(humanSize(999_500)).toBe("1e+03kB");
    expect(humanSize(236_000_000)).toBe("236MB");
  });

  it("words four digits like go-units' HumanSize (docker pull's layers, system df -v), as the backend does", () => {
    // The cases imagen-core's human_size_as_prune is held to.
    expect(humanSize4(0)).toBe("0B");
    expect(humanSize4(123_456_789)).toBe("123.5MB");
    expect(humanSize4(52_399_000)).toBe("52.4MB");
    expect(humanSize4(9_999_500)).toBe("9.999MB");
    expect(humanSize4(1_000_000_000)).toBe("1GB");
    expect(humanSize4(12_345_678)).toBe("12.35MB");
    expect(humanSize4(52_431_000)).toBe("52.43MB");
    expect(humanSize4(999_960)).toBe("1000kB");
    expect(humanSize4(5_600)).toBe("5.6kB");
  });

  it("words fractions and odd inputs as before", () => {
    expect(humanSize(0.5)).toBe("0.5B");
    expect(humanSize(-3)).toBe("0B");
    expect(humanSize(12.34)).toBe("12.3B");
  });
});
