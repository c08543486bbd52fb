// POSIX shell quoting, the backend's rule (crates/imagen-core/src/record.rs, shell_word): a
// word of ASCII letters, digits and @%+=:,./-_ stays bare; anything else is single-quoted.
const PLAIN = /^[A-Za-z0-9@%+=:,./_-]+$/;

export function shellWord(word: string): string {
  return PLAIN.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

export function shellLine(args: readonly string[]): string {
  return args.map(shellWord).join(" ");
}
