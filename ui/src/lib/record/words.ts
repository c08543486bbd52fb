// The Terminal record's words in the current language: the script's comments, each status
// and the time of a command. Read them where they render, so a language switch rewords them.
import type { RecordEntry, RecordStatus } from "../ipc/api";
import { m } from "../i18n/messages";
import { dateText, formatNumber, timeOfDay } from "../i18n/format";
import { locale, type Locale } from "../i18n/locale.svelte";
import { describeError } from "../shared/errors";
import { choiceName } from "../app/engine-names";
import type { ScriptWords, SwitchedEngine } from "./script";

/** The script's comments, dated `now`; `trimmed`: the record is full (`max` entries), so its
 * oldest commands were dropped. */
export function scriptWords(
  now: Date = new Date(),
  trimmed: { max: number } | null = null,
): ScriptWords {
  return {
    header: m.record_script_header({ date: dateText(now).text }),
    powershell: m.record_script_powershell(),
    trimmed: trimmed && m.record_script_trimmed({ max: formatNumber(trimmed.max) }),
    refused: (error) => m.record_script_refused({ reason: describeError(error) }),
    cancelled: m.record_script_cancelled(),
    changed: m.record_script_changed(),
    running: m.record_script_running(),
    switched: switchedText,
  };
}

/** What an engine-switch entry says before its command: "Imagen switched to engine colima; the
 * same in a terminal:" (for "Like the docker command", saying so; for the engine remembered
 * from an earlier session, that Imagen started on it). The engine is named as the switcher
 * lists it. */
export function switchedText(engine: SwitchedEngine): string {
  const name = choiceName(engine);
  if (engine.remembered) return m.record_resumed({ name });
  return engine.automatic ? m.record_switched_automatic({ name }) : m.record_switched({ name });
}

/** A status in a word or two (the chip's text): "done", "refused", "not run: the engine changed". */
export function statusWord(status: RecordStatus): string {
  switch (status.status) {
    case "Running":
      return m.record_status_running();
    case "Done":
      return m.record_status_done();
    case "Refused":
      return m.record_status_refused();
    case "Cancelled":
      return m.record_status_cancelled();
    case "Changed":
      return m.record_status_changed();
  }
}

/** Why a refused command was refused, as a sentence; null for any other status. */
export function refusalReason(status: RecordStatus): string | null {
  return status.status === "Refused" ? describeError(status.error) : null;
}

/** What the live region says when a command ends: "Recorded: docker pull nginx (done)"; for an
 * engine switch, "Recorded: Imagen switched to engine colima". */
export function announcement(entry: RecordEntry): string {
  if (entry.engine) return m.record_announce_switched({ name: choiceName(entry.engine) });
  const reason = refusalReason(entry.status);
  if (reason !== null) return m.record_announce_refused({ command: entry.command, reason });
  return m.record_announce({ command: entry.command, status: statusWord(entry.status) });
}

/** When a command started, as the time of day in the user's language ("2:07:45 PM" /
 * "14:07:45"), plus the full date for a tooltip and the exact instant for `<time datetime>`. */
export function startedText(
  startedMs: number,
  lang: Locale = locale.current,
): { time: string; full: string; iso: string } {
  const full = dateText(startedMs, lang);
  const time = timeOfDay(startedMs, lang);
  return { time, full: full.text, iso: full.iso };
}
