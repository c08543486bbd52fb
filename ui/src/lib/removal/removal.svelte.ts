// One removal, from plan to report: loads the plan for a selection, asks the backend to run
// the chosen action of that plan (by the plan's ID: the backend holds the plan and re-checks
// the engine first), and follows the steps from its events. When the engine changed since
// the plan was made, nothing runs: the new plan replaces the old one, with a sentence saying
// what changed, and the user chooses again. Inert until `load()`.
import { toImagenError, type ImagenApi } from "../ipc/api";
import type {
  ImagenError,
  PlanAction,
  PlanChange,
  PlanRecheck,
  RemovalEvent,
  RemovalPlan,
  RemovalReport,
  Selection,
  Step,
} from "../ipc/api";
import { describeError, engineAway } from "../shared/errors";
import { describeChanges, shortId } from "./changes";
import { onlyUntags, stepLabel, summarize, type PlanSummary } from "./outcome";
import { listWords } from "../i18n/format";
import { locale } from "../i18n/locale.svelte";
import { m } from "../i18n/messages";
import { coalesced } from "../shared/coalesce";

/** `gone`: the engine changed and nothing of the selection is left on it. */
export type PlanState =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ready"; plan: RemovalPlan; summary: PlanSummary }
  | { status: "gone" }
  | { status: "failed"; error: ImagenError };

/** `gone`: the engine answered 404, the object was already removed. `unknown`: the engine
 * stopped answering while the step was under way, so it may or may not have happened.
 * `engine`: a container's removal that the engine was doing by itself (started with
 * `docker run --rm`) when the run was cancelled: not Imagen's, not failed, and going on. */
export type StepStatus = "pending" | "running" | "done" | "gone" | "engine" | "failed" | "unknown";

export interface StepProgress {
  step: Step;
  /** "Stop web-1", in the current language (worded when read). */
  readonly label: string;
  /** "docker stop web-1". */
  command: string;
  status: StepStatus;
}

/** `cancelled`: the user stopped the run; the steps after the report's `stepsRun` did not run,
 * but for the one the engine was doing by itself (the report's `engineRemoving`). */
export type RunStatus = "idle" | "running" | "done" | "failed" | "cancelled";

/** A ready plan whose summary is worded when read, in the current language (so a language
 * switch rewords an open dialog), and worded once per language. */
function readyPlan(plan: RemovalPlan, selection: Selection | null): PlanState {
  let worded: { lang: string; summary: PlanSummary } | null = null;
  return {
    status: "ready",
    plan,
    get summary() {
      const lang = locale.current;
      if (worded?.lang !== lang) worded = { lang, summary: summarize(plan, selection) };
      return worded.summary;
    },
  };
}

/** `selection` less what `report` says the run deleted (images, by full ID; the engine may
 * report them with or without `sha256:`) and untagged. */
function withoutDone(selection: Selection, report: RemovalReport): Selection {
  const bare = (id: string) => id.replace(/^sha256:/, "");
  const deleted = new Set(report.deleted.map(bare));
  const untagged = new Set(report.untagged);
  return {
    images: selection.images.filter((id) => !deleted.has(bare(id))),
    tags: selection.tags.filter((t) => !untagged.has(t.reference) && !deleted.has(bare(t.image))),
  };
}

/** A name worth showing: not `<none>:<none>` nor `repo:<none>` (a digest's repository). */
const namedImage = (name: string): boolean =>
  name !== "" && !name.startsWith("<none>") && !name.endsWith(":<none>");

/** Refusals that come before the backend touches the engine: nothing ran. */
const NOT_STARTED: ReadonlySet<ImagenError["kind"]> = new Set([
  "UnknownPlan",
  "AlreadyRunning",
  "InvalidInput",
]);

export class RemovalStore {
  plan: PlanState = $state.raw({ status: "idle" });
  /** The action running or last run. */
  action: PlanAction | null = $state.raw(null);
  steps: StepProgress[] = $state([]);
  runStatus: RunStatus = $state("idle");
  report: RemovalReport | null = $state.raw(null);
  /** Why the run stopped: the report's error, or the rejection. */
  error: ImagenError | null = $state.raw(null);
  /** The call itself failed (engine gone), so there is no report of what ran. */
  lost = $state(false);
  /** Words `changed` when read, so it follows the language: while the plan was open, a
   * head ("the engine changed while this plan was open…") and what changed, if said. */
  #changed: (() => { head: string | null; detail: string | null }) | null = $state.raw(null);
  /** The engine changed since the plan the user chose from, so nothing ran: what changed,
   * in one sentence. The plan shown is the new one. Cleared by the next run or load. */
  get changed(): string | null {
    const parts = this.changedParts;
    return parts && [parts.head, parts.detail].filter((p) => p !== null).join(" ");
  }
  /** `changed` in its two parts, for the dialog to set the head apart. */
  get changedParts(): { head: string | null; detail: string | null } | null {
    return this.#changed?.() ?? null;
  }
  /** `changed` was noticed while the plan was open (an engine event, `recheck()`), not when
   * a run was asked: nothing was about to run. */
  changedWhileOpen = $state(false);
  /** Cancel was asked and the backend took it: the run stops before its next step. */
  cancelling = $state(false);
  /** Asking to cancel failed: why. */
  cancelError: ImagenError | null = $state.raw(null);

  #api: ImagenApi;
  #selection: Selection | null = null;
  #loadSeq = 0;
  #runSeq = 0;
  /** The plan whose action is running (what a cancel names). */
  #runningPlan: string | null = null;
  /** The plan the dialog's words are about: the one shown, or while `gone`, the last one
   * shown. A background re-check asks the backend what changed since it. */
  #basis: RemovalPlan | null = null;

  /** The engine (address) the selection was chosen on: plans are asked of it only. */
  #engine: string | null;
  #listedOn: () => string | null;
  #onswitched: () => void;

  /** `listedOn`: the address of the engine whose list the window shows (null: not known),
   * read as the store is made: the selection was chosen from that list, and plans are asked
   * of that engine only. Imagen on another one by the time a plan is asked plans nothing:
   * the plan fails with `EngineSwitched`, whose words offer Try again there, and `onswitched`
   * tells the app its window is behind. */
  constructor(
    api: ImagenApi,
    listedOn: () => string | null = () => null,
    onswitched: () => void = () => {},
  ) {
    this.#api = api;
    this.#listedOn = listedOn;
    this.#engine = listedOn();
    this.#onswitched = onswitched;
  }

  /** Planning failed, as the dialog says it. On another engine than the selection's, Try
   * again (the user's own click, after reading which engine) plans on the engine whose list
   * the window shows by then: not on the one the answer named, whose images the window may
   * not show yet (a plan there would be one click from deleting what nobody looked at). */
  #fail(error: ImagenError): void {
    this.plan = { status: "failed", error };
    if (error.kind === "EngineSwitched" && error.to !== null) {
      this.#engine = null;
      this.#onswitched();
    }
  }

  /** The engine to ask for a plan: the selection's, or after a switch the window's now. */
  get #askOn(): string | null {
    return this.#engine ?? this.#listedOn();
  }

  get running(): boolean {
    return this.runStatus === "running";
  }

  /** Plans the removal of `selection`; only the latest call's answer counts. */
  async load(selection: Selection): Promise<void> {
    this.#selection = selection;
    const mine = ++this.#loadSeq;
    this.plan = { status: "loading" };
    this.#changed = null;
    this.changedWhileOpen = false;
    this.#basis = null;
    try {
      const plan = await this.#api.planRemoval(selection, this.#askOn);
      if (mine === this.#loadSeq) {
        this.#basis = plan;
        this.plan = readyPlan(plan, selection);
      }
    } catch (thrown) {
      if (mine === this.#loadSeq) this.#fail(toImagenError(thrown));
    }
  }

  /** Plans again (after an error, or to see what is left after a failed or cancelled run).
   * What the run deleted or untagged leaves the selection first: planning refuses a
   * selection naming an image that is gone, and "what is left" is the rest. */
  async reload(): Promise<void> {
    if (!this.#selection || this.running) return;
    const basis = this.#basis;
    const rest = this.report ? withoutDone(this.#selection, this.report) : this.#selection;
    const afterRun = this.runStatus !== "idle";
    this.#resetRun();
    const left = rest.images.length + rest.tags.length > 0 ? rest : this.#selection;
    if (afterRun && basis) await this.#loadWhatIsLeft(left, basis);
    else await this.load(left);
  }

  /** After a run, plans what is left of the selection. Planning refuses a selection whole
   * when any part of it is gone or moved (an image of three deleted in a terminal meanwhile),
   * which would leave the other two stranded behind "could not work out what this removal
   * would do": each part refused leaves the selection, is said as a change since `basis`
   * (the plan the run came from), and the rest is planned again. */
  async #loadWhatIsLeft(selection: Selection, basis: RemovalPlan): Promise<void> {
    const mine = ++this.#loadSeq;
    this.#selection = selection;
    this.plan = { status: "loading" };
    this.#changed = null;
    this.changedWhileOpen = false;
    this.#basis = null;
    const bare = (id: string) => id.replace(/^sha256:/, "");
    const nameOf = (id: string) =>
      basis.images.find((i) => bare(i.id) === bare(id))?.displayName ?? bare(id).slice(0, 12);
    const changes: PlanChange[] = [];
    let rest = selection;
    // Each round either plans or takes one part out: at most one round per part, plus one.
    for (let round = 0; round <= selection.images.length + selection.tags.length; round++) {
      let plan: RemovalPlan | null = null;
      let error: ImagenError;
      try {
        plan = await this.#api.planRemoval(rest, this.#askOn);
      } catch (thrown) {
        error = toImagenError(thrown);
      }
      if (mine !== this.#loadSeq) return;
      if (plan) {
        this.#selection = rest;
        this.#basis = plan;
        if (changes.length > 0) {
          this.#changed = () => ({
            head: m.removal_changed_open(),
            detail: describeChanges(changes, basis),
          });
          this.changedWhileOpen = true;
        }
        this.plan = readyPlan(plan, rest);
        return;
      }
      const refused = error!;
      const before = rest.images.length + rest.tags.length;
      if (refused.kind === "TagMoved") {
        const { reference, seen: from, now: to } = refused;
        changes.push({ kind: "TagMoved", reference, from, to });
        rest = { images: rest.images, tags: rest.tags.filter((t) => t.reference !== reference) };
      } else if (refused.kind === "NoSuchImage") {
        const gone = refused.reference;
        const image = rest.images.find((id) => bare(id) === bare(gone));
        const tag = rest.tags.find((t) => t.reference === gone);
        if (image) changes.push({ kind: "ImageGone", image, name: nameOf(image) });
        // A tag deleted outright: it names no image now.
        else if (tag)
          changes.push({ kind: "TagMoved", reference: gone, from: tag.image, to: null });
        rest = {
          images: rest.images.filter((id) => bare(id) !== bare(gone)),
          tags: rest.tags.filter((t) => t.reference !== gone && bare(t.image) !== bare(gone)),
        };
      }
      if (rest.images.length + rest.tags.length === before) {
        // Refused for another reason (the engine away, say): as a plain load would say it.
        this.#fail(refused);
        return;
      }
      if (rest.images.length + rest.tags.length === 0) {
        this.#basis = basis;
        this.#changed = () => ({
          head: m.removal_changed_open_gone(),
          detail: describeChanges(changes, basis),
        });
        this.changedWhileOpen = true;
        this.plan = { status: "gone" };
        return;
      }
    }
  }

  /** The engine changed (an event): plans the same selection again in the background and,
   * when the new plan differs from the one shown, shows it instead, with `changed` saying
   * so. Never runs anything; does nothing unless a plan is shown and no run has started. A
   * call while one is under way schedules exactly one more. */
  readonly recheck: () => Promise<void> = coalesced(() => this.#recheckOnce());

  /** How many times a background re-plan replaced the plan shown with a different one. */
  replacedWhileOpen = $state(0);

  async #recheckOnce(): Promise<void> {
    const selection = this.#selection;
    const basis = this.#basis;
    const idle = () => this.runStatus === "idle" && !this.running;
    if (!selection || !basis || !idle()) return;
    if (this.plan.status !== "ready" && this.plan.status !== "gone") return;
    const shown = this.plan.status === "ready";
    const mine = ++this.#loadSeq;
    let answer: PlanRecheck;
    try {
      // The backend plans the same selection on the engine now, leaving out what is gone
      // (one image of ten deleted in a terminal leaves a plan for nine), and says what
      // changed as a Delete click's own re-check would.
      answer = await this.#api.recheckRemoval(basis.id);
    } catch (thrown) {
      // The engine away: the plan shown stays as it is (running it re-checks the engine
      // first anyway). The plan no longer kept (a Delete click's re-check spent it and found
      // nothing left, or it was pushed out): plan the selection anew.
      if (toImagenError(thrown).kind !== "UnknownPlan") return;
      const anew = await this.#planAnew(selection);
      if (!anew) return;
      answer = anew;
    }
    if (mine !== this.#loadSeq || !idle()) return;
    if (answer.kind === "Same") {
      if (shown) return;
      // Back as it was when last shown (say, a deleted image loaded again): show it again.
      this.#changed = () => ({ head: m.removal_changed_open(), detail: null });
      this.changedWhileOpen = true;
      this.replacedWhileOpen++;
      this.plan = readyPlan(basis, selection);
      return;
    }
    const { changes, plan: fresh } = answer;
    const head = fresh ? m.removal_changed_open : m.removal_changed_open_gone;
    // "Something changed" adds nothing to the head's own sentence.
    const said = changes.some((c) => c.kind !== "OutcomeChanged");
    const changed = () => ({ head: head(), detail: said ? describeChanges(changes, basis) : null });
    if (!fresh && !shown) {
      // Still nothing to remove, but the reason may have changed (the moved tag deleted
      // outright, or moved again): the sentence says what is true now.
      if (this.changedWhileOpen) this.#changed = changed;
      return;
    }
    this.#changed = changed;
    this.changedWhileOpen = true;
    this.replacedWhileOpen++;
    if (fresh) this.#basis = fresh;
    this.plan = fresh ? readyPlan(fresh, selection) : { status: "gone" };
  }

  /** The selection planned anew, worded as a re-check: planning refuses the selection
   * whole while any of it is gone, so only a selection back in full gets a plan. Null when
   * the engine cannot be asked. */
  async #planAnew(selection: Selection): Promise<PlanRecheck | null> {
    try {
      return {
        kind: "Changed",
        changes: [],
        plan: await this.#api.planRemoval(selection, this.#askOn),
      };
    } catch (thrown) {
      const error = toImagenError(thrown);
      if (error.kind === "TagMoved") {
        const { reference, seen: from, now: to } = error;
        return {
          kind: "Changed",
          changes: [{ kind: "TagMoved", reference, from, to }],
          plan: null,
        };
      }
      return error.kind === "NoSuchImage" ? { kind: "Changed", changes: [], plan: null } : null;
    }
  }

  /** Asks the backend to run `action` of the plan shown. Resolves with the report when it
   * ran; null when the engine changed (nothing ran: the new plan is shown, see `changed`)
   * or when the call failed. */
  async run(action: PlanAction): Promise<RemovalReport | null> {
    if (this.running || this.plan.status !== "ready") return null;
    const plan = this.plan.plan;
    const mine = ++this.#runSeq;
    this.action = action;
    const untags = onlyUntags(action);
    this.steps = action.steps.map((step, i) => ({
      step,
      get label() {
        return stepLabel(step, untags[i]);
      },
      command: action.commands[i] ?? "",
      status: "pending",
    }));
    this.report = null;
    this.error = null;
    this.lost = false;
    this.#changed = null;
    this.changedWhileOpen = false;
    this.cancelling = false;
    this.cancelError = null;
    this.#runningPlan = plan.id;
    this.runStatus = "running";
    try {
      const answer = await this.#api.executeRemoval(plan.id, action.kind, (event) => {
        if (mine === this.#runSeq) this.#apply(event);
      });
      if (mine !== this.#runSeq) return answer.kind === "Ran" ? answer.report : null;
      this.#runningPlan = null;
      this.cancelling = false;
      if (answer.kind === "Changed") {
        // Nothing ran; the old plan is dead. Show the new one, and say why it is new.
        this.#resetRun();
        this.#loadSeq++;
        const changes = answer.changes;
        this.#changed = () => ({ head: null, detail: describeChanges(changes, plan) });
        this.changedWhileOpen = false;
        if (answer.plan) this.#basis = answer.plan;
        this.plan = answer.plan ? readyPlan(answer.plan, this.#selection) : { status: "gone" };
        return null;
      }
      const report = answer.report;
      this.report = report;
      // The steps up to `stepsRun` went through, whatever events arrived.
      this.steps.forEach((s, i) => {
        if (i < report.stepsRun && (s.status === "pending" || s.status === "running"))
          s.status = "done";
      });
      if (report.failed) {
        this.error = report.failed;
        // The step after the last one that went through is the one that failed.
        const at = this.steps.findIndex((s) => s.status === "failed");
        this.#settleSteps(at >= 0 ? at : report.stepsRun, report.failed);
        this.runStatus = "failed";
      } else if (report.cancelled) {
        for (const s of this.steps) if (s.status === "running") s.status = "pending";
        // Cancelled while the engine removed a `--rm` container by itself: it goes on.
        const theEngines = this.steps[report.engineRemoving ?? -1];
        if (theEngines) theEngines.status = "engine";
        this.runStatus = "cancelled";
      } else {
        for (const s of this.steps) if (s.status !== "gone") s.status = "done";
        this.runStatus = "done";
      }
      return report;
    } catch (thrown) {
      if (mine !== this.#runSeq) return null;
      this.#runningPlan = null;
      this.cancelling = false;
      this.error = toImagenError(thrown);
      this.lost = true;
      this.#settleSteps(
        this.steps.findIndex((s) => s.status === "running"),
        this.error,
      );
      this.runStatus = "failed";
      return null;
    }
  }

  /** Asks the running removal to stop before its next step; the step under way finishes.
   * But for a wait: while the engine removes a `docker run --rm` container by itself, the
   * run stops at once, and the report says whether the container was gone by then or
   * still being removed (the engine goes on with it). */
  async cancel(): Promise<void> {
    const id = this.#runningPlan;
    if (!this.running || this.cancelling || id === null) return;
    const mine = this.#runSeq;
    this.cancelling = true;
    this.cancelError = null;
    try {
      const taken = await this.#api.cancelRemoval(id);
      // False: the run was ending anyway (its answer is on its way).
      if (!taken && mine === this.#runSeq) this.cancelling = false;
    } catch (thrown) {
      if (mine !== this.#runSeq) return;
      this.cancelling = false;
      this.cancelError = toImagenError(thrown);
    }
  }

  /** After a cancel: what was done, what the engine was doing by itself, and what was not,
   * by step. */
  get cancelled(): string | null {
    if (this.runStatus !== "cancelled") return null;
    const total = this.steps.length;
    const done = this.steps.filter((s) => s.status === "done" || s.status === "gone");
    const theEngines = this.steps.filter((s) => s.status === "engine");
    const left = this.steps.filter((s) => !done.includes(s) && !theEngines.includes(s));
    if (done.length === 0 && theEngines.length === 0) return m.removal_cancelled_before();
    const names = (steps: StepProgress[]) => {
      const quoted = steps.map((s) => m.removal_quoted({ text: s.label }));
      return quoted.length > 4
        ? listWords([...quoted.slice(0, 3), m.removal_n_more({ count: quoted.length - 3 })])
        : listWords(quoted);
    };
    // Only the engine's own removal went on: "after 0 of 2 steps" would read as a count of
    // Imagen's.
    const head =
      done.length > 0
        ? m.removal_cancelled_after({ done: done.length, count: total })
        : m.removal_cancelled_before_any();
    const parts: string[] = [];
    if (done.length > 0)
      parts.push(m.removal_cancelled_done({ count: done.length, steps: names(done) }));
    for (const { step } of theEngines)
      if (step.kind === "RemoveContainer")
        parts.push(m.removal_cancelled_engine_removing({ name: step.name }));
    if (left.length > 0) {
      // "… was not" reads as the negation of the sentence before it: after the engine's own
      // removal, or with nothing done, it says "was not done".
      const notDone =
        done.length > 0 && theEngines.length === 0
          ? m.removal_cancelled_not_done
          : m.removal_cancelled_not_done_alone;
      parts.push(notDone({ count: left.length, steps: names(left) }));
    }
    return m.removal_cancelled({ head, parts: parts.join("; ") });
  }

  /** Steps that went through (done or already gone). */
  get stepsRun(): number {
    return this.steps.filter((s) => s.status === "done" || s.status === "gone").length;
  }

  /** After a run that went through: where the engine did otherwise than the plan said
   * (Docker's containerd image store keeps an image the plan deletes, say), in one sentence.
   * Null when it did what the plan said. */
  get mismatch(): string | null {
    const differs = this.runStatus === "done" ? this.report?.mismatch : null;
    if (!differs) return null;
    const parts = differs.notDeleted.map(({ image, name, tags }) => {
      if (tags.length > 0)
        return m.removal_report_not_deleted_tagged({
          count: tags.length,
          name,
          tags: listWords(tags),
        });
      // A name that is gone now was untagged: the image stays, nameless.
      return namedImage(name)
        ? m.removal_report_not_deleted_untagged({ name })
        : m.removal_report_not_deleted_nameless({
            image: m.removal_image_id({ id: shortId(image) }),
          });
    });
    const tags = differs.notUntagged;
    if (tags.length > 0)
      parts.push(m.removal_report_not_untagged({ count: tags.length, tags: listWords(tags) }));
    const also = differs.alsoDeleted.map(({ image, name }) =>
      namedImage(name) ? name : m.removal_image_id({ id: shortId(image) }),
    );
    if (also.length > 0)
      parts.push(m.removal_report_also_deleted({ count: also.length, names: listWords(also) }));
    return parts.length > 0 ? m.removal_report_mismatch({ parts: parts.join("; ") }) : null;
  }

  /** What the steps before a failure did: those Imagen did, and those that found nothing
   * left to do ("Already gone"), which Imagen did not do. */
  #ranWords(): string {
    const count = (status: StepStatus) => this.steps.filter((s) => s.status === status).length;
    const done = count("done");
    const gone = count("gone");
    const head = done === 0 ? m.removal_ran_none() : m.removal_ran_some({ count: done });
    return gone === 0 ? head : `${head} ${m.removal_run_already_gone({ count: gone })}`;
  }

  /** What went wrong in a failed run, for the user. */
  get failure(): string | null {
    if (this.runStatus !== "failed" || !this.error) return null;
    const why = describeError(this.error);
    const ranWords = this.#ranWords();
    if (this.lost && NOT_STARTED.has(this.error.kind))
      return m.removal_failure_not_started({ why });
    // Contact lost or no answer, whether the call itself failed or a step's answer never
    // came: what that step did is not known, so the user is sent to look rather than told it
    // failed. A timeout is not "lost contact": the engine may be alive and slow.
    if (this.error.kind === "EngineTimeout")
      return this.steps.some((s) => s.status === "unknown")
        ? m.removal_failure_no_answer({ why, ran: ranWords })
        : m.removal_failure_no_answer_between({ why, ran: ranWords });
    if (engineAway(this.error)) return m.removal_failure_lost({ why, ran: ranWords });
    if (this.lost) return m.removal_failure_unfinished({ why, ran: ranWords });
    const at = this.steps.findIndex((s) => s.status === "failed");
    const step =
      at >= 0 ? m.removal_failure_step({ number: at + 1, label: this.steps[at]!.label }) : "";
    if (this.error.kind === "EngineChanged") {
      // Checked right before the step: the engine no longer matched the plan.
      const what = describeChanges(this.error.changes, this.#planImages());
      return step
        ? m.removal_failure_changed_before({ step, what, ran: ranWords })
        : m.removal_failure_changed({ what, ran: ranWords });
    }
    return step
      ? m.removal_failure_stopped_at({ step, why, ran: ranWords })
      : m.removal_failure_stopped({ why, ran: ranWords });
  }

  #apply(event: RemovalEvent): void {
    const s = this.steps[event.step];
    if (!s) return;
    switch (event.kind) {
      case "Started":
        s.status = "running";
        break;
      case "Finished":
        s.status = event.alreadyGone ? "gone" : "done";
        break;
      case "Failed":
        // Cut by a lost engine: not known to have failed (the request may have gone through).
        s.status = engineAway(event.error) ? "unknown" : "failed";
        this.error = event.error;
        break;
    }
  }

  /** After a failure: `failedAt` (if any) failed, or, when the engine stopped answering,
   * is not known to have failed; nothing is left running. */
  #settleSteps(failedAt: number, error: ImagenError): void {
    // The engine stopped answering: the step under way may have happened all the same.
    const status = engineAway(error) ? "unknown" : "failed";
    this.steps.forEach((s, i) => {
      if (i === failedAt || s.status === "running" || s.status === "failed") s.status = status;
    });
  }

  #planImages(): { images: RemovalPlan["images"] } {
    return { images: this.plan.status === "ready" ? this.plan.plan.images : [] };
  }

  #resetRun(): void {
    this.#runSeq++;
    this.#runningPlan = null;
    this.cancelling = false;
    this.cancelError = null;
    this.action = null;
    this.steps = [];
    this.runStatus = "idle";
    this.report = null;
    this.error = null;
    this.lost = false;
  }
}
