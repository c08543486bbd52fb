import { describe, expect, it } from "vitest";
import type { PullEntry, PullStatus } from "../pull/pulls.svelte";
import { pullNews } from "./pull-news";

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
