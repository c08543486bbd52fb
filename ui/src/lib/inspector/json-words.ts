// Why a text is not JSON, in the reader's language (the parser reports it as data, in
// json.ts). JSON's own characters (`"}"`, `"true"`) stay as they are.
import { m } from "../i18n/messages";
import { formatNumber } from "../i18n/format";
import { JsonParseError, type JsonExpected, type JsonProblem } from "./json";

function expectedText(e: JsonExpected): string {
  switch (e.kind) {
    case "digit":
      return m.inspector_json_expected_digit();
    case "fraction-digit":
      return m.inspector_json_expected_fraction_digit();
    case "exponent-digit":
      return m.inspector_json_expected_exponent_digit();
    case "literal":
      return `"${e.word}"`;
    case "key":
      return m.inspector_json_expected_key();
    case "colon":
      return '":"';
    case "value":
      return m.inspector_json_expected_value();
    case "end":
      return m.inspector_json_expected_end();
    case "comma-or-close":
      return m.inspector_json_expected_either({ first: '","', second: `"${e.close}"` });
  }
}

function problemText(p: JsonProblem): string {
  switch (p.kind) {
    case "unexpected-end":
      return m.inspector_json_error_unexpected_end({ expected: expectedText(p.expected) });
    case "unexpected":
      return m.inspector_json_error_unexpected({
        found: p.found,
        expected: expectedText(p.expected),
      });
    case "unterminated-string":
      return m.inspector_json_error_unterminated_string();
    case "invalid-unicode-escape":
      return m.inspector_json_error_invalid_escape_sequence({ escape: "\\u" });
    case "invalid-escape":
      return m.inspector_json_error_invalid_escape();
    case "control-character":
      return m.inspector_json_error_control_character();
  }
}

/** "Unexpected "}", expected a value at line 2, column 10 (position 21)", in the current language. */
export function jsonErrorText(error: unknown): string {
  if (!(error instanceof JsonParseError)) return String(error);
  return m.inspector_json_error_at({
    problem: problemText(error.problem),
    line: formatNumber(error.line),
    column: formatNumber(error.column),
    position: formatNumber(error.position),
  });
}
