import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { shellLine, shellWord } from "./shell";

/** How a shell splits a line of bare, double-quoted (holding nothing it expands) and
 * single-quoted words: all `shellLine` writes. */
function split(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quoted: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === quoted) quoted = null;
      else word += c;
    } else if (c === "'" || c === '"') {
      quoted = c;
      word ??= "";
    } else if (c === "\\") {
      word = (word ?? "") + line[++i];
    } else if (c === " ") {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? "") + c;
    }
  }
  expect(quoted).toBe(null);
  if (word !== null) words.push(word);
  return words;
}

const AWKWARD = [
  "",
  " ",
  "my kit.tar",
  "it's",
  "Ana's kit.tar",
  "''",
  "a'b'c",
  "reference=*:1.36",
  "label=com.example.note=two words",
  "$HOME",
  "`id`",
  "a\\b",
  'say "hi"',
  "~user",
  "#not-a-comment",
  "x;y|z&w",
  "(a)",
  "[ab]",
  "!",
  "hi!",
  "\u201ckit\u201d",
  "100% sure",
  "@args",
  "ünïcödé",
  "tab\there",
  "new\nline",
];

describe("shellWord", () => {
  it("leaves plain words bare: ASCII letters, digits and @+=:./-_", () => {
    for (const word of [
      "docker",
      "nginx:latest",
      "localhost:5000/team/app:1.0",
      "reg:5000/a/b@sha256:00",
      "label=com.example.tier=gold",
      "-f",
      "--filter",
      "a+b_c",
    ]) {
      expect(shellWord(word)).toBe(word);
    }
  });

  it("quotes a comma, which PowerShell would read as an array separator", () => {
    expect(shellWord("label=env=a,b")).toBe('"label=env=a,b"');
  });

  it("double-quotes the rest, as a POSIX shell, PowerShell and cmd.exe all read it", () => {
    expect(shellWord("")).toBe('""');
    expect(shellWord("my kit.tar")).toBe('"my kit.tar"');
    // PowerShell does not read a POSIX '\'' inside single quotes; "…" has no such problem.
    expect(shellWord("Ana's kit.tar")).toBe(`"Ana's kit.tar"`);
    expect(shellWord("reference=ng*")).toBe('"reference=ng*"');
    expect(shellWord("café")).toBe('"café"');
    expect(shellWord("a\nb")).toBe('"a\nb"');
    // cmd.exe keeps single quotes in the word; double quotes it reads as quotes.
    expect(shellWord("kit 100%.tar")).toBe('"kit 100%.tar"');
  });

  it("single-quotes, for a POSIX shell, what some shell expands inside double quotes", () => {
    expect(shellWord("$HOME's kit")).toBe("'$HOME'\\''s kit'");
    expect(shellWord("`id`")).toBe("'`id`'");
    expect(shellWord("a\\b c")).toBe("'a\\b c'");
    expect(shellWord("hi!")).toBe("'hi!'");
    expect(shellWord('say "hi"')).toBe(`'say "hi"'`);
    expect(shellWord("\u201ckit\u201d")).toBe("'\u201ckit\u201d'");
  });

  it("writes a ' inside single quotes as PowerShell reads it on Windows", () => {
    expect(shellWord("Ana's ¡kit!.tar", true)).toBe("'Ana''s ¡kit!.tar'");
    expect(shellWord("$HOME's kit", true)).toBe("'$HOME''s kit'");
    expect(shellWord("hi!", true)).toBe("'hi!'");
    expect(shellWord("Ana's kit.tar", true)).toBe(`"Ana's kit.tar"`);
    // PowerShell's other single quotes, as the backend writes them (record.rs).
    expect(shellWord("Ana\u2019s kit!.tar", true)).toBe("'Ana\u2019\u2019s kit!.tar'");
    expect(shellWord("Ana\u2019s kit!.tar", false)).toBe("'Ana\u2019s kit!.tar'");
    // Off Windows, every word of a line the POSIX way (not only the first).
    expect(shellLine(["docker", "save", "-o", "$HOME's kit", "web:1"])).toBe(
      "docker save -o '$HOME'\\''s kit' web:1",
    );
  });
});

describe("shellLine", () => {
  it("writes the same lines as crates/imagen-core/src/record.rs's tests", () => {
    expect(shellLine(["docker", "pull", "reg:5000/a/b@sha256:00"])).toBe(
      "docker pull reg:5000/a/b@sha256:00",
    );
    expect(shellLine(["docker", "save", "-o", "my kit.tar", "Ana's"])).toBe(
      `docker save -o "my kit.tar" "Ana's"`,
    );
    expect(shellLine(["docker", "images", "--filter", "reference=ng*"])).toBe(
      'docker images --filter "reference=ng*"',
    );
    expect(shellWord("$HOME's kit")).toBe("'$HOME'\\''s kit'");
    expect(shellWord("a\\b c")).toBe("'a\\b c'");
    expect(shellWord("hi!")).toBe("'hi!'");
    expect(shellWord("\u201ckit\u201d")).toBe("'\u201ckit\u201d'");
    expect(shellWord("")).toBe('""');
    // `%`: double quotes, which cmd.exe reads as quotes (single quotes it keeps in the
    // word); PowerShell splats a leading @.
    expect(shellWord("kit 100%.tar")).toBe('"kit 100%.tar"');
    expect(shellLine(["docker", "save", "-o", "kit 100%.tar", "web:1"])).toBe(
      'docker save -o "kit 100%.tar" web:1',
    );
    expect(shellWord("kit%USERNAME%.tar")).toBe('"kit%USERNAME%.tar"');
    expect(shellWord("@args")).toBe('"@args"');
    expect(shellWord("web@sha256:00")).toBe("web@sha256:00");
  });

  it("splits back into the same words", () => {
    const args = ["docker", "images", ...AWKWARD];
    expect(split(shellLine(args))).toEqual(args);
  });

  it.skipIf(!existsSync("/bin/sh"))("gives a real shell the same words", () => {
    const args = ["docker", ...AWKWARD];
    const out = execFileSync("/bin/sh", ["-c", `printf '%s\\0' ${shellLine(args)}`], {
      encoding: "utf8",
    });
    expect(out.split("\0").slice(0, -1)).toEqual(args);
  });
});
