// The Terminal record as a POSIX shell script (pure: the words come in as parameters, so the
// comments read in the user's language while the commands stay docker's own, untranslated).
// On Windows the commands are quoted for PowerShell (commands/shell.ts), so the script is
// PowerShell's: the same lines without the `#!/bin/sh` line, which would name the wrong shell
// (every other line reads the same in both: `#` starts a comment in each), and a comment
// saying it is PowerShell's.
//
//   #!/bin/sh
//   # Recorded by Imagen on Dec 2, 2026, 2:07 PM.
//   (
//   docker pull nginx:latest
//   # docker rmi nginx   # refused: the image is used by container web (…)
//   # Imagen switched to engine colima; the same in a terminal:
//   docker context use colima || exit 1
//   )
//
// Only Done commands run when the script runs; every other one is kept, commented out, with
// why it did not go through, so the script replays exactly what reached the engine. An engine
// switch in Imagen is kept as the command that moves the terminal to the same engine, after a
// comment saying so: the commands after it then run where Imagen ran them, or not at all when
// the switch fails in the terminal (which ends the block the commands are in: a subshell, or
// PowerShell's `& { … }`; a script without such a switch has no block).
import { POWERSHELL } from "../commands/shell";
import type { ImagenError, RecordEntry } from "../ipc/api";

/** The engine an engine-switch entry names (`RecordEntry.engine`). */
export type SwitchedEngine = NonNullable<RecordEntry["engine"]>;

/** The script's own words, in the user's language (see `scriptWords` in words.ts). */
export interface ScriptWords {
  /** The comment that heads the script, without the `# `: "Recorded by Imagen on …". */
  header: string;
  /** On Windows, the comment after it saying the script is PowerShell's (its `$env:` lines
   * fail in Git Bash and cmd, and the rest would then run on the terminal's own engine). */
  powershell: string;
  /** When the record is full and its oldest commands were dropped, the comment after the
   * header saying so ("Only the last 2,000 commands are kept…"); null while none was. */
  trimmed: string | null;
  /** After a refused command: "refused: {reason}". */
  refused: (error: ImagenError) => string;
  /** After a cancelled command: "cancelled". */
  cancelled: string;
  /** After a command not run because the engine changed: "not run: the engine changed". */
  changed: string;
  /** After a command still running when the script was copied: "still running". */
  running: string;
  /** Before an engine switch's command, without the `# `: "Imagen switched to engine colima;
   * the same in a terminal:". */
  switched: (engine: SwitchedEngine) => string;
}

/** What separates a commented command from the reason after it. */
const REASON_GAP = "   # ";

/** One line of comment text: a sentence never spills onto a line the shell would run. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

/** `text` commented out line by line (a quoted argument may hold a newline). */
function commented(text: string): string {
  return text
    .split("\n")
    .map((line) => `# ${line}`)
    .join("\n");
}

/** Why an entry did not simply run, or null for a Done one. */
function reasonOf(entry: RecordEntry, words: ScriptWords): string | null {
  switch (entry.status.status) {
    case "Done":
      return null;
    case "Refused":
      return words.refused(entry.status.error);
    case "Cancelled":
      return words.cancelled;
    case "Changed":
      return words.changed;
    case "Running":
      return words.running;
  }
}

/** Whether `entry` is an engine switch that ran by `docker context use`, which can fail (a
 * context this terminal does not have, a docker config it cannot read). An `export
 * DOCKER_HOST=…` cannot. */
function switchesByContext(entry: RecordEntry): boolean {
  return (
    entry.engine != null &&
    entry.status.status === "Done" &&
    /docker context use \S+$/.test(entry.command)
  );
}

/** After such a switch, what stops the script when it failed: the commands after it would
 * otherwise run on the terminal's own engine, a `docker rmi` deleting there what Imagen
 * deleted elsewhere. It ends the block the script's commands are in (`recordScript`), not
 * the shell: a script pasted into a terminal must not close it, and take the error with it. */
function stopUnlessSwitched(command: string, powershell: boolean): string {
  return powershell ? `${command}; if ($LASTEXITCODE -ne 0) { return }` : `${command} || exit 1`;
}

/** One entry as script text: the command as it is, or commented with its reason; an engine
 * switch after a comment saying so, and ending the script when it fails. */
export function scriptLine(entry: RecordEntry, words: ScriptWords, powershell = false): string {
  const reason = reasonOf(entry, words);
  const command = switchesByContext(entry)
    ? stopUnlessSwitched(entry.command, powershell)
    : entry.command;
  const line =
    reason === null ? command : `${commented(entry.command)}${REASON_GAP}${oneLine(reason)}`;
  return entry.engine ? `# ${oneLine(words.switched(entry.engine))}\n${line}` : line;
}

/** The whole record (oldest first) as a script, ending with a newline: a POSIX shell's, or
 * PowerShell's on Windows, where the commands were quoted for it. */
export function recordScript(
  entries: readonly RecordEntry[],
  words: ScriptWords,
  powershell = POWERSHELL,
): string {
  const lines = powershell ? [] : ["#!/bin/sh"];
  lines.push(`# ${oneLine(words.header)}`);
  if (powershell) lines.push(`# ${oneLine(words.powershell)}`);
  if (words.trimmed !== null) lines.push(`# ${oneLine(words.trimmed)}`);
  // With a switch that can fail, the commands go in a block its guard ends: a subshell, or a
  // PowerShell script block (whose `return` ends it, where `exit` would close the window).
  const block = entries.some(switchesByContext);
  if (block) lines.push(powershell ? "& {" : "(");
  for (const entry of entries) lines.push(scriptLine(entry, words, powershell));
  if (block) lines.push(powershell ? "}" : ")");
  return `${lines.join("\n")}\n`;
}
