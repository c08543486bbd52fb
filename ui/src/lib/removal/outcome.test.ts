import { shortId } from "../images/names";
import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/locale.svelte";
import {
  fakeId,
  fakeImage,
  fakePlan,
  fakePlanContainer,
  fakePlanImage,
  fakeRmi,
  fakeAction,
  fakeSucceeds,
} from "../ipc/fake";
import type { Outcome, PlanContainer, Step } from "../ipc/api";
import { forceOutcome, onlyUntags, selectionTitle, stepLabel, summarize } from "./outcome";

// Plans shaped like imagen-core's `plan::compute` answers for each engine situation.

const container = fakePlanContainer;

const rmi = fakeRmi;
const stop = (c: PlanContainer): Step => ({ kind: "Stop", container: c.id, name: c.name });
const rm = (c: PlanContainer): Step => ({
  kind: "RemoveContainer",
  container: c.id,
  name: c.name,
});

const action = fakeAction;

const ok = fakeSucceeds;

function refused(
  image: string,
  reason: Extract<Outcome, { kind: "Refused" }>["reason"],
  hard: boolean,
  containerName: string | null = null,
  step = 0,
): Outcome {
  return { kind: "Refused", step, image, reason, hard, container: containerName };
}

/** nginx:alpine, nothing uses it. */
function deletable() {
  const img = fakeImage({ tags: ["nginx:alpine"] });
  const pi = fakePlanImage(img, { uniqueSize: 23_400_000 });
  const base = fakePlan({ images: [pi] });
  const done = ok({
    untagged: ["nginx:alpine"],
    deleted: [img.id],
    freed: 23_400_000,
    freedText: "23.4MB",
  });
  const plan = fakePlan({
    images: [pi],
    actions: [
      { ...base.actions[0]!, outcome: done },
      action("forceDelete", [rmi(img.id, img.id, true)], done),
    ],
  });
  return { img, plan, selection: { images: [img.id], tags: [] } };
}

/** web:1.0 and web:old on one image; only web:old chosen. */
function oneOfTwoTags() {
  const img = fakeImage({ tags: ["web:1.0", "web:old"] });
  const pi = fakePlanImage(img, { selectedTags: ["web:old"], verdict: "untagOnly" });
  const done = ok({ untagged: ["web:old"] });
  const plan = fakePlan({
    images: [pi],
    actions: [
      action("removeTag", [rmi("web:old", img.id)], done),
      action("forceDelete", [rmi("web:old", img.id, true)], done),
    ],
  });
  return { img, plan, selection: { images: [], tags: [{ reference: "web:old", image: img.id }] } };
}

/** app:1.0, used by the stopped container job-1. */
function stoppedContainer(podman = false) {
  const img = fakeImage({ tags: ["app:1.0"] });
  const job = container("job-1", "exited", img.id);
  const pi = fakePlanImage(img, {
    uniqueSize: 5_000_000,
    verdict: "needsForce",
    reason: "referenceInUse",
  });
  const plan = fakePlan({
    images: [pi],
    containers: [job],
    podman,
    actions: [
      action("delete", [rmi("app:1.0", img.id)], refused(img.id, "referenceInUse", false, job.id)),
      action(
        "forceDelete",
        [rmi(img.id, img.id, true)],
        ok({
          untagged: ["app:1.0"],
          deleted: [img.id],
          freed: 5_000_000,
          freedText: "5MB",
          orphaned: [job.id],
        }),
      ),
      action(
        "stopRemoveDelete",
        [rm(job), rmi("app:1.0", img.id)],
        ok({
          untagged: ["app:1.0"],
          deleted: [img.id],
          freed: 5_000_000,
          freedText: "5MB",
          removedContainers: [job.id],
        }),
      ),
    ],
  });
  return { img, job, plan, selection: { images: [img.id], tags: [] } };
}

/** nginx:alpine, used by the running web-1 and the stopped job-1. */
function runningContainer() {
  const img = fakeImage({ tags: ["nginx:alpine"] });
  const web = container("web-1", "running", img.id);
  const job = container("job-1", "exited", img.id);
  const pi = fakePlanImage(img, {
    uniqueSize: 23_400_000,
    verdict: "blocked",
    reason: "referenceInUse",
    forcedReason: "runningContainer",
  });
  const plan = fakePlan({
    images: [pi],
    containers: [web, job],
    actions: [
      action(
        "delete",
        [rmi("nginx:alpine", img.id)],
        refused(img.id, "referenceInUse", false, web.id),
      ),
      action(
        "forceDelete",
        [rmi(img.id, img.id, true)],
        refused(img.id, "runningContainer", true, web.id),
      ),
      action(
        "stopRemoveDelete",
        [stop(web), rm(web), rm(job), rmi("nginx:alpine", img.id)],
        ok({
          untagged: ["nginx:alpine"],
          deleted: [img.id],
          freed: 23_400_000,
          freedText: "23.4MB",
          stopped: [web.id],
          removedContainers: [web.id, job.id],
        }),
      ),
    ],
  });
  return { img, web, job, plan, selection: { images: [img.id], tags: [] } };
}

/** The only tag of an image the running web-1 uses. */
function tagOfRunning() {
  const img = fakeImage({ tags: ["web:1.0"] });
  const web = container("web-1", "running", img.id);
  const pi = fakePlanImage(img, {
    selectedTags: ["web:1.0"],
    verdict: "partialWithForce",
    reason: "referenceInUse",
  });
  const plan = fakePlan({
    images: [pi],
    containers: [web],
    actions: [
      action(
        "removeTag",
        [rmi("web:1.0", img.id)],
        refused(img.id, "referenceInUse", false, web.id),
      ),
      action(
        "forceDelete",
        [rmi("web:1.0", img.id, true)],
        ok({ untagged: ["web:1.0"], leftNameless: [img.id], orphaned: [web.id] }),
      ),
      action(
        "stopRemoveDelete",
        [stop(web), rm(web), rmi("web:1.0", img.id)],
        ok({
          untagged: ["web:1.0"],
          deleted: [img.id],
          freed: 1_980_000,
          freedText: "1.98MB",
          stopped: [web.id],
          removedContainers: [web.id],
        }),
      ),
    ],
  });
  return {
    img,
    web,
    plan,
    selection: { images: [], tags: [{ reference: "web:1.0", image: img.id }] },
  };
}

/** redis:7, unused, and nginx:alpine as in `runningContainer`, selected together. */
function withRunning() {
  const free = fakeImage({ tags: ["redis:7"] });
  const { img, web, job, plan: one } = runningContainer();
  const plan = fakePlan({
    images: [fakePlanImage(free, { uniqueSize: 1_000_000 }), one.images[0]!],
    containers: one.containers,
    actions: [
      action(
        "delete",
        [rmi("redis:7", free.id), rmi("nginx:alpine", img.id)],
        refused(img.id, "referenceInUse", false, web.id, 1),
      ),
      action(
        "forceDelete",
        [rmi(free.id, free.id, true), rmi(img.id, img.id, true)],
        refused(img.id, "runningContainer", true, web.id, 1),
      ),
      action(
        "stopRemoveDelete",
        [stop(web), rm(web), rm(job), rmi("redis:7", free.id), rmi("nginx:alpine", img.id)],
        ok({
          untagged: ["redis:7", "nginx:alpine"],
          deleted: [free.id, img.id],
          freed: 24_400_000,
          freedText: "24.4MB",
          stopped: [web.id],
          removedContainers: [web.id, job.id],
        }),
      ),
    ],
  });
  return { free, img, web, job, plan };
}

/** base:1, which app:1.0 is built on. */
function withChild() {
  const img = fakeImage({ tags: ["base:1"] });
  const child = fakeImage({ tags: ["app:1.0"] });
  const pi = fakePlanImage(img, {
    verdict: "blocked",
    reason: "childImages",
    forcedReason: "childImages",
  });
  const plan = fakePlan({
    images: [pi],
    children: [
      { id: child.id, shortId: shortId(child.id), displayName: "app:1.0", parent: img.id },
    ],
    actions: [
      action(
        "delete",
        [rmi("base:1", img.id), rmi(img.id, img.id)],
        refused(img.id, "childImages", true, null, 1),
      ),
      action("forceDelete", [rmi(img.id, img.id, true)], refused(img.id, "childImages", true)),
    ],
  });
  return { img, plan, selection: { images: [img.id], tags: [] } };
}

describe("summarize: one image", () => {
  it("deletable image: says it goes and what is freed; offers Delete image only", () => {
    const { plan, selection } = deletable();
    const s = summarize(plan, selection);
    expect(s.title).toBe("Remove nginx:alpine");
    expect(s.sentences).toEqual(["nginx:alpine will be deleted and 23.4MB freed."]);
    expect(s.offers.map((o) => o.label)).toEqual(["Delete image"]);
    expect(s.offers[0]).toMatchObject({ kind: "delete", recommended: true, danger: false });
    expect(s.offers[0]!.warnings).toEqual([]);
    expect(s.blocked).toBeNull();
  });

  it("names the other tags of an image deleted whole", () => {
    const img = fakeImage({ tags: ["nginx:alpine", "nginx:1.27-alpine"] });
    const plan = fakePlan({ images: [fakePlanImage(img, { uniqueSize: 0 })] });
    expect(summarize(plan).sentences).toEqual([
      "nginx:alpine (also tagged nginx:1.27-alpine) will be deleted.",
    ]);
  });

  it("one of two tags: only that tag goes, the image keeps the other", () => {
    const { plan, selection } = oneOfTwoTags();
    const s = summarize(plan, selection);
    expect(s.title).toBe("Remove the tag web:old");
    expect(s.sentences).toEqual(["Only the tag web:old goes; the image keeps web:1.0."]);
    expect(s.offers.map((o) => o.label)).toEqual(["Remove tag"]);
    expect(s.offers[0]!.recommended).toBe(true);
  });

  it("stopped container: explains the refusal, recommends removing it, offers force with a warning", () => {
    const { plan, selection, job, img } = stoppedContainer();
    const s = summarize(plan, selection);
    expect(s.sentences).toEqual([
      "1 container uses this image: job-1 is stopped.",
      "Docker refuses to delete an image while a container uses it.",
    ]);
    expect(s.offers.map((o) => [o.kind, o.label, o.recommended, o.danger])).toEqual([
      ["stopRemoveDelete", "Remove 1 container, then delete", true, false],
      ["forceDelete", "Force delete", false, true],
    ]);
    expect(s.offers[0]!.outcome).toBe(
      "The container job-1 will be removed. app:1.0 will be deleted and 5MB freed.",
    );
    expect(s.offers[0]!.action.steps).toEqual([rm(job), rmi("app:1.0", img.id)]);
    const force = s.offers[1]!;
    expect(force.outcome).toBe(forceOutcome());
    expect(force.warnings).toEqual([
      "Force deletes app:1.0, removing the tag app:1.0.",
      "job-1 is left pointing at an image with no name (docker ps -a shows only its ID); the disk space is only freed once it is removed.",
    ]);
    expect(s.blocked).toBeNull();
  });

  it("running container: force is not offered (it cannot get past it); the guided action is", () => {
    const { plan, selection } = runningContainer();
    const s = summarize(plan, selection);
    expect(s.sentences).toEqual([
      "2 containers use this image: web-1 is running, job-1 is stopped.",
      "Docker refuses to delete an image while a container uses it, and even force does not work while one is running.",
    ]);
    expect(s.offers.map((o) => o.label)).toEqual(["Stop and remove 2 containers, then delete"]);
    expect(s.offers[0]!.recommended).toBe(true);
    expect(s.offers[0]!.outcome).toBe(
      "The containers web-1 and job-1 will be removed (web-1 stopped first). nginx:alpine will be deleted and 23.4MB freed.",
    );
    expect(s.blocked).toBeNull();
  });

  it("names a few of 300 containers and counts the rest, on screen and read out", () => {
    const img = fakeImage({ tags: ["nginx:alpine"] });
    const cs = Array.from({ length: 300 }, (_, i) =>
      container(`worker-${i}`, i < 2 ? "running" : "exited", img.id),
    );
    const plan = fakePlan({
      images: [fakePlanImage(img, { verdict: "blocked", reason: "referenceInUse" })],
      containers: cs,
      actions: [
        action(
          "stopRemoveDelete",
          [...cs.map((c) => rm(c)), rmi("nginx:alpine", img.id)],
          ok({
            untagged: ["nginx:alpine"],
            deleted: [img.id],
            freed: 1,
            freedText: "1B",
            stopped: [cs[0]!.id, cs[1]!.id],
            removedContainers: cs.map((c) => c.id),
          }),
        ),
      ],
    });
    const outcome = summarize(plan, { images: [img.id], tags: [] }).offers[0]!.outcome;
    expect(outcome).toMatch(
      /^The containers worker-0, worker-1, .*worker-6, and 293 more will be removed \(worker-0 and worker-1 stopped first\)/,
    );
    expect(outcome.length).toBeLessThan(400);
  });

  it("the only tag of an image a running container uses: force leaves the image as <none>", () => {
    const { plan, selection } = tagOfRunning();
    const s = summarize(plan, selection);
    expect(s.title).toBe("Remove the tag web:1.0");
    expect(s.sentences).toEqual([
      "1 container uses this image: web-1 is running.",
      "Docker refuses to remove the last tag of an image a container uses.",
    ]);
    expect(s.offers.map((o) => o.label)).toEqual([
      "Stop and remove 1 container, then delete",
      "Force remove tag",
    ]);
    expect(s.offers[0]!.outcome).toBe(
      "The container web-1 will be stopped and removed. web:1.0 will be deleted and 1.98MB freed.",
    );
    expect(s.offers[1]!.warnings).toEqual([
      "Force removes the tag web:1.0.",
      "The image stays on disk as <none>: web-1 is running and keeps running on an image with no name.",
    ]);
  });

  it("child images: blocked, no guided action, says what to do next", () => {
    const { plan, selection } = withChild();
    const s = summarize(plan, selection);
    expect(s.offers).toEqual([]);
    expect(s.blocked).toEqual({
      reason: "Images are built on this image (app:1.0); delete them first.",
      next: "Select app:1.0 as well to remove everything together, or remove it first.",
    });
    expect(s.sentences).toEqual(["Images are built on this image (app:1.0); delete them first."]);
    expect(s.verdicts[0]!.text).toBe("Blocked: images are built on it (app:1.0)");
  });

  it("Podman: the force warning says its force also removes the containers", () => {
    const { plan, selection } = stoppedContainer(true);
    const force = summarize(plan, selection).offers.find((o) => o.danger)!;
    expect(force.warnings.at(-1)).toBe(
      "This engine is Podman: its force also removes the containers that use the image (job-1).",
    );
    expect(
      summarize(stoppedContainer(false).plan)
        .offers.find((o) => o.danger)!
        .warnings.join(" "),
    ).not.toMatch(/Podman/);
  });

  it("a tag whose removal leaves an image other images are built on says why it stays", () => {
    const img = fakeImage({ tags: ["base:1"] });
    const pi = fakePlanImage(img, { selectedTags: ["base:1"], verdict: "untagOnly" });
    const plan = fakePlan({
      images: [pi],
      children: [
        { id: fakeId("c"), shortId: "c0ffee000000", displayName: "app:1", parent: img.id },
      ],
      actions: [
        action(
          "removeTag",
          [rmi("base:1", img.id)],
          ok({ untagged: ["base:1"], leftNameless: [img.id] }),
        ),
      ],
    });
    expect(summarize(plan).sentences).toEqual([
      "The tag base:1 goes, but the image stays on disk as <none> because images are built on it (app:1).",
    ]);
  });

  it("the last tag of an unused image: the button says the image goes too", () => {
    const img = fakeImage({ tags: ["web:1.0"] });
    const pi = fakePlanImage(img, { selectedTags: ["web:1.0"] });
    const plan = fakePlan({
      images: [pi],
      actions: [
        action(
          "removeTag",
          [rmi("web:1.0", img.id)],
          ok({ untagged: ["web:1.0"], deleted: [img.id], freed: 1_980_000, freedText: "1.98MB" }),
        ),
      ],
    });
    const s = summarize(plan, { images: [], tags: [{ reference: "web:1.0", image: img.id }] });
    expect(s.offers.map((o) => o.label)).toEqual(["Remove tag and delete image"]);
    expect(s.sentences).toEqual(["web:1.0 will be deleted and 1.98MB freed."]);
  });

  it("the only tag of an image a stopped container uses: force deletes it, so says Force delete", () => {
    const img = fakeImage({ tags: ["job:1"] });
    const job = container("job-1", "exited", img.id);
    const plan = fakePlan({
      images: [
        fakePlanImage(img, {
          selectedTags: ["job:1"],
          verdict: "needsForce",
          reason: "referenceInUse",
        }),
      ],
      containers: [job],
      actions: [
        action(
          "removeTag",
          [rmi("job:1", img.id)],
          refused(img.id, "referenceInUse", false, job.id),
        ),
        action(
          "forceDelete",
          [rmi("job:1", img.id, true)],
          ok({ untagged: ["job:1"], deleted: [img.id], orphaned: [job.id] }),
        ),
        action(
          "stopRemoveDelete",
          [rm(job), rmi("job:1", img.id)],
          ok({ untagged: ["job:1"], deleted: [img.id], removedContainers: [job.id] }),
        ),
      ],
    });
    const s = summarize(plan, { images: [], tags: [{ reference: "job:1", image: img.id }] });
    expect(s.offers.map((o) => o.label)).toEqual([
      "Remove 1 container, then delete",
      "Force delete",
    ]);
    expect(s.offers[1]!.warnings).toEqual([
      "Force deletes job:1, removing the tag job:1.",
      "job-1 is left pointing at an image with no name (docker ps -a shows only its ID); the disk space is only freed once it is removed.",
    ]);
  });

  it("a tag of an image a running container uses, with another tag left: says the container is not affected", () => {
    const img = fakeImage({ tags: ["web:1.0", "web:old"] });
    const web = container("web-1", "running", img.id);
    const pi = fakePlanImage(img, { selectedTags: ["web:old"], verdict: "untagOnly" });
    const plan = fakePlan({
      images: [pi],
      containers: [web],
      actions: [
        action("removeTag", [rmi("web:old", img.id)], ok({ untagged: ["web:old"] })),
        action("forceDelete", [rmi("web:old", img.id, true)], ok({ untagged: ["web:old"] })),
      ],
    });
    const s = summarize(plan, { images: [], tags: [{ reference: "web:old", image: img.id }] });
    expect(s.sentences).toEqual([
      "1 container uses this image: web-1 is running.",
      "Removing the tag does not affect it.",
    ]);
    expect(s.offers.map((o) => [o.label, o.outcome])).toEqual([
      ["Remove tag", "Only the tag web:old goes; the image keeps web:1.0."],
    ]);
  });

  it("a dangling image is named by its short ID", () => {
    const img = fakeImage({ tags: [], id: fakeId("dangling") });
    const pi = fakePlanImage(img, { displayName: "<none>:<none>", uniqueSize: 0 });
    const s = summarize(fakePlan({ images: [pi] }));
    expect(s.title).toBe(`Remove image ${shortId(img.id)}`);
    expect(s.sentences).toEqual([`The image ${shortId(img.id)} will be deleted.`]);
  });

  it("counts parent images pruned along", () => {
    const { plan } = deletable();
    const done = plan.actions[0]!.outcome as Extract<Outcome, { kind: "Succeeds" }>;
    done.deleted.push(fakeId("parent"));
    expect(summarize(plan).sentences).toEqual([
      "nginx:alpine will be deleted, along with 1 parent image nothing else uses, and at least 23.4MB freed.",
    ]);
  });
});

describe("summarize: several images", () => {
  it("all deletable: names them and the space freed", () => {
    const a = fakeImage({ tags: ["nginx:alpine"] });
    const b = fakeImage({ tags: ["redis:7"] });
    const plan = fakePlan({
      images: [
        fakePlanImage(a, { uniqueSize: 20_000_000 }),
        fakePlanImage(b, { uniqueSize: 30_000_000 }),
      ],
    });
    const s = summarize(plan, { images: [a.id, b.id], tags: [] });
    expect(s.title).toBe("Remove 2 images");
    expect(s.sentences).toEqual([
      "nginx:alpine and redis:7 will be deleted and at least 50MB freed.",
    ]);
    expect(s.offers.map((o) => o.label)).toEqual(["Delete 2 images"]);
    expect(s.verdicts.map((v) => [v.image.displayName, v.text, v.tone])).toEqual([
      ["nginx:alpine", "Can be deleted", "ok"],
      ["redis:7", "Can be deleted", "ok"],
    ]);
  });

  it("counts instead of naming more than three", () => {
    const imgs = ["a:1", "b:1", "c:1", "d:1"].map((t) => fakePlanImage(fakeImage({ tags: [t] })));
    expect(summarize(fakePlan({ images: imgs })).sentences[0]).toBe(
      "4 images will be deleted and at least 7.92MB freed.",
    );
  });

  it("one used by a stopped container: per-image verdicts, guided first, force after", () => {
    const free = fakeImage({ tags: ["redis:7"] });
    const { img, job, plan: one } = stoppedContainer();
    const images = [fakePlanImage(free, { uniqueSize: 1_000_000 }), one.images[0]!];
    const plan = fakePlan({
      images,
      containers: one.containers,
      actions: [
        action(
          "delete",
          [rmi("redis:7", free.id), rmi("app:1.0", img.id)],
          refused(img.id, "referenceInUse", false, job.id, 1),
        ),
        action(
          "forceDelete",
          [rmi(free.id, free.id, true), rmi(img.id, img.id, true)],
          ok({
            untagged: ["redis:7", "app:1.0"],
            deleted: [free.id, img.id],
            freed: 6_000_000,
            freedText: "6MB",
            orphaned: [job.id],
          }),
        ),
        action(
          "stopRemoveDelete",
          [rm(job), rmi("redis:7", free.id), rmi("app:1.0", img.id)],
          ok({
            untagged: ["redis:7", "app:1.0"],
            deleted: [free.id, img.id],
            freed: 6_000_000,
            freedText: "6MB",
            removedContainers: [job.id],
          }),
        ),
      ],
    });
    const s = summarize(plan);
    expect(s.sentences).toEqual([
      "1 container uses these images: job-1 is stopped.",
      "Docker refuses to delete an image while a container uses it.",
    ]);
    expect(s.offers.map((o) => o.label)).toEqual([
      "Remove 1 container, then delete",
      "Force delete",
    ]);
    expect(s.offers[0]!.outcome).toBe(
      "The container job-1 will be removed. redis:7 and app:1.0 will be deleted and at least 6MB freed.",
    );
    expect(s.offers[1]!.warnings[0]).toBe(
      "Force deletes redis:7 and app:1.0, removing the tags redis:7 and app:1.0.",
    );
    // Worded as the recommended button ends, not as a plain `docker rmi` would: no "Needs
    // force" pushing toward the danger offer. The plain fact stays in `verdict`.
    expect(s.offers[0]!.kind).toBe("stopRemoveDelete");
    expect(s.verdicts.map((v) => [v.text, v.tone])).toEqual([
      ["Can be deleted", "ok"],
      ["Deleted after removing its container job-1", "warn"],
    ]);
    expect(s.verdicts[1]!.verdict).toBe("needsForce");
  });

  it("one used by a running container: worded as the recommended stop-and-remove ends, not Blocked", () => {
    const { plan } = withRunning();
    const s = summarize(plan);
    expect(s.offers.map((o) => [o.kind, o.recommended])).toEqual([["stopRemoveDelete", true]]);
    expect(s.verdicts.map((v) => [v.image.displayName, v.text, v.tone])).toEqual([
      ["redis:7", "Can be deleted", "ok"],
      [
        "nginx:alpine",
        "Deleted after stopping web-1 and removing its containers web-1 and job-1",
        "warn",
      ],
    ]);
    expect(s.verdicts[1]!.verdict).toBe("blocked");
  });

  it("says only stopping and removing when every container of the image is running", () => {
    const { plan, job } = withRunning();
    plan.containers = plan.containers.filter((c) => c.id !== job.id);
    const guided = plan.actions.find((a) => a.kind === "stopRemoveDelete")!;
    guided.steps = guided.steps.filter((st) => !("container" in st) || st.container !== job.id);
    const o = guided.outcome as Extract<Outcome, { kind: "Succeeds" }>;
    o.removedContainers = o.removedContainers.filter((id) => id !== job.id);
    expect(summarize(plan).verdicts[1]!.text).toBe(
      "Deleted after stopping and removing its container web-1",
    );
  });

  it("keeps the plain verdict when force is the only offer: that is what force gets past", () => {
    const free = fakeImage({ tags: ["redis:7"] });
    const { img, job, plan: one } = stoppedContainer();
    const plan = fakePlan({
      images: [fakePlanImage(free), one.images[0]!],
      containers: one.containers,
      actions: one.actions
        .filter((a) => a.kind !== "stopRemoveDelete")
        .map((a) =>
          a.kind === "delete"
            ? { ...a, outcome: refused(img.id, "referenceInUse", false, job.id, 1) }
            : a,
        ),
    });
    const s = summarize(plan);
    expect(s.offers.map((o) => [o.kind, o.danger])).toEqual([["forceDelete", true]]);
    expect(s.verdicts.map((v) => [v.text, v.tone])).toEqual([
      ["Can be deleted", "ok"],
      ["Needs force: a container uses it (job-1)", "warn"],
    ]);
  });

  it("an image blocked alone by a child, deleted with it by the plain delete: not Blocked", () => {
    const { img, plan: one } = withChild();
    const child = one.children[0]!;
    const app = fakePlanImage(fakeImage({ tags: ["app:1.0"], id: child.id }));
    const plan = fakePlan({
      images: [app, one.images[0]!],
      actions: [
        action(
          "delete",
          [rmi("app:1.0", child.id), rmi("base:1", img.id)],
          ok({ untagged: ["app:1.0", "base:1"], deleted: [child.id, img.id] }),
        ),
      ],
    });
    const s = summarize(plan);
    expect(s.offers.map((o) => o.kind)).toEqual(["delete"]);
    expect(s.verdicts.map((v) => [v.text, v.tone])).toEqual([
      ["Can be deleted", "ok"],
      ["Can be deleted", "ok"],
    ]);
  });

  it("one blocked by a child image: blocked as a whole, naming the parent", () => {
    const free = fakePlanImage(fakeImage({ tags: ["redis:7"] }));
    const { plan: one } = withChild();
    const plan = fakePlan({
      images: [free, ...one.images],
      children: one.children,
      actions: one.actions,
    });
    const s = summarize(plan);
    expect(s.blocked?.reason).toBe("Images are built on base:1 (app:1.0); delete them first.");
    expect(s.verdicts.map((v) => v.tone)).toEqual(["ok", "blocked"]);
  });

  it("several tags of different images: a title counting tags", () => {
    const a = fakePlanImage(fakeImage({ tags: ["a:1", "a:2"] }), {
      selectedTags: ["a:1"],
      verdict: "untagOnly",
    });
    const b = fakePlanImage(fakeImage({ tags: ["b:1", "b:2"] }), {
      selectedTags: ["b:2"],
      verdict: "untagOnly",
    });
    const plan = fakePlan({
      images: [a, b],
      actions: [
        action("removeTag", [rmi("a:1", a.id), rmi("b:2", b.id)], ok({ untagged: ["a:1", "b:2"] })),
      ],
    });
    const s = summarize(plan);
    expect(s.title).toBe("Remove 2 tags");
    expect(s.offers.map((o) => o.label)).toEqual(["Remove 2 tags"]);
    expect(s.sentences).toEqual([
      "Only the tag a:1 goes; the image keeps a:2. Only the tag b:2 goes; the image keeps b:1.",
    ]);
    expect(s.verdicts.map((v) => v.text)).toEqual([
      "Only a:1 goes; the image keeps a:2",
      "Only b:2 goes; the image keeps b:1",
    ]);
  });
});

const tagOn = (reference: string) => ({ reference, image: fakeId("x") });

describe("selectionTitle before the plan is known", () => {
  it("names what it can", () => {
    const id = fakeId("x");
    expect(selectionTitle({ images: [id], tags: [] })).toBe(`Remove image ${id.slice(7, 19)}`);
    expect(selectionTitle({ images: [], tags: [{ reference: "web:old", image: id }] })).toBe(
      "Remove the tag web:old",
    );
    expect(selectionTitle({ images: [id, fakeId("y")], tags: [] })).toBe("Remove 2 images");
    expect(selectionTitle({ images: [id], tags: [{ reference: "web:old", image: id }] })).toBe(
      "Remove the selection",
    );
  });
});

describe("stepLabel", () => {
  it("words each step", () => {
    const img = fakeImage({ tags: ["nginx:alpine"] });
    const c = container("web-1", "paused", fakeId("i"));
    expect(stepLabel({ kind: "Unpause", container: c.id, name: "web-1" })).toBe("Unpause web-1");
    expect(stepLabel(stop(c))).toBe("Stop web-1");
    expect(stepLabel(rm(c))).toBe("Remove the container web-1");
    expect(stepLabel(rmi("nginx:alpine", img.id))).toBe("Remove nginx:alpine");
    // By ID: the short form, as `docker images` shows it and the command is typed.
    expect(stepLabel(rmi(img.id, img.id, true))).toBe(`Force remove ${shortId(img.id)}`);
    expect(stepLabel(rmi("nginx:1.27", img.id), true)).toBe("Untag nginx:1.27");
    expect(stepLabel(rmi("nginx:1.27", img.id, true), true)).toBe("Force untag nginx:1.27");
  });

  it("tells the steps that only take a name away from those that delete", () => {
    const a = fakeId("a");
    const b = fakeId("b");
    // Both tags of a (the last one deletes it), one of b's two, then b's own ID.
    const steps = [rmi("app:1", a), rmi("app:latest", a), rmi("web:old", b), rmi(b, b)];
    expect(onlyUntags(action("delete", steps, ok({ deleted: [a, b] })))).toEqual([
      true,
      false,
      true,
      false,
    ]);
    // b keeps web:1.0: its tag only goes.
    expect(onlyUntags(action("delete", steps.slice(2, 3), ok({ untagged: ["web:old"] })))).toEqual([
      true,
    ]);
    // A refused action deletes nothing, and is worded as asked.
    expect(
      onlyUntags(action("delete", steps.slice(0, 1), refused(a, "runningContainer", true))),
    ).toEqual([false]);
    const stopIt = stop(container("web-1", "running", a));
    expect(onlyUntags(action("stopRemoveDelete", [stopIt], ok()))).toEqual([false]);
  });
});

describe("summarize in Spanish", () => {
  afterEach(() => setLocale("en"));

  it("says the situation, the offers and force's warnings in Spanish", () => {
    setLocale("es");
    const { plan, selection } = stoppedContainer();
    const s = summarize(plan, selection);
    expect(s.title).toBe("Eliminar app:1.0");
    expect(s.sentences).toEqual([
      "1 contenedor usa esta imagen: job-1 está detenido.",
      "Docker se niega a eliminar una imagen mientras un contenedor la usa.",
    ]);
    expect(s.offers.map((o) => [o.label, o.outcome])).toEqual([
      [
        "Eliminar 1 contenedor y luego eliminar lo seleccionado",
        "Se eliminará el contenedor job-1. Se eliminará app:1.0 y se liberarán 5MB.",
      ],
      [
        "Forzar: eliminar",
        "Forzar (docker rmi -f) se salta las comprobaciones que protegen a los contenedores.",
      ],
    ]);
    expect(s.offers[1]!.warnings).toContain(
      "job-1 queda apuntando a una imagen sin nombre (docker ps -a solo muestra su ID); el espacio en disco solo se liberará cuando se elimine.",
    );
    expect(forceOutcome()).toMatch(/\(docker rmi -f\)/);
  });

  it("says what to do when blocked, and titles and steps, in Spanish", () => {
    setLocale("es");
    const { plan, selection } = withChild();
    const s = summarize(plan, selection);
    expect(s.blocked).toEqual({
      reason: "Hay imágenes basadas en esta imagen (app:1.0); elimínalas primero.",
      next: "Selecciona también app:1.0 para eliminarlo todo junto, o elimínala primero.",
    });
    expect(selectionTitle({ images: [], tags: [tagOn("web:old"), tagOn("web:1.0")] })).toBe(
      "Quitar 2 etiquetas",
    );
    expect(stepLabel({ kind: "Stop", container: "c1", name: "web-1" })).toBe("Detener web-1");
    // `docker rmi` of a tag the image outlives deletes nothing: not "Eliminar".
    expect(stepLabel(fakeRmi("web:old", fakeId("w")), true)).toBe("Quitar la etiqueta web:old");
    expect(stepLabel(fakeRmi("web:old", fakeId("w")))).toBe("Eliminar web:old");
  });

  it("words each image as the recommended action ends, in Spanish", () => {
    setLocale("es");
    const { plan } = withRunning();
    expect(summarize(plan).verdicts.map((v) => v.text)).toEqual([
      "Se puede eliminar",
      "Se elimina después de detener web-1 y eliminar sus contenedores web-1 y job-1",
    ]);
    const { plan: stopped } = stoppedContainer();
    expect(summarize(stopped).verdicts.map((v) => v.text)).toEqual([
      "Se elimina después de eliminar su contenedor job-1",
    ]);
  });

  it("names a dangling image mid-sentence in lower case", () => {
    setLocale("es");
    const img = fakeImage({ tags: [], id: fakeId("dangling") });
    const pi = fakePlanImage(img, { displayName: "<none>:<none>", uniqueSize: 0 });
    const s = summarize(fakePlan({ images: [pi] }));
    expect(s.sentences).toEqual([`Se eliminará la imagen ${shortId(img.id)}.`]);
  });
});
