// POSIX shell quoting for the commands Imagen shows: the same rule as the backend's
// `shell_word` / `shell_line` (crates/imagen-core/src/record.rs), so a command shown before a
// click reads exactly as the Terminal record writes it after.

/** The bytes a word may hold and stay bare: nothing a POSIX shell splits on or expands, and
 * no comma, which PowerShell (where Windows users paste) reads as an array separator. */
const PLAIN = /^[A-Za-z0-9@%+=:./_-]+$/;

/** One shell word, quoted only when needed: ASCII letters, digits and the marks @ % + = : . / - _ stay bare;
 * anything else (the empty word included) is single-quoted, a `'` written `'\''`. */
export function shellWord(word: string): string {
  return PLAIN.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** `args` as one POSIX shell line, each word quoted by `shellWord`. */
export function shellLine(args: readonly string[]): string {
  return args.map(shellWord).join(" ");
}
