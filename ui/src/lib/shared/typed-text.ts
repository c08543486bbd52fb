// What the backend's door (crates/imagen-core/src/input.rs, `bounded`) refuses in typed text,
// found before the text is sent, so a name field can say it in the user's language and offer
// to fix it. A name copied from a slide, a PDF or a chat often carries an invisible character
// (a zero-width space, a soft hyphen) that the field does not show. Pure.
import { m } from "../i18n/messages";

/** The backend's `MAX_INPUT_LEN`: the longest text any field accepts, in UTF-8 bytes. */
export const MAX_INPUT_BYTES = 512;

/** input.rs's `is_invisible`: format and separator characters that change how text looks
 * without being seen. */
const INVISIBLE =
  /[\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/u;
/** Rust's `char::is_control`: the Unicode category Cc. */
const CONTROL = /\p{Cc}/u;
const HIDDEN = new RegExp(`${INVISIBLE.source}|${CONTROL.source}`, "gu");

export type TypedTextProblem =
  | { kind: "invisible"; code: string }
  | { kind: "control"; code: string }
  | { kind: "tooLong"; bytes: number };

/** `U+200B` for a zero-width space. */
function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Why the backend would refuse `text` at the door, or null when it would not. */
export function typedTextProblem(text: string): TypedTextProblem | null {
  const control = CONTROL.exec(text);
  if (control) return { kind: "control", code: codePoint(control[0]) };
  const invisible = INVISIBLE.exec(text);
  if (invisible) return { kind: "invisible", code: codePoint(invisible[0]) };
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_INPUT_BYTES) return { kind: "tooLong", bytes };
  return null;
}

/** `text` without its invisible and control characters: what the user meant to type. */
export function withoutHidden(text: string): string {
  return text.replace(HIDDEN, "");
}

/** The problem in the user's language. */
export function describeTypedText(problem: TypedTextProblem): string {
  switch (problem.kind) {
    case "invisible":
      return m.shared_typed_invisible({ code: problem.code });
    case "control":
      return m.shared_typed_control({ code: problem.code });
    case "tooLong":
      return m.shared_typed_too_long({ bytes: problem.bytes, max: MAX_INPUT_BYTES });
  }
}
