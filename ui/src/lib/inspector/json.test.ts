import { describe, expect, it } from "vitest";
import {
  JsonParseError,
  indentJson,
  inspectOutput,
  parseJson,
  stringifyJson,
  type JsonNode,
} from "./json";
import { IMAGE_INSPECT, bigDocument } from "../../test/inspector-fixtures";

function keys(node: JsonNode): string[] {
  if (node.kind !== "object") throw new Error(`not an object: ${node.kind}`);
  return node.entries.map(([k]) => k);
}

function errorOf(text: string): JsonParseError {
  try {
    parseJson(text);
  } catch (e) {
    if (e instanceof JsonParseError) return e;
    throw e;
  }
  throw new Error(`parsed: ${text}`);
}

describe("parseJson", () => {
  it("keeps keys in source order, integer-like keys included", () => {
    const text = '{"b": 1, "10": 2, "a": 3, "2": 4, "80/tcp": {}}';
    expect(Object.keys(JSON.parse(text))).toEqual(["2", "10", "b", "a", "80/tcp"]);
    expect(keys(parseJson(text))).toEqual(["b", "10", "a", "2", "80/tcp"]);
  });

  it("keeps duplicate keys as given", () => {
    const node = parseJson('{"a": 1, "b": 2, "a": 3}');
    expect(node).toEqual({
      kind: "object",
      entries: [
        ["a", { kind: "number", text: "1" }],
        ["b", { kind: "number", text: "2" }],
        ["a", { kind: "number", text: "3" }],
      ],
    });
  });

  it("keeps each number's source text", () => {
    const node = parseJson("[1e400, 12345678901234567890, -0.10, 0, -0, 1.5E-7, 2e+3]");
    expect(node.kind === "array" && node.items.map((n) => n.kind === "number" && n.text)).toEqual([
      "1e400",
      "12345678901234567890",
      "-0.10",
      "0",
      "-0",
      "1.5E-7",
      "2e+3",
    ]);
  });

  it("parses every kind of value", () => {
    expect(parseJson(' {"s": "x", "t": true, "f": false, "n": null, "o": {}, "a": []} ')).toEqual({
      kind: "object",
      entries: [
        ["s", { kind: "string", value: "x" }],
        ["t", { kind: "boolean", value: true }],
        ["f", { kind: "boolean", value: false }],
        ["n", { kind: "null" }],
        ["o", { kind: "object", entries: [] }],
        ["a", { kind: "array", items: [] }],
      ],
    });
    expect(parseJson('"top"')).toEqual({ kind: "string", value: "top" });
    expect(parseJson("42")).toEqual({ kind: "number", text: "42" });
  });

  it("decodes escapes and unicode like JSON.parse", () => {
    const text = String.raw`["a\"b\\c\/d", "\b\f\n\r\t", "\u00e9\u4e2d", "\ud83d\ude00", "é中😀", "\uD834"]`;
    const node = parseJson(text);
    expect(node.kind === "array" && node.items.map((n) => n.kind === "string" && n.value)).toEqual(
      JSON.parse(text),
    );
  });

  it("parses what the engine returns for an image", () => {
    const node = parseJson(IMAGE_INSPECT);
    expect(keys(node)).toEqual(Object.keys(JSON.parse(IMAGE_INSPECT)));
    // Re-serialised, it is the same document.
    expect(JSON.parse(stringifyJson(node))).toEqual(JSON.parse(IMAGE_INSPECT));
  });

  it("parses deeply nested documents without overflowing the stack", () => {
    const depth = 100_000;
    let node = parseJson("[".repeat(depth) + "]".repeat(depth));
    let seen = 1;
    while (node.kind === "array" && node.items.length > 0) {
      node = node.items[0];
      seen++;
    }
    expect(seen).toBe(depth);
  });

  it("reports errors with the line, column and position", () => {
    const e = errorOf('{\n  "a": 1,\n  "b" 2\n}');
    expect(e.line).toBe(3);
    expect(e.column).toBe(7);
    expect(e.position).toBe(18);
    expect(e.message).toBe('Unexpected "2", expected ":" at line 3, column 7 (position 18)');
  });

  it.each([
    ["", "Unexpected end of JSON, expected a value at line 1, column 1"],
    ["{", "Unexpected end of JSON, expected a string key at line 1, column 2"],
    ["[1,]", 'Unexpected "]", expected a value at line 1, column 4'],
    ['{"a":1,}', 'Unexpected "}", expected a string key at line 1, column 8'],
    ["[1 2]", 'Unexpected "2", expected "," or "]" at line 1, column 4'],
    ['{"a":1]', 'Unexpected "]", expected "," or "}" at line 1, column 7'],
    ["{'a':1}", `Unexpected "'", expected a string key at line 1, column 2`],
    ['"abc', "Unterminated string at line 1, column 1"],
    ['"a\\x"', "Invalid escape in string at line 1, column 3"],
    ['"\\u12g4"', "Invalid \\u escape in string at line 1, column 2"],
    ['"a\nb"', "Unescaped control character in string at line 1, column 3"],
    ["01", 'Unexpected "1", expected the end of the document at line 1, column 2'],
    ["-", "Unexpected end of JSON, expected a digit at line 1, column 2"],
    ["1.", "Unexpected end of JSON, expected a digit after the decimal point at line 1, column 3"],
    ["1e", "Unexpected end of JSON, expected a digit in the exponent at line 1, column 3"],
    ["tru", 'Unexpected end of JSON, expected "true" at line 1, column 4'],
    ["nul1", 'Unexpected "1", expected "null" at line 1, column 4'],
    ["{} {}", 'Unexpected "{", expected the end of the document at line 1, column 4'],
    ["NaN", 'Unexpected "N", expected a value at line 1, column 1'],
  ])("rejects %j", (text, message) => {
    expect(errorOf(text).message).toContain(message);
  });

  it("parses a 5 MB document quickly", () => {
    const text = bigDocument(5 * 1024 * 1024);
    const started = performance.now();
    const node = parseJson(text);
    const ours = performance.now() - started;
    const again = performance.now();
    JSON.parse(text);
    const native = performance.now() - again;
    console.log(
      `parseJson: ${(text.length / 1e6).toFixed(1)} MB in ${ours.toFixed(0)} ms (JSON.parse ${native.toFixed(0)} ms)`,
    );
    expect(keys(node)).toEqual(["Id", "Ports", "History", "Size"]);
    const ports = node.kind === "object" ? node.entries[1][1] : null;
    expect(ports && keys(ports).slice(0, 3)).toEqual(["1000", "1001", "1002"]);
  });
});

describe("stringifyJson", () => {
  it("writes keys in order, duplicates and number text as parsed", () => {
    const node = parseJson('{"b":1e400,"10":[],"a":{"x":"q\\""},"a":null}');
    expect(stringifyJson(node, 0)).toBe('{"b":1e400,"10":[],"a":{"x":"q\\""},"a":null}');
    expect(stringifyJson(node)).toBe(
      '{\n  "b": 1e400,\n  "10": [],\n  "a": {\n    "x": "q\\""\n  },\n  "a": null\n}',
    );
  });
});

describe("inspectOutput", () => {
  it("prints the engine's one-line document as docker image inspect does", () => {
    // The engine's answer ends with a newline (Go's json.Encoder); the CLI prints the
    // documents in an array, indented by 4 spaces, and a newline.
    expect(inspectOutput('{"Id":"sha256:1","Size":1}\n')).toBe(
      '[\n    {\n        "Id": "sha256:1",\n        "Size": 1\n    }\n]\n',
    );
  });

  it("changes only whitespace: escapes, numbers, key order and duplicates stay as sent", () => {
    // What docker 28.2's `docker image inspect` printed for this document, byte for byte.
    const sent = String.raw`{"Id":"sha256:a","Big":12345678901234567890,"F":-0.10,"E":1e400,"S":"a \"q\" \\ \/ \u0026\u003c, {x}: [y] \u2028 é 😀","Empty":{},"Arr":[],"Nest":{"a":[1,[],{"b":null,"c":true}],"80/tcp":{}},"10":false,"Dup":1,"Dup":2}`;
    const printed = String.raw`[
    {
        "Id": "sha256:a",
        "Big": 12345678901234567890,
        "F": -0.10,
        "E": 1e400,
        "S": "a \"q\" \\ \/ \u0026\u003c, {x}: [y] \u2028 é 😀",
        "Empty": {},
        "Arr": [],
        "Nest": {
            "a": [
                1,
                [],
                {
                    "b": null,
                    "c": true
                }
            ],
            "80/tcp": {}
        },
        "10": false,
        "Dup": 1,
        "Dup": 2
    }
]
`;
    expect(inspectOutput(sent + "\n")).toBe(printed);
    // Whitespace the engine might add is dropped, as json.Indent drops it.
    const spaced = ' \t{ "a" : [ 1 , { } , [ ] , "x\\"y" ] ,\r\n "b":{"c":{"d":-1.5E+3}} }\r\n';
    expect(inspectOutput(spaced)).toBe(
      '[\n    {\n        "a": [\n            1,\n            {},\n            [],\n            "x\\"y"\n' +
        '        ],\n        "b": {\n            "c": {\n                "d": -1.5E+3\n' +
        "            }\n        }\n    }\n]\n",
    );
    expect(inspectOutput("\ufeff{}")).toBe("[\n    {}\n]\n");
  });

  it("indents a big document in one pass, to the same values", () => {
    const text = bigDocument(512 * 1024);
    const printed = indentJson(text);
    expect(printed.split("\n").length).toBeGreaterThan(1000);
    expect(JSON.parse(printed)).toEqual(JSON.parse(text));
    expect(stringifyJson(parseJson(printed), 0)).toBe(stringifyJson(parseJson(text), 0));
  });
});

describe("stringifyJson: depth and length", () => {
  const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

  it("writes a value nested as deep as the parser reads, without running out of stack", () => {
    const text = '{"a":' + nested(50_000) + "}";
    expect(stringifyJson(parseJson(text), 0)).toBe(text);
  });

  it("indents as before, to any depth", () => {
    expect(stringifyJson(parseJson('{"a":[1,{"b":[]},{}],"c":"d"}'), 2)).toBe(
      '{\n  "a": [\n    1,\n    {\n      "b": []\n    },\n    {}\n  ],\n  "c": "d"\n}',
    );
    expect(stringifyJson(parseJson(nested(3)), 1)).toBe("[\n [\n  []\n ]\n]");
  });

  it("throws a RangeError for text too long to hold, rather than filling the memory", () => {
    // Indented, each of its 40,000 lines holds its depth in spaces: billions of characters.
    const node = parseJson(nested(20_000));
    expect(() => stringifyJson(node, 4)).toThrow(RangeError);
    // Compact, it is short: the limit is on the text, not the depth.
    expect(stringifyJson(node, 0)).toHaveLength(40_000);
  });
});
