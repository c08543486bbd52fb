// The removal dialog on its own, with FakeApi standing in for the backend.
import { shortId } from "../../lib/images/names";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import RemovalDialog from "./RemovalDialog.svelte";
import {
  FakeApi,
  fakeContainerId,
  fakeId,
  fakeImage,
  fakePlan,
  fakePlanContainer,
  fakePlanImage,
  fakeRmi,
  fakeAction,
  fakeSucceeds,
} from "../../lib/ipc/fake";
import type {
  ImageSummary,
  ImagenError,
  PlanContainer,
  RemovalPlan,
  RemovalReport,
  Selection,
  Step,
} from "../../lib/ipc/api";
import { describeError } from "../../lib/shared/errors";
import { HOLD_MS } from "../../lib/shared/hold.svelte";

// The dialog takes its API from context, which App sets; here each test provides its own.
const current = vi.hoisted(() => ({ api: null as unknown }));
vi.mock("../../lib/ipc/context", () => ({
  getApi: () => current.api,
  setApi: () => {},
}));

const container = fakePlanContainer;

const rmi = fakeRmi;
const stop = (c: PlanContainer): Step => ({ kind: "Stop", container: c.id, name: c.name });
const rm = (c: PlanContainer): Step => ({ kind: "RemoveContainer", container: c.id, name: c.name });

const action = fakeAction;

const ok = fakeSucceeds;

/** app:1.0, used by the stopped container job-1: guided, or force. */
function stoppedPlan() {
  const img = fakeImage({ tags: ["app:1.0"] });
  const job = container("job-1", "exited", img.id);
  const plan = fakePlan({
    images: [fakePlanImage(img, { verdict: "needsForce", reason: "referenceInUse" })],
    containers: [job],
    actions: [
      action("delete", [rmi("app:1.0", img.id)], {
        kind: "Refused",
        step: 0,
        image: img.id,
        reason: "referenceInUse",
        hard: false,
        container: "job-1",
      }),
      action(
        "forceDelete",
        [rmi(img.id, img.id, true)],
        ok({ untagged: ["app:1.0"], deleted: [img.id], orphaned: [job.id] }),
      ),
      action(
        "stopRemoveDelete",
        [rm(job), rmi("app:1.0", img.id)],
        ok({ untagged: ["app:1.0"], deleted: [img.id], removedContainers: [job.id] }),
      ),
    ],
  });
  return { img, plan, selection: { images: [img.id], tags: [] } };
}

/** nginx:alpine, used by the running web-1: only the guided action. */
function runningPlan() {
  const img = fakeImage({ tags: ["nginx:alpine"] });
  const web = container("web-1", "running", img.id);
  const plan = fakePlan({
    images: [fakePlanImage(img, { verdict: "blocked", reason: "referenceInUse" })],
    containers: [web],
    actions: [
      action("delete", [rmi("nginx:alpine", img.id)], {
        kind: "Refused",
        step: 0,
        image: img.id,
        reason: "referenceInUse",
        hard: false,
        container: "web-1",
      }),
      action("forceDelete", [rmi(img.id, img.id, true)], {
        kind: "Refused",
        step: 0,
        image: img.id,
        reason: "runningContainer",
        hard: true,
        container: "web-1",
      }),
      action(
        "stopRemoveDelete",
        [stop(web), rm(web), rmi("nginx:alpine", img.id)],
        ok({
          untagged: ["nginx:alpine"],
          deleted: [img.id],
          stopped: [web.id],
          removedContainers: [web.id],
        }),
      ),
    ],
  });
  return { img, plan, selection: { images: [img.id], tags: [] } };
}

function open(plan: RemovalPlan | null, selection: Selection, api = new FakeApi()) {
  if (plan) api.plan = () => plan;
  current.api = api;
  const onclose = vi.fn();
  const ondone = vi.fn<(report: RemovalReport) => void>();
  const onstale = vi.fn();
  // A new plan's button waits a moment after it appears (see Hold): the clock runs as usual,
  // and `runnable` moves it past that moment.
  vi.useFakeTimers({ shouldAdvanceTime: true });
  const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
  render(RemovalDialog, { props: { selection, onclose, ondone, onstale } });
  return { api, onclose, ondone, onstale, user };
}

/** The fake engine itself plans: nginx:alpine (used by the running web-1 when `web`), and
 * another image a tag can move to. */
/** `tag`: that tag alone is selected, chosen on nginx:alpine's image (as its inspector's ×). */
function onEngine({ web = false, tag = null as string | null } = {}) {
  const img = fakeImage({ tags: ["nginx:alpine"] });
  const other = fakeImage({ tags: ["nginx:next"] });
  const api = new FakeApi([img, other]);
  if (web) api.addContainer("web-1", "running", img.id);
  const selection: Selection = tag
    ? { images: [], tags: [{ reference: tag, image: img.id }] }
    : { images: [img.id], tags: [] };
  return { img, other, ...open(null, selection, api) };
}

const rows = (list: HTMLElement) =>
  within(list)
    .getAllByRole("listitem")
    .map((li) => li.textContent);

const GUIDED = "Stop and remove 1 container, then delete";

/** The action button `name`, once the moment it waits after its plan appeared is over. */
async function runnable(dialog: HTMLElement, name: string) {
  const button = await within(dialog).findByRole("button", { name });
  await vi.advanceTimersByTimeAsync(HOLD_MS);
  expect(button).toBeEnabled();
  return button;
}

/** The dialog's last button, where the one that was clicked stood. */
const lastAction = (dialog: HTMLElement) =>
  [...dialog.querySelectorAll<HTMLButtonElement>(".actions button")].at(-1);

afterEach(() => {
  setLocale("en");
  vi.useRealTimers();
});

describe("RemovalDialog: the plan", () => {
  it("names the selection, says what happens, shows the command and moves focus in", async () => {
    const img = fakeImage({ tags: ["nginx:alpine"] });
    const plan = fakePlan({ images: [fakePlanImage(img, { uniqueSize: 23_400_000 })] });
    open(plan, { images: [img.id], tags: [] });
    const dialog = await screen.findByRole("dialog", { name: "Remove nginx:alpine" });
    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(dialog).toHaveFocus();
    expect(dialog).toHaveAccessibleDescription("nginx:alpine will be deleted and 23.4MB freed.");
    expect(within(dialog).getByRole("img", { name: /./ })).toBeInTheDocument(); // the graph
    const commands = within(dialog).getByRole("group", { name: "Same as in a terminal" });
    expect(commands).toHaveTextContent("docker rmi nginx:alpine");
    const run = within(dialog).getByRole("button", { name: "Delete image" });
    expect(run).toHaveClass("primary");
    expect(within(dialog).queryByRole("radio")).not.toBeInTheDocument();
  });

  it("shows the commands of the chosen action and copies them", async () => {
    const { plan, selection, img } = stoppedPlan();
    const { user } = open(plan, selection);
    const dialog = await screen.findByRole("dialog", { name: "Remove app:1.0" });
    expect(dialog).toHaveAccessibleDescription(
      "1 container uses this image: job-1 is stopped. Docker refuses to delete an image while a container uses it.",
    );

    const guided = within(dialog).getByRole("radio", { name: "Remove 1 container, then delete" });
    expect(guided).toBeChecked();
    const commands = within(dialog).getByRole("group", { name: "Same as in a terminal" });
    expect(commands).toHaveTextContent(`docker rm ${fakeContainerId("job-1")}`);
    expect(commands).toHaveTextContent("docker rmi app:1.0");
    await user.click(within(dialog).getByRole("button", { name: "Copy all commands" }));
    expect(await navigator.clipboard.readText()).toBe(
      `docker rm ${fakeContainerId("job-1")}\ndocker rmi app:1.0`,
    );
    expect(within(dialog).getByRole("button", { name: "Copied" })).toBeInTheDocument();

    // Force's warning is visible before it is chosen.
    const force = within(dialog).getByRole("radio", { name: "Force delete" });
    expect(force).toHaveAccessibleDescription(/job-1 is left pointing at an image with no name/);
    await user.click(force);
    expect(commands).toHaveTextContent(`docker rmi -f ${img.id}`);
    expect(commands).not.toHaveTextContent(`docker rm ${fakeContainerId("job-1")}`);
    await user.click(
      within(dialog).getByRole("button", { name: `Copy “docker rmi -f ${img.id}”` }),
    );
    expect(await navigator.clipboard.readText()).toBe(`docker rmi -f ${img.id}`);
    const run = within(dialog).getByRole("button", { name: "Force delete" });
    expect(run).toHaveClass("danger");
    expect(run).not.toHaveClass("primary");
  });

  it("recommends the guided action as the primary button", async () => {
    const { plan, selection } = stoppedPlan();
    open(plan, selection);
    const dialog = await screen.findByRole("dialog", { name: "Remove app:1.0" });
    expect(within(dialog).getByText("Recommended")).toBeInTheDocument();
    expect(
      within(dialog).getByRole("button", { name: "Remove 1 container, then delete" }),
    ).toHaveClass("primary");
  });

  it("when blocked: says why and what to do next, and offers no action", async () => {
    const img = fakeImage({ tags: ["base:1"] });
    const child = fakeImage({ tags: ["app:1.0"] });
    const plan = fakePlan({
      images: [
        fakePlanImage(img, {
          verdict: "blocked",
          reason: "childImages",
          forcedReason: "childImages",
        }),
      ],
      children: [
        { id: child.id, shortId: shortId(child.id), displayName: "app:1.0", parent: img.id },
      ],
      actions: [
        action("delete", [rmi("base:1", img.id), rmi(img.id, img.id)], {
          kind: "Refused",
          step: 1,
          image: img.id,
          reason: "childImages",
          hard: true,
          container: null,
        }),
      ],
    });
    const { onclose, user } = open(plan, { images: [img.id], tags: [] });
    const dialog = await screen.findByRole("dialog", { name: "Remove base:1" });
    expect(dialog).toHaveAccessibleDescription(
      "Images are built on this image (app:1.0); delete them first.",
    );
    expect(dialog).toHaveTextContent(
      "What to do next: Select app:1.0 as well to remove everything together, or remove it first.",
    );
    const buttons = within(dialog)
      .getAllByRole("button")
      .filter((b) => !b.closest(".cmd"));
    expect(buttons.map((b) => b.textContent?.trim())).toEqual(["Close"]);
    expect(within(dialog).queryByText("Same as in a terminal")).not.toBeInTheDocument();
    await user.click(buttons[0]!);
    expect(onclose).toHaveBeenCalledOnce();
  });

  it("lists each image's verdict when several are selected", async () => {
    const a = fakeImage({ tags: ["nginx:alpine"] });
    const b = fakeImage({ tags: ["redis:7"] });
    const plan = fakePlan({ images: [fakePlanImage(a), fakePlanImage(b)] });
    open(plan, { images: [a.id, b.id], tags: [] });
    const dialog = await screen.findByRole("dialog", { name: "Remove 2 images" });
    const list = await within(dialog).findByRole("list", { name: "What happens to each image" });
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["nginx:alpine Can be deleted", "redis:7 Can be deleted"]);
    expect(within(dialog).getByRole("button", { name: "Delete 2 images" })).toBeInTheDocument();
  });

  it("says what the chosen action does to each image", async () => {
    // app:1.0 is used by the stopped job-1; redis:7 by nothing.
    const img = fakeImage({ tags: ["app:1.0"] });
    const free = fakeImage({ tags: ["redis:7"] });
    const job = container("job-1", "exited", img.id);
    const plan = fakePlan({
      images: [
        fakePlanImage(img, { verdict: "needsForce", reason: "referenceInUse" }),
        fakePlanImage(free),
      ],
      containers: [job],
      actions: [
        action("delete", [rmi("app:1.0", img.id), rmi("redis:7", free.id)], {
          kind: "Refused",
          step: 0,
          image: img.id,
          reason: "referenceInUse",
          hard: false,
          container: "job-1",
        }),
        action(
          "forceDelete",
          [rmi(img.id, img.id, true), rmi("redis:7", free.id)],
          ok({ untagged: ["app:1.0", "redis:7"], deleted: [img.id, free.id], orphaned: [job.id] }),
        ),
        action(
          "stopRemoveDelete",
          [rm(job), rmi("app:1.0", img.id), rmi("redis:7", free.id)],
          ok({
            untagged: ["app:1.0", "redis:7"],
            deleted: [img.id, free.id],
            removedContainers: [job.id],
          }),
        ),
      ],
    });
    const { user } = open(plan, { images: [img.id, free.id], tags: [] });
    const dialog = await screen.findByRole("dialog", { name: "Remove 2 images" });
    await within(dialog).findByRole("list", { name: "What happens to each image" });
    const items = () =>
      within(within(dialog).getByRole("list", { name: "What happens to each image" }))
        .getAllByRole("listitem")
        .map((li) => li.textContent);
    // The recommended action: no "Needs force" for what it deletes without force.
    expect(items()).toEqual([
      "app:1.0 Deleted after removing its container job-1",
      "redis:7 Can be deleted",
    ]);
    // Force chosen: why app:1.0 needs it, as a plain docker rmi would say.
    await user.click(within(dialog).getByRole("radio", { name: "Force delete" }));
    expect(items()[0]).toMatch(/^app:1\.0 Needs force/);
    // Back to the recommended action: its list again.
    await user.click(
      within(dialog).getByRole("radio", { name: "Remove 1 container, then delete" }),
    );
    expect(items()[0]).toBe("app:1.0 Deleted after removing its container job-1");
  });

  it("tells two dangling images apart in the list, by their short IDs", async () => {
    const a = fakeImage({ tags: [], id: fakeId("dangling-a") });
    const b = fakeImage({ tags: [], id: fakeId("dangling-b") });
    const none = { displayName: "<none>:<none>" };
    const plan = fakePlan({ images: [fakePlanImage(a, none), fakePlanImage(b, none)] });
    open(plan, { images: [a.id, b.id], tags: [] });
    const list = await screen.findByRole("list", { name: "What happens to each image" });
    const names = [...list.querySelectorAll(".name")].map((n) => n.textContent);
    expect(names).toEqual([a.id.slice(7, 19), b.id.slice(7, 19)]);
  });

  it("shows a plan load error with a retry", async () => {
    const api = new FakeApi([fakeImage({ tags: ["nginx:alpine"] })]);
    const error: ImagenError = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "connection refused",
      cause: "Refused",
    };
    api.failWith = error;
    const { user } = open(null, { images: [api.images[0]!.id], tags: [] }, api);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Imagen could not work out what this removal would do.");
    expect(alert).toHaveTextContent(describeError(error));
    api.failWith = null;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("dialog", { name: "Remove nginx:alpine" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Delete image" })).toBeInTheDocument();
    expect(api.calls.filter((c) => c === "planRemoval")).toHaveLength(2);
  });

  it("closes with Escape and with Cancel when nothing runs", async () => {
    const { plan, selection } = runningPlan();
    const { onclose, user } = open(plan, selection);
    const dialog = await screen.findByRole("dialog", { name: "Remove nginx:alpine" });
    await user.keyboard("{Escape}");
    expect(onclose).toHaveBeenCalledTimes(1);
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(onclose).toHaveBeenCalledTimes(2);
  });

  it("keeps Tab inside the dialog", async () => {
    const { plan, selection } = runningPlan();
    const { user } = open(plan, selection);
    const dialog = await screen.findByRole("dialog", { name: "Remove nginx:alpine" });
    for (let i = 0; i < 8; i++) {
      await user.tab();
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
    }
  });
});

describe("RemovalDialog: running an action", () => {
  it("shows each step progressing, then calls ondone", async () => {
    const { plan, selection } = runningPlan();
    const { api, onclose, ondone, user } = open(plan, selection);
    const dialog = await screen.findByRole("dialog", { name: "Remove nginx:alpine" });
    // The region a screen reader hears the end from is there, silent, before the run.
    const said = within(dialog).getByTestId("removal-said");
    expect(said).toHaveAttribute("aria-live", "polite");
    expect(said).toHaveTextContent(/^$/);
    await user.click(await runnable(dialog, GUIDED));

    const removal = api.removals[0]!;
    expect(removal.steps).toEqual(plan.actions[2]!.steps);
    const steps = within(dialog).getByRole("list", { name: "Removing…" });
    const rows = () =>
      within(steps)
        .getAllByRole("listitem")
        .map((li) => li.textContent);
    expect(rows()).toEqual([
      expect.stringMatching(
        new RegExp(`Stop web-1\\s*docker stop ${fakeContainerId("web-1")}\\s*Waiting`),
      ),
      expect.stringMatching(
        new RegExp(
          `Remove the container web-1\\s*docker rm ${fakeContainerId("web-1")}\\s*Waiting`,
        ),
      ),
      expect.stringMatching(/Remove nginx:alpine\s*docker rmi nginx:alpine\s*Waiting/),
    ]);

    // Nothing closes the dialog while the engine works.
    expect(within(dialog).getByRole("button", { name: "Close" })).toBeDisabled();
    await user.keyboard("{Escape}");
    expect(onclose).not.toHaveBeenCalled();

    removal.onEvent({ kind: "Started", step: 0 });
    await waitFor(() => expect(rows()[0]).toMatch(/Running…$/));
    removal.onEvent({ kind: "Finished", step: 0, untagged: [], deleted: [], alreadyGone: false });
    removal.onEvent({ kind: "Started", step: 1 });
    await waitFor(() => expect(rows()[1]).toMatch(/Running…$/));
    expect(rows()[0]).toMatch(/Done$/);
    removal.onEvent({ kind: "Finished", step: 1, untagged: [], deleted: [], alreadyGone: true });
    removal.onEvent({ kind: "Started", step: 2 });
    removal.onEvent({
      kind: "Finished",
      step: 2,
      untagged: ["nginx:alpine"],
      deleted: [plan.images[0]!.id],
      alreadyGone: false,
    });
    const report: RemovalReport = {
      stepsRun: 3,
      untagged: ["nginx:alpine"],
      deleted: [plan.images[0]!.id],
      failed: null,
      cancelled: false,
    };
    removal.settle(report);

    await waitFor(() => expect(ondone).toHaveBeenCalledWith(report));
    expect(ondone).toHaveBeenCalledOnce();
    const done = within(dialog).getByRole("list", { name: "Every step is done" });
    expect(
      within(done)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual([
      expect.stringMatching(/Done$/),
      expect.stringMatching(/Already gone$/),
      expect.stringMatching(/Done$/),
    ]);
    const close = within(dialog).getByRole("button", { name: "Close" });
    expect(close).toBeEnabled();
    expect(close).toHaveFocus();
    expect(said).toHaveTextContent("Done: the images are updated.");
    expect(said).toBe(within(dialog).getByTestId("removal-said"));
    // The engine did what the plan said: no word of a difference.
    expect(dialog).toHaveTextContent("Done: the images are updated.");
    expect(dialog.textContent).not.toMatch(/did not do exactly what this plan said/);
  });

  it("when Docker did otherwise than the plan said, says what differed instead of Done", async () => {
    const { plan, selection } = runningPlan();
    const { api, ondone, user } = open(plan, selection);
    const dialog = await screen.findByRole("dialog", { name: "Remove nginx:alpine" });
    await user.click(await runnable(dialog, GUIDED));
    const removal = api.removals[0]!;
    removal.onEvent({ kind: "Finished", step: 0, untagged: [], deleted: [], alreadyGone: false });
    removal.onEvent({ kind: "Finished", step: 1, untagged: [], deleted: [], alreadyGone: false });
    removal.onEvent({
      kind: "Finished",
      step: 2,
      untagged: ["nginx:alpine"],
      deleted: [],
      alreadyGone: false,
    });
    // Docker's containerd image store: the tag went, the image stayed.
    const report: RemovalReport = {
      stepsRun: 3,
      untagged: ["nginx:alpine"],
      deleted: [],
      failed: null,
      cancelled: false,
      mismatch: {
        notDeleted: [{ image: plan.images[0]!.id, name: "nginx:alpine", tags: [] }],
        notUntagged: [],
        alsoDeleted: [],
      },
    };
    removal.settle(report);

    await waitFor(() => expect(ondone).toHaveBeenCalledWith(report));
    const sentence =
      "Docker did not do exactly what this plan said: nginx:alpine was not deleted, only untagged: the image is still there, listed as <none>. The image list now shows what is really there.";
    expect(within(dialog).getByTestId("removal-mismatch")).toHaveTextContent(sentence);
    expect(within(dialog).getByTestId("removal-said")).toHaveTextContent(sentence);
    expect(
      within(dialog).getByRole("list", {
        name: "Every step is done, but the result differs from the plan",
      }),
    ).toBeInTheDocument();
    expect(dialog).not.toHaveTextContent("Done: the images are updated.");

    setLocale("es");
    await waitFor(() =>
      expect(within(dialog).getByTestId("removal-mismatch")).toHaveTextContent(
        "Docker no hizo exactamente lo que decía este plan: nginx:alpine no se eliminó, solo perdió sus etiquetas: la imagen sigue ahí, como <none>. La lista de imágenes muestra ahora lo que de verdad hay.",
      ),
    );
  });

  it("on failure: stays open, shows which steps ran and the error", async () => {
    const { plan, selection } = runningPlan();
    const { api, onclose, ondone, user } = open(plan, selection);
    const dialog = await screen.findByRole("dialog", { name: "Remove nginx:alpine" });
    await user.click(await runnable(dialog, GUIDED));
    const removal = api.removals[0]!;
    const error: ImagenError = {
      kind: "RemovalConflict",
      reference: "nginx:alpine",
      reason: "runningContainer",
      containers: ["web-2"],
      message:
        "conflict: unable to delete (cannot be forced) - image is being used by running container",
    };
    removal.onEvent({ kind: "Started", step: 0 });
    removal.onEvent({ kind: "Finished", step: 0, untagged: [], deleted: [], alreadyGone: false });
    removal.onEvent({ kind: "Started", step: 1 });
    removal.onEvent({ kind: "Finished", step: 1, untagged: [], deleted: [], alreadyGone: false });
    removal.onEvent({ kind: "Started", step: 2 });
    removal.onEvent({ kind: "Failed", step: 2, error });
    removal.settle({ stepsRun: 2, untagged: [], deleted: [], failed: error, cancelled: false });

    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent(
      "The removal stopped at step 3 (Remove nginx:alpine): Docker refused to delete nginx:alpine: a running container uses it (web-2). Stop and remove that container first. 2 steps were done before that.",
    );
    const steps = within(dialog).getByRole("list", { name: "The removal stopped" });
    expect(
      within(steps)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual([
      expect.stringMatching(/Done$/),
      expect.stringMatching(/Done$/),
      expect.stringMatching(/Failed$/),
    ]);
    expect(ondone).not.toHaveBeenCalled();
    expect(onclose).not.toHaveBeenCalled();

    // Planning again shows what is left.
    await user.click(within(dialog).getByRole("button", { name: "Check again" }));
    expect(await within(dialog).findByRole("button", { name: GUIDED })).toBeInTheDocument();
    expect(api.calls.filter((c) => c === "planRemoval")).toHaveLength(2);
  });

  it("when the engine goes away mid-run: says so, and no step is left running", async () => {
    const { plan, selection } = runningPlan();
    const { api, ondone, user } = open(plan, selection);
    const dialog = await screen.findByRole("dialog", { name: "Remove nginx:alpine" });
    await user.click(await runnable(dialog, GUIDED));
    const removal = api.removals[0]!;
    removal.onEvent({ kind: "Started", step: 0 });
    removal.settle({
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "connection reset",
      cause: "Refused",
    });
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent(/^Imagen lost contact with the engine during the removal/);
    expect(dialog).not.toHaveTextContent("Running…");
    const steps = within(dialog).getByRole("list", { name: "The removal stopped" });
    expect(
      within(steps)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual([
      expect.stringMatching(/Not confirmed$/),
      expect.stringMatching(/Not run$/),
      expect.stringMatching(/Not run$/),
    ]);
    expect(ondone).not.toHaveBeenCalled();
    expect(within(dialog).getByRole("button", { name: "Close" })).toBeEnabled();
  });

  it("runs force with the force steps", async () => {
    const { plan, selection, img } = stoppedPlan();
    const { api, user } = open(plan, selection);
    const dialog = await screen.findByRole("dialog", { name: "Remove app:1.0" });
    await user.click(within(dialog).getByRole("radio", { name: "Force delete" }));
    await user.click(await runnable(dialog, "Force delete"));
    expect(api.removals[0]!.steps).toEqual([rmi(img.id, img.id, true)]);
  });
});

describe("RemovalDialog: a plan that appears under a click", () => {
  it("a click aimed at Close as the plan arrives runs nothing; a click after a moment does", async () => {
    const img = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([img]);
    api.addContainer("web-1", "running", img.id);
    let release!: () => void;
    api.gate = new Promise<void>((r) => (release = r));
    const { user } = open(null, { images: [img.id], tags: [] }, api);
    const dialog = await screen.findByRole("dialog");
    // While the plan loads, the footer's last button is Close.
    expect(lastAction(dialog)).toHaveTextContent("Close");
    api.gate = null;
    release();
    // The click aimed at Close lands where it stood: on the plan's action, which waits.
    const guided = await within(dialog).findByRole("button", { name: GUIDED });
    expect(lastAction(dialog)).toBe(guided);
    expect(guided).toBeDisabled();
    await user.click(guided);
    expect(api.calls).not.toContain("executeRemoval");
    expect(api.containers.map((c) => [c.name, c.state])).toEqual([["web-1", "running"]]);

    // Read, then chosen: it runs.
    await vi.advanceTimersByTimeAsync(HOLD_MS);
    expect(guided).toBeEnabled();
    await user.click(guided);
    expect(api.calls.filter((c) => c === "executeRemoval")).toHaveLength(1);
  });

  it("the second click of a double-click on Try again does not run the plan it brings", async () => {
    const img = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([img]);
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "connection refused",
      cause: "Refused",
    };
    const { user } = open(null, { images: [img.id], tags: [] }, api);
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByRole("alert");
    const again = within(dialog).getByRole("button", { name: "Try again" });
    expect(lastAction(dialog)).toBe(again);
    api.failWith = null;
    await user.click(again);
    const run = await within(dialog).findByRole("button", { name: "Delete image" });
    expect(lastAction(dialog)).toBe(run);
    await user.click(run);
    expect(api.calls).not.toContain("executeRemoval");
    expect(await runnable(dialog, "Delete image")).toBe(run);
  });
});

describe("RemovalDialog: Imagen on another engine than the selection's", () => {
  it("plans nothing there, says which engine, and plans there when asked again once the window lists it", async () => {
    // The same image (same ID) on both engines: everyone pulls the same images.
    const img = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([img]);
    const seenOn = api.engine.address;
    const colima = "unix:///Users/ana/.colima/default/docker.sock";
    // In Automatic, Imagen reconnected to Colima before the window heard of it.
    api.engine = { ...api.engine, address: colima };
    current.api = api;
    const onswitched = vi.fn();
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const props = {
      selection: { images: [img.id], tags: [] },
      onclose: vi.fn(),
      ondone: vi.fn(),
      listedOn: seenOn,
      onswitched,
    };
    const view = render(RemovalDialog, { props });
    const dialog = await screen.findByRole("dialog");
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent(
      `Imagen is now on another engine (${colima}) than the one this was asked on, so nothing was done. Try again to do it on ${colima}.`,
    );
    expect(within(dialog).queryByRole("button", { name: /Delete/ })).not.toBeInTheDocument();
    expect(api.selections).toHaveLength(0);
    expect(onswitched).toHaveBeenCalledOnce();

    // Tried again before the window lists Colima: still nothing planned there.
    await user.click(within(dialog).getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(onswitched).toHaveBeenCalledTimes(2));
    expect(api.selections).toHaveLength(0);
    // The window lists Colima now (the same image on it): Try again plans there.
    await view.rerender({ ...props, listedOn: colima });
    await user.click(within(dialog).getByRole("button", { name: "Try again" }));
    expect(await within(dialog).findByRole("button", { name: /Delete/ })).toBeInTheDocument();
    expect(api.selections).toHaveLength(1);
  });
});

describe("RemovalDialog: the engine changed since the plan", () => {
  it("a chosen tag moved meanwhile: deletes nothing, says where it went, and plans nothing there", async () => {
    const { api, img, other, ondone, onstale, user } = onEngine({ tag: "nginx:alpine" });
    const dialog = await screen.findByRole("dialog", { name: "Remove the tag nginx:alpine" });
    const first = await runnable(dialog, "Remove tag and delete image");
    // In a terminal, meanwhile: docker tag <other> nginx:alpine.
    api.tag(other.id, "nginx:alpine");
    await user.click(first);

    const notice = await within(dialog).findByRole("status");
    expect(notice).toHaveTextContent(
      `The engine changed since you opened this plan. nginx:alpine now points to another image (${shortId(other.id)}). Nothing was deleted, and none of the selection is left on the engine to remove.`,
    );
    expect(notice).toHaveFocus();
    // No plan for the image the tag names now: the user never looked at it.
    expect(within(dialog).queryByRole("button", { name: /Remove tag/ })).not.toBeInTheDocument();
    expect(api.images.map((i) => [i.id, i.tags])).toEqual([
      [img.id, []],
      [other.id, ["nginx:next", "nginx:alpine"]],
    ]);
    expect(ondone).not.toHaveBeenCalled();
    expect(onstale).toHaveBeenCalledOnce();
  });

  it("a chosen tag moved meanwhile, another chosen tag still there: says the move once", async () => {
    // app:dev and app:1 chosen on one image (which has app:2 too).
    const img = fakeImage({ tags: ["app:dev", "app:1", "app:2"] });
    const other = fakeImage({ tags: ["other:1"] });
    const api = new FakeApi([img, other]);
    const { user } = open(
      null,
      {
        images: [],
        tags: [
          { reference: "app:dev", image: img.id },
          { reference: "app:1", image: img.id },
        ],
      },
      api,
    );
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByText("docker rmi app:dev");
    await vi.advanceTimersByTimeAsync(HOLD_MS);
    api.tag(other.id, "app:dev"); // `docker tag other:1 app:dev` in a terminal
    await user.click(lastAction(dialog)!);
    const notice = await within(dialog).findByRole("status");
    expect(notice).toHaveTextContent(
      `The engine changed since you opened this plan. app:dev now points to another image (${shortId(other.id)}).`,
    );
    expect(notice.textContent!.split("app:dev now points").length).toBe(2);
    expect(api.removals).toEqual([]);
  });

  it("a tag that already moved when the dialog opens: says so, plans nothing", async () => {
    const { api, other } = onEngine({ tag: "nginx:next" });
    const dialog = await screen.findByRole("dialog", { name: "Remove the tag nginx:next" });
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "This tag is no longer on the image you chose it on. " +
        `nginx:next now points to another image (${shortId(other.id)}), not the one you chose it on, so nothing was planned or changed. Look at the image's tags again.`,
    );
    expect(within(dialog).queryByRole("button", { name: /Remove tag/ })).not.toBeInTheDocument();
    // Planning again would answer the same: Close only.
    expect(within(dialog).queryByRole("button", { name: "Try again" })).not.toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Close" })).toBeInTheDocument();
    expect(api.removals).toEqual([]);
  });

  it("a container started meanwhile: the plain delete becomes stop-and-remove first", async () => {
    const { api, img, ondone, user } = onEngine();
    const dialog = await screen.findByRole("dialog", { name: "Remove nginx:alpine" });
    api.addContainer("web-2", "running", img.id);
    await user.click(await runnable(dialog, "Delete image"));
    expect(await within(dialog).findByRole("status")).toHaveTextContent(
      "A new container, web-2 (running), now uses this image.",
    );
    expect(
      within(dialog).getByRole("button", { name: "Stop and remove 1 container, then delete" }),
    ).toBeInTheDocument();
    expect(within(dialog).queryByRole("button", { name: "Delete image" })).toBeNull();
    expect(api.images.map((i) => i.id)).toContain(img.id);
    expect(ondone).not.toHaveBeenCalled();
  });

  it("a container started meanwhile: the second click of a double-click runs nothing; choosing again after a moment does", async () => {
    const { api, img, ondone, user } = onEngine();
    api.autoRemove = true;
    const dialog = await screen.findByRole("dialog", { name: "Remove nginx:alpine" });
    api.addContainer("web-2", "running", img.id); // in a terminal, unseen
    await user.click(await runnable(dialog, "Delete image"));
    await within(dialog).findByText("A new container, web-2 (running), now uses this image.", {
      exact: false,
    });
    // The second click of a double-click lands where Delete was: on the new plan's button,
    // which waits. web-2, never seen, is untouched.
    const guided = within(dialog).getByRole("button", { name: GUIDED });
    expect(lastAction(dialog)).toBe(guided);
    expect(guided).toBeDisabled();
    await user.click(guided);
    expect(api.calls.filter((c) => c === "executeRemoval")).toHaveLength(1);
    expect(api.containers.map((c) => [c.name, c.state])).toEqual([["web-2", "running"]]);
    expect(api.images.map((i) => i.id)).toContain(img.id);

    // Read, then chosen again: it runs.
    await vi.advanceTimersByTimeAsync(1500);
    expect(guided).toBeEnabled();
    await user.click(guided);
    expect(await within(dialog).findByText("Every step is done")).toBeInTheDocument();
    expect(api.containers).toEqual([]);
    expect(ondone).toHaveBeenCalledOnce();
  });

  it("says so clearly when nothing of the selection is left", async () => {
    const { api, img, ondone, user } = onEngine();
    const dialog = await screen.findByRole("dialog", { name: "Remove nginx:alpine" });
    api.images = api.images.filter((i) => i.id !== img.id); // docker rmi in a terminal
    await user.click(await runnable(dialog, "Delete image"));
    expect(await within(dialog).findByRole("status")).toHaveTextContent(
      "The engine changed since you opened this plan. nginx:alpine is no longer on the engine. Nothing was deleted, and none of the selection is left on the engine to remove.",
    );
    const buttons = within(dialog)
      .getAllByRole("button")
      .map((b) => b.textContent?.trim());
    expect(buttons).toEqual(["Close"]);
    expect(within(dialog).queryByText("Same as in a terminal")).not.toBeInTheDocument();
    expect(ondone).not.toHaveBeenCalled();
  });

  it("mid-run (a tag moved right before its step): stops there and offers to check again", async () => {
    const { api, img, other, ondone, onstale, user } = onEngine({ web: true });
    const dialog = await screen.findByRole("dialog", { name: "Remove nginx:alpine" });
    await user.click(await runnable(dialog, GUIDED));
    const removal = api.removals[0]!;
    removal.step();
    removal.step();
    api.tag(other.id, "nginx:alpine");
    removal.finish();

    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent(
      `The engine changed during the removal, so Imagen stopped before step 3 (Remove nginx:alpine): nginx:alpine now points to another image (${shortId(other.id)}). 2 steps were done before that. Check again to see the plan for what is left.`,
    );
    expect(rows(within(dialog).getByRole("list", { name: "The removal stopped" }))).toEqual([
      expect.stringMatching(/Done$/),
      expect.stringMatching(/Done$/),
      expect.stringMatching(/Failed$/),
    ]);
    expect(api.images.map((i) => i.id)).toEqual([img.id, other.id]);
    expect(ondone).not.toHaveBeenCalled();
    expect(onstale).toHaveBeenCalledOnce();

    await user.click(within(dialog).getByRole("button", { name: "Check again" }));
    // What is left: the image, now without a name, and nothing using it.
    expect(
      await screen.findByRole("dialog", { name: `Remove image ${shortId(img.id)}` }),
    ).toHaveAccessibleDescription(`The image ${shortId(img.id)} will be deleted and 1.98MB freed.`);
  });

  it("a plan that is no longer open: nothing ran, and checking again makes a new one", async () => {
    const { api, user } = onEngine();
    const dialog = await screen.findByRole("dialog", { name: "Remove nginx:alpine" });
    api.plans.clear(); // the app restarted, say
    await user.click(await runnable(dialog, "Delete image"));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "The removal did not start. This plan is no longer open: it already ran, or a newer one replaced it. Check again to see what it would do now.",
    );
    expect(rows(within(dialog).getByRole("list", { name: "The removal stopped" }))).toEqual([
      expect.stringMatching(/Not run$/),
    ]);
    await user.click(within(dialog).getByRole("button", { name: "Check again" }));
    // The new plan's button waits a moment, where Check again was clicked.
    const again = await within(dialog).findByRole("button", { name: "Delete image" });
    expect(again).toBeDisabled();
    await user.click(again);
    expect(api.calls.filter((c) => c === "executeRemoval")).toHaveLength(1);
    expect(await runnable(dialog, "Delete image")).toBe(again);
  });
});

describe("RemovalDialog: stopping a run", () => {
  /** The guided run on web-1 and nginx:alpine, cancelled after its Stop: each step's state
   * and the sentence, which it returns. */
  async function cancelledAfterTheStop(dialog: HTMLElement): Promise<string> {
    const list = await within(dialog).findByRole("list", { name: "The removal was cancelled" });
    expect(rows(list)).toEqual([
      expect.stringMatching(/Stop web-1.*Done$/),
      expect.stringMatching(/Remove the container web-1.*Not run$/),
      expect.stringMatching(/Remove nginx:alpine.*Not run$/),
    ]);
    const cancelled =
      "Cancelled after 1 of 3 steps: “Stop web-1” was done; “Remove the container web-1” and “Remove nginx:alpine” were not.";
    expect(within(dialog).getByText(cancelled, { selector: ".cancelled" })).toBeVisible();
    return cancelled;
  }

  it("stops after the step under way; the report says what was done and what was not", async () => {
    const { api, img, ondone, onstale, onclose, user } = onEngine({ web: true });
    const dialog = await screen.findByRole("dialog", { name: "Remove nginx:alpine" });
    const said = within(dialog).getByTestId("removal-said");
    await user.click(await runnable(dialog, GUIDED));
    const removal = api.removals[0]!;
    removal.step(); // docker stop web-1

    const stop = within(dialog).getByRole("button", { name: "Stop after this step" });
    expect(within(dialog).getByRole("button", { name: "Close" })).toBeDisabled();
    // It waits a moment after it appears (a double-click on the button before it).
    await waitFor(() => expect(stop).toBeEnabled());
    await user.click(stop);
    expect(
      within(dialog).getByRole("button", { name: "Stopping after this step…" }),
    ).toBeDisabled();
    expect(removal.cancelRequested).toBe(true);
    await user.keyboard("{Escape}");
    expect(onclose).not.toHaveBeenCalled();
    removal.step(); // the backend sees the cancel before its next step

    const cancelled = await cancelledAfterTheStop(dialog);
    // Said through the dialog's region, there from the start.
    expect(said).toHaveTextContent(cancelled);
    expect(said).toBe(within(dialog).getByTestId("removal-said"));
    expect(within(dialog).queryByRole("alert")).not.toBeInTheDocument();
    expect(ondone).not.toHaveBeenCalled();
    expect(onstale).toHaveBeenCalledOnce();
    // On the engine: web-1 is stopped, not removed; the image is still there.
    expect(api.containers.map((c) => [c.name, c.state])).toEqual([["web-1", "exited"]]);
    expect(api.images.map((i) => i.id)).toContain(img.id);

    expect(within(dialog).getByRole("button", { name: "Close" })).toBeEnabled();
    await user.click(within(dialog).getByRole("button", { name: "Check again" }));
    // What is left: the stopped web-1 and the image.
    expect(
      await within(dialog).findByRole("button", { name: "Remove 1 container, then delete" }),
    ).toBeInTheDocument();
  });

  /** The guided run on web-1 (started with `docker run --rm`) and nginx:alpine, stopped
   * while the backend waits for the engine to remove web-1 by itself: its `docker rm` met
   * "removal … already in progress". Returns the dialog and the run's fake. */
  async function stoppedWhileTheEngineRemovesIt() {
    const { api, user } = onEngine({ web: true });
    const dialog = await screen.findByRole("dialog", { name: "Remove nginx:alpine" });
    await user.click(await runnable(dialog, GUIDED));
    const removal = api.removals[0]!;
    removal.step(); // docker stop web-1: the engine starts removing it (`docker run --rm`)
    removal.onEvent({ kind: "Started", step: 1 });
    const stop = within(dialog).getByRole("button", { name: "Stop after this step" });
    await waitFor(() => expect(stop).toBeEnabled());
    await user.click(stop);
    return { dialog, removal };
  }

  it("stops at once while the engine removes a --rm container by itself, and says the engine goes on", async () => {
    const { dialog, removal } = await stoppedWhileTheEngineRemovesIt();
    // The backend ends the wait at once; a last look finds web-1 still there.
    removal.settle({
      stepsRun: 1,
      untagged: [],
      deleted: [],
      failed: null,
      cancelled: true,
      engineRemoving: 1,
    });

    const list = await within(dialog).findByRole("list", { name: "The removal was cancelled" });
    expect(rows(list)).toEqual([
      expect.stringMatching(/Stop web-1.*Done$/),
      expect.stringMatching(/Remove the container web-1.*Being removed by the engine$/),
      expect.stringMatching(/Remove nginx:alpine.*Not run$/),
    ]);
    const cancelled =
      "Cancelled after 1 of 3 steps: “Stop web-1” was done; the engine was already removing the container web-1 itself (it was started with --rm); “Remove nginx:alpine” was not done.";
    expect(within(dialog).getByText(cancelled, { selector: ".cancelled" })).toBeVisible();
    expect(within(dialog).getByTestId("removal-said")).toHaveTextContent(cancelled);
    expect(within(dialog).queryByRole("alert")).not.toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Check again" })).toBeEnabled();

    setLocale("es");
    const lista = await within(dialog).findByRole("list", { name: "La eliminación se canceló" });
    expect(rows(lista)[1]).toMatch(/Eliminar el contenedor web-1.*Lo está eliminando el motor$/);
    expect(
      within(dialog).getByText(
        "Se canceló tras 1 de 3 pasos: «Detener web-1» se hizo; el motor ya estaba eliminando el contenedor web-1 por su cuenta (se inició con --rm); «Eliminar nginx:alpine» no se hizo.",
        { selector: ".cancelled" },
      ),
    ).toBeVisible();
  });

  it("stopped while the engine removes a --rm container, gone by the last look: already gone", async () => {
    const { dialog, removal } = await stoppedWhileTheEngineRemovesIt();
    // The backend's last look finds web-1 gone: the step counts as already gone.
    removal.onEvent({
      kind: "Finished",
      step: 1,
      untagged: [],
      deleted: [],
      alreadyGone: true,
    });
    removal.settle({ stepsRun: 2, untagged: [], deleted: [], failed: null, cancelled: true });

    const list = await within(dialog).findByRole("list", { name: "The removal was cancelled" });
    expect(rows(list)).toEqual([
      expect.stringMatching(/Stop web-1.*Done$/),
      expect.stringMatching(/Remove the container web-1.*Already gone$/),
      expect.stringMatching(/Remove nginx:alpine.*Not run$/),
    ]);
    expect(
      within(dialog).getByText(
        "Cancelled after 2 of 3 steps: “Stop web-1” and “Remove the container web-1” were done; “Remove nginx:alpine” was not.",
        { selector: ".cancelled" },
      ),
    ).toBeVisible();
  });

  it("a click on Stop right as it appears (a double-click on Delete) does not cancel", async () => {
    const { api, img, user } = onEngine();
    const dialog = await screen.findByRole("dialog", { name: "Remove nginx:alpine" });
    await user.click(await runnable(dialog, "Delete image"));
    // The second click of a double-click lands where Delete was: on Stop, which waits.
    const stop = within(dialog).getByRole("button", { name: "Stop after this step" });
    expect(lastAction(dialog)).toBe(stop);
    expect(stop).toBeDisabled();
    await user.click(stop);
    expect(api.calls).not.toContain("cancelRemoval");
    // A moment later it can stop the run; not asked, the run goes through.
    await vi.advanceTimersByTimeAsync(500);
    expect(stop).toBeEnabled();
    api.removals[0]!.finish();
    expect(await within(dialog).findByText("Every step is done")).toBeInTheDocument();
    expect(api.images.map((i) => i.id)).not.toContain(img.id);
  });
});

describe("RemovalDialog: the engine changed while the plan was open", () => {
  /** nginx:alpine on the fake engine, its plan made by the fake itself. */
  function openLive() {
    const img = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([img]);
    current.api = api;
    const props = {
      selection: { images: [img.id], tags: [] } as Selection,
      onclose: vi.fn(),
      ondone: vi.fn(),
      engineChanges: 0,
    };
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const view = render(RemovalDialog, { props });
    // Plans asked for: the first, then each background re-check of it.
    const planned = () =>
      api.calls.filter((c) => c === "planRemoval" || c === "recheckRemoval").length;
    const bump = (n: number) => view.rerender({ ...props, engineChanges: n });
    return { api, img, planned, bump };
  }

  it("plans again in the background and says nothing when the plan is the same", async () => {
    const { planned, bump } = openLive();
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByText("docker rmi nginx:alpine");
    expect(planned()).toBe(1);
    await bump(1);
    await waitFor(() => expect(planned()).toBe(2));
    await new Promise((r) => setTimeout(r, 10));
    expect(dialog.querySelector(".engine-changed")).toBeNull();
    expect(within(dialog).getByText("docker rmi nginx:alpine")).toBeInTheDocument();
  });

  it("shows the new plan with the notice when it differs, and runs nothing", async () => {
    const { api, img, planned, bump } = openLive();
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByText("docker rmi nginx:alpine");
    const said = within(dialog).getByTestId("removal-said");
    expect(said).toHaveTextContent(/^$/);
    // `docker run -d --name web-1 nginx:alpine` in a terminal.
    api.addContainer("web-1", "running", img.id);
    await bump(1);
    // What changed is said, as a Delete click's own re-check would say it.
    const notice = await within(dialog).findByText(
      "The engine changed while this plan was open; the plan below is up to date.",
    );
    const sentence =
      "The engine changed while this plan was open; the plan below is up to date. A new container, web-1 (running), now uses this image.";
    expect(notice.closest("p")).toHaveTextContent(sentence);
    // A screen reader hears it from the region that was there, silent, before the change
    // (a region inserted with its text is often not read).
    expect(said).toHaveTextContent(sentence);
    expect(said).toBe(within(dialog).getByTestId("removal-said"));
    expect(notice.closest(".engine-changed")).not.toHaveAttribute("role");
    expect(planned()).toBe(2);
    // The new plan: the container is in it, and the guided action now stops it.
    expect(within(dialog).getAllByText(/web-1/).length).toBeGreaterThan(0);
    expect(within(dialog).getByText(`docker stop ${fakeContainerId("web-1")}`)).toBeInTheDocument();
    expect(api.calls).not.toContain("executeRemoval");
  });

  it("holds the button a moment after the plan changed under it, so a click on its way runs nothing", async () => {
    const { api, img, bump } = openLive();
    const user = userEvent.setup();
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByText("docker rmi nginx:alpine");
    api.addContainer("web-1", "running", img.id);
    await bump(1);
    await within(dialog).findByText(`docker stop ${fakeContainerId("web-1")}`);
    const button = within(dialog).getByRole("button", {
      name: "Stop and remove 1 container, then delete",
    });
    expect(button).toBeDisabled();
    await user.click(button);
    expect(api.calls).not.toContain("executeRemoval");
    await waitFor(() => expect(button).toBeEnabled(), { timeout: 3000 });
  });

  it("says when nothing of the selection is left", async () => {
    const { api, bump } = openLive();
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByText("docker rmi nginx:alpine");
    api.images = []; // `docker rmi nginx:alpine` in a terminal
    await bump(1);
    expect(
      await within(dialog).findByText(/none of the selection is left on it to remove/, {
        selector: ".engine-changed *",
      }),
    ).toBeInTheDocument();
    expect(api.calls).not.toContain("executeRemoval");
  });

  it("keeps the rest of a selection when one of its images is deleted in a terminal", async () => {
    const a = fakeImage({ tags: ["app:1"] });
    const b = fakeImage({ tags: ["app:2"] });
    const api = new FakeApi([a, b]);
    current.api = api;
    const props = {
      selection: { images: [a.id, b.id], tags: [] } as Selection,
      onclose: vi.fn(),
      ondone: vi.fn(),
      engineChanges: 0,
    };
    const view = render(RemovalDialog, { props });
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByText("docker rmi app:2");
    api.images = [a]; // `docker rmi app:2` in a terminal
    await view.rerender({ ...props, engineChanges: 1 });
    // Not "none of the selection is left": app:1 still is, and the plan for it is shown.
    const notice = await within(dialog).findByText(
      "The engine changed while this plan was open; the plan below is up to date.",
    );
    expect(notice.closest("p")).toHaveTextContent(
      "The engine changed while this plan was open; the plan below is up to date. app:2 is no longer on the engine.",
    );
    expect(within(dialog).getByText("docker rmi app:1")).toBeInTheDocument();
    expect(within(dialog).queryByText("docker rmi app:2")).not.toBeInTheDocument();
    // Choosing again deletes what is left (after the moment the button waits).
    const button = within(dialog).getByRole("button", { name: "Delete image" });
    await waitFor(() => expect(button).toBeEnabled(), { timeout: 3000 });
    api.autoRemove = true;
    await userEvent.click(button);
    expect(await within(dialog).findByText("Every step is done")).toBeInTheDocument();
    expect(api.images).toEqual([]);
  });

  it("plans once more, not once per event, when changes arrive during a re-plan", async () => {
    const { api, planned, bump } = openLive();
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByText("docker rmi nginx:alpine");
    let open!: () => void;
    api.gate = new Promise<void>((r) => (open = r));
    await bump(1);
    await bump(2);
    await bump(3);
    expect(planned()).toBe(2);
    open();
    await waitFor(() => expect(planned()).toBe(3));
    await new Promise((r) => setTimeout(r, 10));
    expect(planned()).toBe(3);
  });

  it("leaves a running removal alone", async () => {
    const { api, planned, bump } = openLive();
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const dialog = await screen.findByRole("dialog");
    await user.click(await runnable(dialog, "Delete image"));
    await within(dialog).findByText("Removing…");
    await bump(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(planned()).toBe(1);
    api.removals[0]!.finish();
    expect(await within(dialog).findByText("Every step is done")).toBeInTheDocument();
  });
});

describe("RemovalDialog: the focus when the control that had it goes away", () => {
  const unreachable: ImagenError = {
    kind: "EngineUnreachable",
    address: "unix:///var/run/docker.sock",
    reason: "connection refused",
    cause: "Refused",
  };
  /** The focus is in the dialog, not dropped on the page (no Tab pressed to bring it back). */
  const focusInside = (dialog: HTMLElement) =>
    waitFor(() => {
      expect(document.activeElement).not.toBe(document.body);
      expect(dialog.contains(document.activeElement)).toBe(true);
    });

  /** `img` (nginx:alpine) on the fake engine, `setup` applied before it plans; `bump` says
   * the engine changed (as App does on an engine event). */
  function live(
    setup: (api: FakeApi, img: ImageSummary) => void = () => {},
    img = fakeImage({ tags: ["nginx:alpine"] }),
  ) {
    const api = new FakeApi([img]);
    setup(api, img);
    current.api = api;
    const props = {
      selection: { images: [img.id], tags: [] } as Selection,
      onclose: vi.fn(),
      ondone: vi.fn(),
      engineChanges: 0,
    };
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const view = render(RemovalDialog, { props });
    const bump = (n: number) => view.rerender({ ...props, engineChanges: n });
    return { api, img, user, bump };
  }

  it("Try again: on Close while the plan loads again, in the dialog once it is there", async () => {
    const { api, user } = live((api) => (api.failWith = unreachable));
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByRole("alert");
    api.failWith = null;
    let release!: () => void;
    api.gate = new Promise<void>((r) => (release = r));
    await user.click(within(dialog).getByRole("button", { name: "Try again" }));
    await waitFor(() =>
      expect(within(dialog).getByRole("button", { name: "Close" })).toHaveFocus(),
    );
    api.gate = null;
    release();
    await within(dialog).findByRole("button", { name: "Delete image" });
    await focusInside(dialog);
  });

  it("Check again after a run that did not start: in the dialog as the plan loads and arrives", async () => {
    const { api, user } = live();
    const dialog = await screen.findByRole("dialog");
    api.plans.clear(); // the app restarted, say
    await user.click(await runnable(dialog, "Delete image"));
    await within(dialog).findByRole("alert");
    await user.click(within(dialog).getByRole("button", { name: "Check again" }));
    await focusInside(dialog);
    await within(dialog).findByRole("button", { name: "Delete image" });
    await focusInside(dialog);
  });

  it("an option the plan replaced in the background no longer offers", async () => {
    // app:1.0, used by the stopped job-1: remove it first, or force.
    const { plan, img } = stoppedPlan();
    let used = true;
    const { user, bump } = live(
      (api) => (api.plan = () => (used ? plan : fakePlan({ images: [fakePlanImage(img)] }))),
      img,
    );
    const dialog = await screen.findByRole("dialog");
    const force = await within(dialog).findByRole("radio", { name: "Force delete" });
    await user.click(force);
    expect(force).toHaveFocus();
    used = false; // `docker rm job-1` in a terminal: no choice left to make
    await bump(1);
    await within(dialog).findByText(
      "The engine changed while this plan was open; the plan below is up to date.",
    );
    expect(force).not.toBeInTheDocument();
    await focusInside(dialog);
  });

  it("the notice of a refused run, replaced by a change noticed in the background", async () => {
    const { api, img, user, bump } = live();
    const dialog = await screen.findByRole("dialog");
    const run = await runnable(dialog, "Delete image");
    api.addContainer("web-2", "running", img.id); // in a terminal, unseen
    await user.click(run);
    const notice = await within(dialog).findByRole("status");
    await waitFor(() => expect(notice).toHaveFocus());
    api.containers = []; // and gone again
    await bump(1);
    await waitFor(() => expect(notice).not.toBeInTheDocument());
    await focusInside(dialog);
  });
});

describe("RemovalDialog in Spanish", () => {
  it("says the plan in Spanish; docker commands, references and IDs stay as Docker spells them", async () => {
    setLocale("es");
    const { plan, selection, img } = stoppedPlan();
    const { user } = open(plan, selection);
    const dialog = await screen.findByRole("dialog", { name: "Eliminar app:1.0" });
    expect(dialog).toHaveAccessibleDescription(
      "1 contenedor usa esta imagen: job-1 está detenido. Docker se niega a eliminar una imagen mientras un contenedor la usa.",
    );
    const guided = within(dialog).getByRole("radio", {
      name: "Eliminar 1 contenedor y luego eliminar lo seleccionado",
    });
    expect(guided).toBeChecked();
    expect(within(dialog).getByText("Recomendado")).toBeInTheDocument();
    expect(within(dialog).getByRole("group", { name: "¿Qué debe hacer Imagen?" })).toBeVisible();
    const commands = within(dialog).getByRole("group", { name: "Equivalente en una terminal" });
    expect(commands).toHaveTextContent(`docker rm ${fakeContainerId("job-1")}`);
    expect(commands).toHaveTextContent("docker rmi app:1.0");
    const force = within(dialog).getByRole("radio", { name: "Forzar: eliminar" });
    expect(force).toHaveAccessibleDescription(
      /job-1 queda apuntando a una imagen sin nombre \(docker ps -a solo muestra su ID\)/,
    );
    await user.click(force);
    expect(commands).toHaveTextContent(`docker rmi -f ${img.id}`);
    expect(within(dialog).getByRole("button", { name: "Cancelar" })).toBeInTheDocument();
  });

  it("shows the steps in Spanish as they run", async () => {
    setLocale("es");
    const { plan, selection } = runningPlan();
    const { api, user } = open(plan, selection);
    const dialog = await screen.findByRole("dialog", { name: "Eliminar nginx:alpine" });
    await user.click(
      await runnable(dialog, "Detener y eliminar 1 contenedor y luego eliminar lo seleccionado"),
    );
    const steps = within(dialog).getByRole("list", { name: "Eliminando…" });
    expect(rows(steps)).toEqual([
      expect.stringMatching(
        new RegExp(`Detener web-1\\s*docker stop ${fakeContainerId("web-1")}\\s*En espera`),
      ),
      expect.stringMatching(
        new RegExp(
          `Eliminar el contenedor web-1\\s*docker rm ${fakeContainerId("web-1")}\\s*En espera`,
        ),
      ),
      expect.stringMatching(/Eliminar nginx:alpine\s*docker rmi nginx:alpine\s*En espera/),
    ]);
    await waitFor(() =>
      expect(
        within(dialog).getByRole("button", { name: "Interrumpir tras este paso" }),
      ).toBeEnabled(),
    );
    api.removals[0]!.onEvent({ kind: "Started", step: 0 });
    await waitFor(() => expect(rows(steps)[0]).toMatch(/En curso…$/));
  });

  it("rewords an open plan in place when the language changes", async () => {
    const { plan, selection } = stoppedPlan();
    open(plan, selection);
    const dialog = await screen.findByRole("dialog", { name: "Remove app:1.0" });
    expect(within(dialog).getByRole("radio", { name: "Force delete" })).toBeInTheDocument();
    setLocale("es");
    await waitFor(() => expect(dialog).toHaveAccessibleName("Eliminar app:1.0"));
    expect(within(dialog).getByRole("radio", { name: "Forzar: eliminar" })).toBeInTheDocument();
    expect(dialog).toHaveAccessibleDescription(
      /^1 contenedor usa esta imagen: job-1 está detenido\./,
    );
  });
});
