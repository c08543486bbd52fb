// Shell quoting for the commands Imagen shows: the same rule as the backend's
// `shell_word` / `shell_line` (crates/imagen-core/src/record.rs), so a command shown before a
// click reads exactly as the Terminal record writes it after.
import { detectOs } from "../app/platform";

/** The bytes a word may hold and stay bare: nothing a POSIX shell splits on or expands, no
 * comma, which PowerShell (where Windows users paste) reads as an array separator, no `%`
 * (cmd.exe's `%VAR%`), and no leading `@` (PowerShell's splatting). */
const PLAIN = /^(?!@)[A-Za-z0-9@+=:./_-]+$/;

/** What a POSIX shell or PowerShell expands, or ends a string on, inside double quotes: `$`
 * and `` ` `` (both), `\` and `!` (POSIX), and the typographic quotes PowerShell reads as
 * `"`. Not `%`: cmd.exe keeps single quotes in the word (`'kit 100%.tar'` is a name with
 * quotes in it, cut at the space) and expands `%VAR%` inside either kind, so double quotes
 * are the most it can be given. */
const DOUBLE_QUOTE_UNSAFE = /["$`\\!\u201c\u201d\u201e]/;

/** Where the backend writes a `'` inside single quotes PowerShell's way, and where a copied
 * script is PowerShell's rather than a POSIX shell's: on Windows. */
export const POWERSHELL = detectOs() === "windows";

/** One shell word, quoted only when needed, for the shells a workshop pastes into (a POSIX
 * shell, PowerShell, cmd.exe): ASCII letters, digits and the marks @ + = : . / - _ stay
 * bare (no leading @); else double quotes, which all three read the same
 * (`"Ana's kit.tar"`, `"kit 100%.tar"`), when the word holds nothing a POSIX shell or
 * PowerShell expands there; else single quotes, which neither expands, a `'` in them written
 * `'\''` for a POSIX shell and `''` for PowerShell on Windows (no one form reads the same in
 * both). */
export function shellWord(word: string, powershell = POWERSHELL): string {
  if (PLAIN.test(word)) return word;
  if (!DOUBLE_QUOTE_UNSAFE.test(word)) return `"${word}"`;
  // PowerShell also ends a single-quoted string on ‘ ’ ‚ ‛: each is doubled there too.
  return powershell
    ? `'${word.replace(/['\u2018-\u201b]/g, "$&$&")}'`
    : `'${word.replaceAll("'", "'\\''")}'`;
}

/** `args` as one shell line, each word quoted by `shellWord`. */
export function shellLine(args: readonly string[]): string {
  return args.map((word) => shellWord(word)).join(" ");
}
