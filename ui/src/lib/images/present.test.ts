import { describe, expect, it } from "vitest";
import { countText, splitTag, usageText, usageTitle } from "./present";

describe("present", () => {
  it("words container usage like the badge", () => {
    expect(usageText({ running: 2, stopped: 1 })).toBe("2 running · 1 stopped");
    expect(usageText({ running: 1, stopped: 0 })).toBe("1 running");
    expect(usageText({ running: 0, stopped: 3 })).toBe("3 stopped");
    expect(usageText({ running: 0, stopped: 0 })).toBe("");
    expect(usageTitle({ running: 0, stopped: 1 })).toMatch(/1 container was created/);
  });

  it("counts images", () => {
    expect(countText(0)).toBe("0 images");
    expect(countText(1)).toBe("1 image");
    expect(countText(12)).toBe("12 images");
  });

  it("splits a tag off without mistaking a registry port for one", () => {
    expect(splitTag("nginx:alpine")).toEqual({ repository: "nginx", tag: "alpine" });
    expect(splitTag("localhost:5000/app:1.0")).toEqual({
      repository: "localhost:5000/app",
      tag: "1.0",
    });
    expect(splitTag("localhost:5000/app")).toEqual({ repository: "localhost:5000/app", tag: "" });
  });
});
