import { describe, expect, it } from "vitest";
import { describeError } from "./errors";
import { fakeId } from "../ipc/fake";

describe("describeError: plans kept in the backend", () => {
  it("words a value the backend refused", () => {
    expect(
      describeError({
        kind: "InvalidInput",
        field: "action",
        reason: "this plan does not offer it",
      }),
    ).toBe(
      "Imagen's backend refused the action it was sent (this plan does not offer it), so nothing reached the engine.",
    );
  });

  it("words a plan that is no longer open, with the way out", () => {
    expect(describeError({ kind: "UnknownPlan", id: "plan-0123456789abcdef" })).toBe(
      "This plan is no longer open: it already ran, or a newer one replaced it. Check again to see what it would do now.",
    );
  });

  it("words a second run of something running, without its opaque ID", () => {
    const text = describeError({ kind: "AlreadyRunning", id: "plan-0123456789abcdef" });
    expect(text).toBe("This is already running. Wait for it to finish, then check again.");
  });

  it("words a change on the engine found right before a step", () => {
    const to = fakeId("other");
    expect(
      describeError({
        kind: "EngineChanged",
        changes: [{ kind: "TagMoved", reference: "app:dev", from: fakeId("app"), to }],
      }),
    ).toBe(
      `The engine changed since the plan was made, so Imagen stopped before changing anything more. app:dev now points to another image (${to.slice(7, 19)}).`,
    );
  });
});
