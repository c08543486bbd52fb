// Quick chips are shortcuts for filter terms in the same query text the user types, so
// what a chip does is always visible (and editable) in the search field.
// A chip's label is a message, called from markup so it follows the language; its terms are
// docker's (and Imagen's) filter syntax, the same in every language.
//
// A chip finds its term with the filter's own tokenizer and cuts or appends it by position:
// the rest of the text stays as typed (quoted values keep their spaces).
import { m } from "../i18n/messages";
import { isSpace, parseQuery, tokenize, type Token } from "./filter";

export const CHIPS = [
  { label: m.images_chip_in_use, term: "in-use=true", excludes: "in-use=false" },
  { label: m.images_chip_unused, term: "in-use=false", excludes: "in-use=true" },
  { label: m.images_chip_dangling, term: "dangling=true", excludes: "dangling=false" },
] as const;

/** What a single term asks, written as a chip's term (`dangling=1` → `dangling=true`); null
 * for anything but a dangling= or in-use= term. */
function meaning(raw: string): string | null {
  const parsed = parseQuery(raw);
  if (!parsed.ok) return null;
  const { dangling, inUse } = parsed.query;
  if (dangling !== null) return `dangling=${dangling}`;
  if (inUse !== null) return `in-use=${inUse}`;
  return null;
}

/** The finished tokens of `query` that are `term` (lowercase, as the chips write it): a term
 * the filter reads the same (`in-use=1`, `dangling="true"`), and when `loose`, also one
 * spelled so in another case that the filter refuses (`dangling=TRUE`). Quoted tokens are
 * free text; a token whose quote never closes is still being typed. */
function occurrences(query: string, term: string, loose = false): Token[] {
  const { tokens, unclosed } = tokenize(query);
  const finished = unclosed ? tokens.slice(0, -1) : tokens;
  return finished.filter((token) => {
    if (token.quoted) return false;
    const raw = query.slice(token.start, token.end);
    return meaning(raw) === term || (loose && raw.toLowerCase() === term);
  });
}

export function hasTerm(query: string, term: string): boolean {
  return occurrences(query, term).length > 0;
}

/** `query` without `tokens` (in order), each with the whitespace that separated it from the
 * term before it (from the one after it, for the first term). */
function cut(query: string, tokens: readonly Token[]): string {
  let text = query;
  for (let k = tokens.length - 1; k >= 0; k--) {
    const { start, end } = tokens[k]!;
    let before = start;
    while (before > 0 && isSpace(text[before - 1]!)) before--;
    if (before > 0) {
      text = text.slice(0, before) + text.slice(end);
    } else {
      let after = end;
      while (after < text.length && isSpace(text[after]!)) after++;
      text = text.slice(0, start) + text.slice(after);
    }
  }
  return text;
}

/** `query` with `term` after its last finished term: at the end, or before a quoted value
 * still being typed (so the term does not land inside its quotes). */
function append(query: string, term: string): string {
  const { tokens, unclosed } = tokenize(query);
  if (unclosed) {
    // A token starts the text or follows whitespace.
    const at = tokens[tokens.length - 1]!.start;
    return `${query.slice(0, at)}${term} ${query.slice(at)}`;
  }
  const last = query.at(-1);
  return last === undefined || isSpace(last) ? query + term : `${query} ${term}`;
}

/** Adds `term` (dropping its opposite) or removes it if present. Either way a spelling of it
 * the filter refuses (`dangling=TRUE`) goes too: the chip, which never looked pressed for
 * it, puts right what it stands for. */
export function toggleTerm(query: string, term: string, excludes: string): string {
  const present = occurrences(query, term);
  const refused = (t: string) => {
    const read = new Set(occurrences(query, t).map((token) => token.start));
    return occurrences(query, t, true).filter((token) => !read.has(token.start));
  };
  if (present.length > 0) return cut(query, [...present, ...refused(term)].sort(byStart));
  const dropped = [...occurrences(query, excludes, true), ...refused(term)].sort(byStart);
  return append(cut(query, dropped), term);
}

function byStart(a: Token, b: Token): number {
  return a.start - b.start;
}
