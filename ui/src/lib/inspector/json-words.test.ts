import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/locale.svelte";
import { JsonParseError, parseJson } from "./json";
import { jsonErrorText } from "./json-words";

function errorOf(text: string): JsonParseError {
  try {
    parseJson(text);
  } catch (e) {
    if (e instanceof JsonParseError) return e;
    throw e;
  }
  throw new Error(`parsed: ${text}`);
}

const CASES = [
  '{"a" 1}',
  "[1, 2",
  '"abc',
  '"\\uZZZZ"',
  '"\\x"',
  '"a\u0001"',
  "-",
  "1.",
  "1e+",
  "tru",
  "{1: 2}",
  "{",
  "[] x",
  "[1 2]",
  '{"a": 1 "b"}',
];

describe("jsonErrorText", () => {
  afterEach(() => setLocale("en"));

  it("words every problem in English exactly as the parser's message", () => {
    for (const text of CASES) {
      const error = errorOf(text);
      expect(jsonErrorText(error), text).toBe(error.message);
    }
  });

  it("words them in Spanish, with JSON's own characters unchanged", () => {
    setLocale("es");
    expect(jsonErrorText(errorOf('{"a" 1}'))).toBe(
      'Se encontró "1" donde se esperaba ":" en la línea 1, columna 6 (posición 5)',
    );
    expect(jsonErrorText(errorOf("[1 2]"))).toBe(
      'Se encontró "2" donde se esperaba "," o "]" en la línea 1, columna 4 (posición 3)',
    );
    expect(jsonErrorText(errorOf('"\\uZZZZ"'))).toMatch(/^Secuencia de escape \\u no válida/);
    expect(jsonErrorText(errorOf("[1, 2"))).toMatch(
      /^El JSON se acaba antes de tiempo; se esperaba "," o "\]"/,
    );
    for (const text of CASES) expect(jsonErrorText(errorOf(text))).not.toMatch(/expected|line/);
  });

  it("passes other errors through", () => {
    expect(jsonErrorText(new Error("boom"))).toBe("Error: boom");
  });
});
