// An order-preserving JSON parser for the inspector. `JSON.parse` moves integer-like keys
// ("80", "443") to the front of an object and rounds numbers to doubles; the JSON tab must
// show exactly what the engine sent, so this keeps keys in source order (duplicates too),
// keeps each number's source text, and reports errors with a line and column.
//
// The parser is iterative (an explicit stack, no recursion), so deeply nested documents do not
// overflow the call stack, and it reads char codes directly: no regex per character.

export type JsonNode = JsonObject | JsonArray | JsonString | JsonNumber | JsonBoolean | JsonNull;

export interface JsonObject {
  kind: "object";
  /** Entries in source order; a duplicated key appears as many times as it was given. */
  entries: [string, JsonNode][];
}
export interface JsonArray {
  kind: "array";
  items: JsonNode[];
}
export interface JsonString {
  kind: "string";
  value: string;
}
export interface JsonNumber {
  kind: "number";
  /** The number exactly as written (`1e400`, `12345678901234567890`, `-0.10`). */
  text: string;
}
export interface JsonBoolean {
  kind: "boolean";
  value: boolean;
}
export interface JsonNull {
  kind: "null";
}

export type JsonContainer = JsonObject | JsonArray;

/** What the parser wanted where it stopped. */
export type JsonExpected =
  | { kind: "digit" }
  | { kind: "fraction-digit" }
  | { kind: "exponent-digit" }
  /** `true`, `false` or `null`. */
  | { kind: "literal"; word: string }
  | { kind: "key" }
  | { kind: "colon" }
  | { kind: "value" }
  | { kind: "end" }
  | { kind: "comma-or-close"; close: "}" | "]" };

/** Why a text is not JSON, as data: the UI words it in the reader's language. */
export type JsonProblem =
  | { kind: "unexpected-end"; expected: JsonExpected }
  /** `found` is the character as JSON writes it in a string (`"}"`). */
  | { kind: "unexpected"; found: string; expected: JsonExpected }
  | { kind: "unterminated-string" }
  | { kind: "invalid-unicode-escape" }
  | { kind: "invalid-escape" }
  | { kind: "control-character" };

function expectedInEnglish(e: JsonExpected): string {
  switch (e.kind) {
    case "digit":
      return "a digit";
    case "fraction-digit":
      return "a digit after the decimal point";
    case "exponent-digit":
      return "a digit in the exponent";
    case "literal":
      return `"${e.word}"`;
    case "key":
      return "a string key";
    case "colon":
      return '":"';
    case "value":
      return "a value";
    case "end":
      return "the end of the document";
    case "comma-or-close":
      return `"," or "${e.close}"`;
  }
}

/** The problem in English, for the error's `message` (logs, tests). */
function problemInEnglish(p: JsonProblem): string {
  switch (p.kind) {
    case "unexpected-end":
      return `Unexpected end of JSON, expected ${expectedInEnglish(p.expected)}`;
    case "unexpected":
      return `Unexpected ${p.found}, expected ${expectedInEnglish(p.expected)}`;
    case "unterminated-string":
      return "Unterminated string";
    case "invalid-unicode-escape":
      return "Invalid \\u escape in string";
    case "invalid-escape":
      return "Invalid escape in string";
    case "control-character":
      return "Unescaped control character in string";
  }
}

export class JsonParseError extends Error {
  /** What is wrong, as data (see lib/inspector/json-words.ts for it in words). */
  readonly problem: JsonProblem;
  /** 0-based offset into the text. */
  readonly position: number;
  /** 1-based line and column (columns count UTF-16 code units, like editors mostly do). */
  readonly line: number;
  readonly column: number;

  constructor(problem: JsonProblem, text: string, position: number) {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < position && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    const column = position - lineStart + 1;
    super(`${problemInEnglish(problem)} at line ${line}, column ${column} (position ${position})`);
    this.name = "JsonParseError";
    this.problem = problem;
    this.position = position;
    this.line = line;
    this.column = column;
  }
}

// Scalars without a payload are shared: a large document has many of them.
const TRUE: JsonBoolean = Object.freeze({ kind: "boolean", value: true }) as JsonBoolean;
const FALSE: JsonBoolean = Object.freeze({ kind: "boolean", value: false }) as JsonBoolean;
const NULL: JsonNull = Object.freeze({ kind: "null" }) as JsonNull;

interface Frame {
  container: JsonContainer;
  /** For objects: the key whose value is being parsed. */
  key: string;
}

/** Parses JSON text into a node model that keeps key order and number text. */
export function parseJson(text: string): JsonNode {
  const n = text.length;
  let i = 0;

  const fail = (problem: JsonProblem, at = i): never => {
    throw new JsonParseError(problem, text, at);
  };
  const unexpected = (expected: JsonExpected): never => {
    if (i >= n) return fail({ kind: "unexpected-end", expected });
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    return fail({ kind: "unexpected", found: JSON.stringify(ch), expected });
  };
  const skipWs = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };

  const hex = (c: number): number => {
    if (c >= 48 && c <= 57) return c - 48;
    if (c >= 97 && c <= 102) return c - 87;
    if (c >= 65 && c <= 70) return c - 55;
    return -1;
  };

  // At the opening quote; returns the decoded string and leaves `i` after the closing quote.
  const parseString = (): string => {
    const open = i;
    let start = ++i;
    let parts: string[] | null = null;
    for (;;) {
      if (i >= n) return fail({ kind: "unterminated-string" }, open);
      const c = text.charCodeAt(i);
      if (c === 34) {
        const tail = text.slice(start, i);
        i++;
        if (parts === null) return tail;
        parts.push(tail);
        return parts.join("");
      }
      if (c === 92) {
        (parts ??= []).push(text.slice(start, i));
        const e = text.charCodeAt(i + 1);
        switch (e) {
          case 34:
            parts.push('"');
            break;
          case 92:
            parts.push("\\");
            break;
          case 47:
            parts.push("/");
            break;
          case 98:
            parts.push("\b");
            break;
          case 102:
            parts.push("\f");
            break;
          case 110:
            parts.push("\n");
            break;
          case 114:
            parts.push("\r");
            break;
          case 116:
            parts.push("\t");
            break;
          case 117: {
            let code = 0;
            for (let k = 2; k < 6; k++) {
              const h = hex(text.charCodeAt(i + k));
              if (h < 0) return fail({ kind: "invalid-unicode-escape" }, i);
              code = code * 16 + h;
            }
            parts.push(String.fromCharCode(code));
            i += 4;
            break;
          }
          default:
            return fail(
              i + 1 >= n ? { kind: "unterminated-string" } : { kind: "invalid-escape" },
              i + 1 >= n ? open : i,
            );
        }
        i += 2;
        start = i;
        continue;
      }
      if (c < 0x20) return fail({ kind: "control-character" });
      i++;
    }
  };

  const isDigit = (c: number) => c >= 48 && c <= 57;

  // At '-' or a digit; validates the JSON number grammar and keeps the text.
  const parseNumber = (): JsonNumber => {
    const start = i;
    if (text.charCodeAt(i) === 45) i++;
    const first = text.charCodeAt(i);
    if (first === 48) i++;
    else if (first >= 49 && first <= 57) while (isDigit(text.charCodeAt(i))) i++;
    else return unexpected({ kind: "digit" });
    if (text.charCodeAt(i) === 46) {
      i++;
      if (!isDigit(text.charCodeAt(i))) return unexpected({ kind: "fraction-digit" });
      while (isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 43 || sign === 45) i++;
      if (!isDigit(text.charCodeAt(i))) return unexpected({ kind: "exponent-digit" });
      while (isDigit(text.charCodeAt(i))) i++;
    }
    return { kind: "number", text: text.slice(start, i) };
  };

  const literal = (word: string, node: JsonNode): JsonNode => {
    if (!text.startsWith(word, i)) {
      // Point at the first character that differs.
      let k = 0;
      while (k < word.length && text.charCodeAt(i + k) === word.charCodeAt(k)) k++;
      i += k;
      return unexpected({ kind: "literal", word });
    }
    i += word.length;
    return node;
  };

  // After '{' or ',' in an object: reads `"key" :` and returns the key.
  const parseKey = (): string => {
    skipWs();
    if (text.charCodeAt(i) !== 34) return unexpected({ kind: "key" });
    const key = parseString();
    skipWs();
    if (text.charCodeAt(i) !== 58) return unexpected({ kind: "colon" });
    i++;
    return key;
  };

  const stack: Frame[] = [];
  if (text.charCodeAt(0) === 0xfeff) i = 1; // a byte-order mark is not part of the document

  for (;;) {
    // Parse one value; containers that are not empty push a frame and parse their first child.
    skipWs();
    let value: JsonNode;
    const c = text.charCodeAt(i);
    if (c === 123) {
      i++;
      const obj: JsonObject = { kind: "object", entries: [] };
      skipWs();
      if (text.charCodeAt(i) === 125) {
        i++;
        value = obj;
      } else {
        stack.push({ container: obj, key: parseKey() });
        continue;
      }
    } else if (c === 91) {
      i++;
      const arr: JsonArray = { kind: "array", items: [] };
      skipWs();
      if (text.charCodeAt(i) === 93) {
        i++;
        value = arr;
      } else {
        stack.push({ container: arr, key: "" });
        continue;
      }
    } else if (c === 34) {
      value = { kind: "string", value: parseString() };
    } else if (c === 45 || isDigit(c)) {
      value = parseNumber();
    } else if (c === 116) {
      value = literal("true", TRUE);
    } else if (c === 102) {
      value = literal("false", FALSE);
    } else if (c === 110) {
      value = literal("null", NULL);
    } else {
      return unexpected({ kind: "value" });
    }

    // Hand the value to its container; close containers as long as they end here.
    for (;;) {
      const frame = stack[stack.length - 1];
      if (frame === undefined) {
        skipWs();
        if (i < n) return unexpected({ kind: "end" });
        return value;
      }
      const container = frame.container;
      if (container.kind === "object") container.entries.push([frame.key, value]);
      else container.items.push(value);
      skipWs();
      const d = text.charCodeAt(i);
      if (d === 44) {
        i++;
        if (container.kind === "object") frame.key = parseKey();
        break; // parse the next value
      }
      if (container.kind === "object" ? d === 125 : d === 93) {
        i++;
        stack.pop();
        value = container;
        continue;
      }
      return unexpected({ kind: "comma-or-close", close: container.kind === "object" ? "}" : "]" });
    }
  }
}

/** True for objects and arrays. */
export function isContainer(node: JsonNode): node is JsonContainer {
  return node.kind === "object" || node.kind === "array";
}

/** The number of children of an object or array, 0 for scalars. */
export function childCount(node: JsonNode): number {
  return node.kind === "object"
    ? node.entries.length
    : node.kind === "array"
      ? node.items.length
      : 0;
}

/** The longest text `stringifyJson` makes, in UTF-16 units (64 Mi, 128 MB): far beyond any
 * image's document, which a value nested thousands deep reaches once indented (each line
 * holds its depth in spaces). Past it, it throws rather than filling the memory. */
export const MAX_JSON_TEXT = 2 ** 26;

/** A container `stringifyJson` is writing, and the next child it writes. */
interface WriteFrame {
  node: JsonContainer;
  depth: number;
  next: number;
}

/**
 * JSON text for a node: key order, duplicate keys and number text as parsed. `indent` spaces
 * per level (0 for compact). Strings are re-escaped the way `JSON.stringify` does it.
 * Iterative, as the parser is, so any depth it read can be written; throws a RangeError for
 * text longer than MAX_JSON_TEXT.
 */
export function stringifyJson(node: JsonNode, indent = 2): string {
  const out: string[] = [];
  let length = 0;
  const push = (text: string) => {
    length += text.length;
    if (length > MAX_JSON_TEXT) throw new RangeError("JSON text too long");
    out.push(text);
  };
  const pads: string[] = [];
  const pad = (depth: number) =>
    indent > 0 ? (pads[depth] ??= "\n" + " ".repeat(indent * depth)) : "";
  const colon = indent > 0 ? ": " : ":";
  /** Writes a scalar or an empty container; returns a frame for a container to open. */
  const open = (n: JsonNode, depth: number): WriteFrame | null => {
    if (isContainer(n)) {
      const object = n.kind === "object";
      if (childCount(n) === 0) {
        push(object ? "{}" : "[]");
        return null;
      }
      push(object ? "{" : "[");
      return { node: n, depth, next: 0 };
    }
    push(
      n.kind === "string"
        ? JSON.stringify(n.value)
        : n.kind === "number"
          ? n.text
          : n.kind === "boolean"
            ? String(n.value)
            : "null",
    );
    return null;
  };
  const first = open(node, 0);
  const stack: WriteFrame[] = first ? [first] : [];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const { node: n, depth } = frame;
    const k = frame.next++;
    if (k >= childCount(n)) {
      push(pad(depth));
      push(n.kind === "object" ? "}" : "]");
      stack.pop();
      continue;
    }
    if (k > 0) push(",");
    push(pad(depth + 1));
    let child: JsonNode;
    if (n.kind === "object") {
      const [key, value] = n.entries[k]!;
      push(JSON.stringify(key));
      push(colon);
      child = value;
    } else child = n.items[k]!;
    const inner = open(child, depth + 1);
    if (inner) stack.push(inner);
  }
  return out.join("");
}

/**
 * JSON text re-indented the way Go's `json.Indent` does it: insignificant whitespace dropped,
 * a line per value with `indent` per level, `": "` after keys, and an empty object or array
 * kept as `{}` / `[]`. Only whitespace changes: strings are copied with their escapes as
 * written (`\u0026`, `\/`), numbers as written, keys in order. For text `parseJson` accepted.
 */
export function indentJson(text: string, indent = "    "): string {
  const out: string[] = [];
  const newlines: string[] = [];
  const newline = (depth: number) => (newlines[depth] ??= "\n" + indent.repeat(depth));
  const n = text.length;
  let depth = 0;
  // After `{` or `[`: the line break waits for the first member, so empty ones stay `{}`.
  let open = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      i++;
      continue;
    }
    if (open && c !== 125 && c !== 93) {
      open = false;
      out.push(newline(++depth));
    }
    switch (c) {
      case 123: // {
      case 91: // [
        open = true;
        out.push(text[i]!);
        i++;
        break;
      case 125: // }
      case 93: // ]
        if (open) open = false;
        else out.push(newline(--depth));
        out.push(text[i]!);
        i++;
        break;
      case 44: // ,
        out.push(",", newline(depth));
        i++;
        break;
      case 58: // :
        out.push(": ");
        i++;
        break;
      case 34: {
        // A string, escapes and all, up to its closing quote.
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === 92) j += 2;
          else if (d === 34) break;
          else j++;
        }
        out.push(text.slice(i, j + 1));
        i = j + 1;
        break;
      }
      default: {
        // A number or a literal, up to the next delimiter.
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === 44 || d === 58 || d === 93 || d === 125 || d === 32 || d === 10 || d === 13)
            break;
          if (d === 9 || d === 123 || d === 91 || d === 34) break;
          j++;
        }
        out.push(text.slice(i, j));
        i = j;
      }
    }
  }
  return out.join("");
}

/**
 * The engine's document (`GET /images/{id}/json`, as sent) the way `docker image inspect`
 * prints it: in a one-element array, indented by 4 spaces with Go's `json.Indent`, ending with
 * a newline. For text `parseJson` accepted.
 */
export function inspectOutput(document: string): string {
  const start = document.charCodeAt(0) === 0xfeff ? 1 : 0;
  return indentJson("[" + document.slice(start) + "]") + "\n";
}
