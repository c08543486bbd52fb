// One removal, from plan to report: loads the plan for a selection, runs the chosen
// action's steps and follows them from the backend's events. Inert until `load()`.
import { toImagenError, type ImagenApi } from "../ipc/api";
import type {
  ImagenError,
  PlanAction,
  RemovalEvent,
  RemovalPlan,
  RemovalReport,
  Selection,
  Step,
} from "../ipc/bindings";
import { describeError } from "../errors";
import { stepLabel, summarize, type PlanSummary } from "./outcome";

export type PlanState =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ready"; plan: RemovalPlan; summary: PlanSummary }
  | { status: "failed"; error: ImagenError };

/** `gone`: the engine answered 404, the object was already removed. */
export type StepStatus = "pending" | "running" | "done" | "gone" | "failed";

export interface StepProgress {
  step: Step;
  /** "Stop web-1". */
  label: string;
  /** "docker stop web-1". */
  command: string;
  status: StepStatus;
}

export type RunStatus = "idle" | "running" | "done" | "failed";

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

  #api: ImagenApi;
  #selection: Selection | null = null;
  #loadSeq = 0;
  #runSeq = 0;

  constructor(api: ImagenApi) {
    this.#api = api;
  }

  get running(): boolean {
    return this.runStatus === "running";
  }

  /** Plans the removal of `selection`; only the latest call's answer counts. */
  async load(selection: Selection): Promise<void> {
    this.#selection = selection;
    const mine = ++this.#loadSeq;
    this.plan = { status: "loading" };
    try {
      const plan = await this.#api.planRemoval(selection);
      if (mine === this.#loadSeq)
        this.plan = { status: "ready", plan, summary: summarize(plan, selection) };
    } catch (thrown) {
      if (mine === this.#loadSeq) this.plan = { status: "failed", error: toImagenError(thrown) };
    }
  }

  /** Plans again (after an error, or to see what is left after a failed run). */
  async reload(): Promise<void> {
    if (!this.#selection || this.running) return;
    this.#resetRun();
    await this.load(this.#selection);
  }

  /** Runs `action`'s steps. Resolves with the report, or null when the call failed. */
  async run(action: PlanAction): Promise<RemovalReport | null> {
    if (this.running) return null;
    const mine = ++this.#runSeq;
    this.action = action;
    this.steps = action.steps.map((step, i) => ({
      step,
      label: stepLabel(step),
      command: action.commands[i] ?? "",
      status: "pending",
    }));
    this.report = null;
    this.error = null;
    this.lost = false;
    this.runStatus = "running";
    try {
      const report = await this.#api.executeRemoval(action.steps, (event) => {
        if (mine === this.#runSeq) this.#apply(event);
      });
      if (mine !== this.#runSeq) return report;
      this.report = report;
      if (report.failed) {
        this.error = report.failed;
        // The step after the last one that went through is the one that failed.
        this.steps.forEach((s, i) => {
          if (i < report.stepsRun && (s.status === "pending" || s.status === "running"))
            s.status = "done";
        });
        const at = this.steps.findIndex((s) => s.status === "failed");
        this.#settleSteps(at >= 0 ? at : report.stepsRun);
        this.runStatus = "failed";
      } else {
        for (const s of this.steps) if (s.status !== "gone") s.status = "done";
        this.runStatus = "done";
      }
      return report;
    } catch (thrown) {
      if (mine !== this.#runSeq) return null;
      this.error = toImagenError(thrown);
      this.lost = true;
      this.#settleSteps(this.steps.findIndex((s) => s.status === "running"));
      this.runStatus = "failed";
      return null;
    }
  }

  /** Steps that went through (done or already gone). */
  get stepsRun(): number {
    return this.steps.filter((s) => s.status === "done" || s.status === "gone").length;
  }

  /** What went wrong in a failed run, for the user. */
  get failure(): string | null {
    if (this.runStatus !== "failed" || !this.error) return null;
    const why = describeError(this.error);
    const ran = this.stepsRun;
    const ranWords =
      ran === 0
        ? "No step went through."
        : `${ran === 1 ? "1 step" : `${ran} steps`} went through before that.`;
    if (this.lost) {
      const gone = this.error.kind === "EngineUnreachable" || this.error.kind === "EngineTimeout";
      const head = gone
        ? "Imagen lost contact with the engine during the removal"
        : "The removal could not finish";
      return `${head}: ${why} ${ranWords} Refresh to see what is left.`;
    }
    const at = this.steps.findIndex((s) => s.status === "failed");
    const which = at >= 0 ? ` at step ${at + 1} (${this.steps[at]!.command})` : "";
    return `The removal stopped${which}: ${why} ${ranWords}`;
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
        s.status = "failed";
        this.error = event.error;
        break;
    }
  }

  /** After a failure: `failedAt` (if any) failed; nothing is left running. */
  #settleSteps(failedAt: number): void {
    this.steps.forEach((s, i) => {
      if (i === failedAt) s.status = "failed";
      else if (s.status === "running") s.status = "failed";
    });
  }

  #resetRun(): void {
    this.#runSeq++;
    this.action = null;
    this.steps = [];
    this.runStatus = "idle";
    this.report = null;
    this.error = null;
    this.lost = false;
  }
}
