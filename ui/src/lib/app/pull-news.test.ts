import { describe, expect, it } from "vitest";
import type { PullEntry, PullStatus } from "../pull/pulls.svelte";
import { endedPulls, pullNews } from "./pull-news";

const entry = (id: string, status: PullStatus, partial: Partial<PullEntry> = {}): PullEntry => ({
  id,
  reference: `${id}:1`,
  platform: null,
  status,
  progress: null,
  heardAt: 0,
  outcome: null,
  error: null,
  ...partial,
});

describe("endedPulls", () => {
  it("finds the pulls that were running and ended, once each", () => {
    const seen = new Map<string, PullStatus>();
    expect(endedPulls([entry("a", "running"), entry("b", "done")], seen)).toEqual([]);
    const ended = entry("a", "failed");
    expect(endedPulls([ended, entry("b", "done")], seen)).toEqual([ended]);
    expect(endedPulls([ended, entry("b", "done")], seen)).toEqual([]);
  });

  it("forgets dismissed pulls", () => {
    const seen = new Map<string, PullStatus>([["gone", "running"]]);
    endedPulls([], seen);
    expect(seen.size).toBe(0);
  });
});

describe("pullNews", () => {
  it("says a failure urgently, an outcome politely", () => {
    const failed = entry("web", "failed", {
      error: { kind: "Unauthorized", registry: "docker.io" },
    });
    expect(pullNews(failed)).toEqual({
      text: expect.stringMatching(/^Pull of web:1 failed: .*docker login/),
      urgent: true,
    });
    const done = entry("web", "done", {
      outcome: { kind: "UpToDate", reference: "web:1", imageId: null },
    });
    expect(pullNews(done)).toEqual({ text: "Pull of web:1: Image is up to date", urgent: false });
  });
});
