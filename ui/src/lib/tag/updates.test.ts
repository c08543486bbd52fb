import { describe, expect, it } from "vitest";
import type { RegistryProblem, UnknownReason, UpdateResult } from "../ipc/api";
import {
  byImage,
  countVerdicts,
  groupProblems,
  mergeAnswers,
  notFoundTags,
  updatesFor,
} from "./updates";

const newer = (reference: string, imageId: string, remoteDigest = "sha256:abc"): UpdateResult => ({
  reference,
  imageId,
  status: { status: "Newer", remoteDigest },
});
const current = (reference: string, imageId: string): UpdateResult => ({
  reference,
  imageId,
  status: { status: "Current" },
});
const unknown = (
  reference: string,
  imageId: string,
  reason: UnknownReason = "NotFromRegistry",
): UpdateResult => ({ reference, imageId, status: { status: "Unknown", reason } });

describe("byImage", () => {
  it("groups tags per image; any newer tag makes the image newer", () => {
    const map = byImage([
      current("nginx:latest", "A"),
      newer("nginx:1", "A", "sha256:111"),
      current("redis:7", "B"),
      unknown("app:dev", "C"),
      unknown("x:1", "D", "RegistryUnreachable"),
      current("mine:1", "E"),
      unknown("mine:dev", "E"),
    ]);
    expect(map.get("A")).toEqual({
      imageId: "A",
      newer: [{ reference: "nginx:1", remoteDigest: "sha256:111" }],
      current: ["nginx:latest"],
      unknown: [],
      verdict: "newer",
    });
    expect(map.get("B")!.verdict).toBe("current");
    expect(map.get("C")!.verdict).toBe("builtHere");
    expect(map.get("D")!.verdict).toBe("unknown");
    expect(map.get("E")!.verdict).toBe("current");
    expect(countVerdicts(map.values())).toEqual({
      images: 5,
      newer: 1,
      current: 2,
      builtHere: 1,
      unknown: 1,
    });
  });

  it("is not current when another tag's registry could not be asked", () => {
    for (const reason of ["RegistryUnreachable", "Unauthorized", "Other"] as const) {
      const map = byImage([
        current("nginx:1.27", "A"),
        unknown("registry.example.com/nginx:1.27", "A", reason),
      ]);
      expect(map.get("A")!.verdict).toBe("unknown");
    }
    // A newer tag stays newer; a tag its registry does not have, or one never pulled, says
    // nothing against the others.
    const map = byImage([
      newer("nginx:1", "B"),
      unknown("registry.example.com/nginx:1", "B", "RegistryUnreachable"),
      current("redis:7", "C"),
      unknown("redis:gone", "C", "NotFound"),
      unknown("redis:dev", "C", "NotFromRegistry"),
    ]);
    expect(map.get("B")!.verdict).toBe("newer");
    expect(map.get("C")!.verdict).toBe("current");
  });
});

describe("mergeAnswers", () => {
  it("replaces only the tags a stopped check answered, and judges the image again", () => {
    const kept = byImage([
      newer("web:1", "A"),
      unknown("web:dev", "A"),
      current("db:1", "B"),
      unknown("x:1", "C", "RegistryUnreachable"),
    ]);
    const found = byImage([unknown("web:dev", "A"), current("x:1", "C"), current("new:1", "D")]);
    const merged = mergeAnswers(kept, found);
    expect(merged.get("A")).toEqual(kept.get("A"));
    expect(merged.get("B")).toEqual(kept.get("B"));
    expect(merged.get("C")).toMatchObject({ current: ["x:1"], unknown: [], verdict: "current" });
    expect(merged.get("D")!.verdict).toBe("current");
    // The earlier answers themselves are left as they were.
    expect(kept.get("C")!.verdict).toBe("unknown");
  });
});

describe("notFoundTags", () => {
  it("names the missing tags of the images that could not be compared, only", () => {
    const map = byImage([
      unknown("nginx:mine", "A", "NotFound"),
      unknown("ana/tool:1", "B", "NotFound"),
      unknown("ana/tool:dev", "B"),
      current("redis:7", "C"),
      unknown("redis:local", "C", "NotFound"),
    ]);
    expect(notFoundTags(map.values())).toEqual(["nginx:mine", "ana/tool:1"]);
  });
});

describe("updatesFor", () => {
  const kept = byImage([newer("nginx:1", "A"), current("nginx:latest", "A")]);

  it("answers for the image checked, by ID", () => {
    expect(updatesFor(kept, { id: "A", tags: ["nginx:1", "nginx:latest"] })!.verdict).toBe("newer");
  });

  it("says nothing about a re-pulled image (another ID)", () => {
    expect(updatesFor(kept, { id: "A2", tags: ["nginx:1"] })).toBeNull();
  });

  it("forgets a tag the image no longer has", () => {
    const u = updatesFor(kept, { id: "A", tags: ["nginx:latest"] })!;
    expect(u.newer).toEqual([]);
    expect(u.verdict).toBe("current");
    expect(updatesFor(kept, { id: "A", tags: [] })).toBeNull();
  });

  // A multi-platform image re-pushed for another platform: the pull brings the new digest
  // and keeps this platform's image, so the ID stays and the badge must not.
  it("is current once a pull brought the registry's digest to the same image", () => {
    const tags = ["nginx:1", "nginx:latest"];
    const before = updatesFor(kept, { id: "A", tags, digests: ["nginx@sha256:old"] })!;
    expect(before.verdict).toBe("newer");
    const after = updatesFor(kept, {
      id: "A",
      tags,
      digests: ["nginx@sha256:old", "nginx@sha256:abc"],
    })!;
    expect(after.newer).toEqual([]);
    expect(after.current).toEqual(["nginx:latest", "nginx:1"]);
    expect(after.verdict).toBe("current");
  });
});

describe("groupProblems", () => {
  const problem = (registry: string, error: RegistryProblem["error"]): RegistryProblem => ({
    registry,
    tags: 1,
    error,
  });

  it("groups registries by what went wrong, each named once", () => {
    const groups = groupProblems([
      problem("docker.io", {
        kind: "RegistryUnreachable",
        registry: "docker.io",
        reason: "dns",
        cause: "NoSuchHost",
      }),
      problem("docker.io", {
        kind: "RegistryUnreachable",
        registry: "docker.io",
        reason: "dns",
        cause: "NoSuchHost",
      }),
      problem("ghcr.io", { kind: "Unauthorized", registry: "ghcr.io" }),
      problem("quay.io", { kind: "RateLimited", registry: "quay.io" }),
      problem("reg:5000", { kind: "Internal", message: "boom" }),
      // The registry was never asked: docker login would not help.
      problem("gcr.io", {
        kind: "CredentialsUnavailable",
        registry: "gcr.io",
        message: "docker-credential-gcloud timed out",
      }),
    ]);
    expect(groups.unreachable).toEqual(["docker.io"]);
    expect(groups.login).toEqual(["ghcr.io"]);
    expect(groups.credentials).toEqual(["gcr.io"]);
    expect(groups.limited).toEqual(["quay.io"]);
    expect(groups.other.map((p) => p.registry)).toEqual(["reg:5000"]);
  });
});
