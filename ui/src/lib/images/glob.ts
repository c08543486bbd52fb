// Go's path.Match, which docker's `reference=` filter uses: the twin of
// crates/imagen-core/src/images/glob.rs, for the filter's TypeScript port (filter.ts).
// Ported step by step from Go's src/path/match.go (including when a malformed pattern is
// reported), with indices into the arrays instead of re-slicing, so nothing is allocated.

/** Text indexed by code point: the string itself when it has no surrogate pair (each UTF-16
 * unit is then a code point, and `[i]`, `length` and `indexOf` mean the same as on an array of
 * code points), else its array of code points. */
export type Chars = string | readonly string[];

const SURROGATE = /[\uD800-\uDFFF]/;

export function chars(text: string): Chars {
  return SURROGATE.test(text) ? Array.from(text) : text;
}

export const BAD = "bad pattern" as const;
const NO_MATCH = -1;

/** Go's `path.Match`, which docker's reference filter uses. */
export function globMatch(pattern: Chars, name: Chars): boolean | typeof BAD {
  let p = 0;
  let n = 0;
  chunks: while (p < pattern.length) {
    // scanChunk: leading stars, then the chunk up to the next star outside a class.
    let star = false;
    while (pattern[p] === "*") {
      p++;
      star = true;
    }
    const chunkStart = p;
    p = chunkEnd(pattern, p);
    if (star && chunkStart === p) {
      // A trailing * matches the rest unless it has a /.
      return name.indexOf("/", n) < 0;
    }
    const t = matchChunk(pattern, chunkStart, p, name, n);
    if (t === BAD) return BAD;
    if (t !== NO_MATCH && (t === name.length || p < pattern.length)) {
      n = t;
      continue;
    }
    if (star) {
      // Try the chunk after skipping 1, 2, … characters, never a /.
      for (let i = n; i < name.length && name[i] !== "/"; i++) {
        const t = matchChunk(pattern, chunkStart, p, name, i + 1);
        if (t === BAD) return BAD;
        if (t !== NO_MATCH && !(p === pattern.length && t < name.length)) {
          n = t;
          continue chunks;
        }
      }
    }
    // No match: still report a malformed rest of the pattern, as Go does.
    while (p < pattern.length) {
      while (pattern[p] === "*") p++;
      const start = p;
      p = chunkEnd(pattern, p);
      if (matchChunk(pattern, start, p, [], 0) === BAD) return BAD;
    }
    return false;
  }
  return n === name.length;
}

/** Where the star-free chunk starting at `i` ends (Go's scanChunk). */
function chunkEnd(pattern: Chars, i: number): number {
  let inRange = false;
  for (; i < pattern.length; i++) {
    switch (pattern[i]) {
      case "\\":
        if (i + 1 < pattern.length) i++;
        break;
      case "[":
        inRange = true;
        break;
      case "]":
        inRange = false;
        break;
      case "*":
        if (!inRange) return i;
        break;
    }
  }
  return i;
}

/** Matches pattern[c..end) against the start of s[at..]: the index after the match,
 * NO_MATCH, or BAD for a malformed chunk (checked even after a mismatch, as in Go). */
function matchChunk(
  pattern: Chars,
  c: number,
  end: number,
  s: Chars,
  at: number,
): number | typeof BAD {
  let failed = false;
  while (c < end) {
    if (!failed && at >= s.length) failed = true;
    const ch = pattern[c];
    if (ch === "[") {
      // Made here, not per call: most chunks have no class.
      const getEsc = (): string | typeof BAD => {
        if (c >= end || pattern[c] === "-" || pattern[c] === "]") return BAD;
        if (pattern[c] === "\\") {
          c++;
          if (c >= end) return BAD;
        }
        const r = pattern[c++];
        if (c >= end) return BAD;
        return r;
      };
      let r = 0;
      if (!failed) r = codePoint(s[at++]);
      c++;
      let negated = false;
      if (c < end && pattern[c] === "^") {
        negated = true;
        c++;
      }
      let matched = false;
      let ranges = 0;
      for (;;) {
        if (c < end && pattern[c] === "]" && ranges > 0) {
          c++;
          break;
        }
        const lo = getEsc();
        if (lo === BAD) return BAD;
        let hi = lo;
        if (pattern[c] === "-") {
          c++;
          const h = getEsc();
          if (h === BAD) return BAD;
          hi = h;
        }
        if (codePoint(lo) <= r && r <= codePoint(hi)) matched = true;
        ranges++;
      }
      if (matched === negated) failed = true;
    } else if (ch === "?") {
      if (!failed) {
        if (s[at] === "/") failed = true;
        at++;
      }
      c++;
    } else {
      let literal = ch;
      if (ch === "\\") {
        c++;
        if (c >= end) return BAD;
        literal = pattern[c];
      }
      if (!failed) {
        if (literal !== s[at]) failed = true;
        at++;
      }
      c++;
    }
  }
  return failed ? NO_MATCH : at;
}

const codePoint = (ch: string): number => ch.codePointAt(0) ?? 0;
