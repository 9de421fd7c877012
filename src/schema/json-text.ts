/**
 * A single-pass, non-recursive check of JSON text (RFC 8259) before `JSON.parse` builds anything. It
 * exists because the engine's messages do not always say where the error is (V8 gives a position for some
 * errors and only a snippet for others), and because nesting depth and repeated keys must be refused before
 * anything recurses over the result. It only recognizes; `JSON.parse` still builds the value.
 */

/** Where JSON text goes wrong: a 0-based offset and what is wrong there. */
export interface JsonTextProblem {
  readonly offset: number;
  readonly message: string;
}

type Frame = { readonly kind: "object"; readonly keys: Set<string> } | { readonly kind: "array" };
type State = "value" | "valueOrEnd" | "keyOrEnd" | "key" | "colon" | "commaOrEnd" | "done";

// RFC 8259 §7: control characters must be escaped inside strings, so the pattern has to name them.
// eslint-disable-next-line no-control-regex
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERAL = /true|false|null/y;
const WHITESPACE = /[ \t\n\r]*/y;

/** The first problem of the text, or `undefined` when it is one JSON value nested at most `maxDepth` deep with no key repeated. */
export function jsonTextProblem(text: string, maxDepth: number): JsonTextProblem | undefined {
  const stack: Frame[] = [];
  let state = "value" as State;
  let offset = 0;
  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = offset;
    const found = pattern.exec(text)?.[0];
    if (found !== undefined) offset += found.length;
    return found;
  };
  const afterValue = (): void => {
    state = stack.length === 0 ? "done" : "commaOrEnd";
  };

  for (;;) {
    match(WHITESPACE);
    if (offset >= text.length) break;
    const at = offset;
    const character = text[offset];
    const top = stack[stack.length - 1];
    switch (state) {
      case "done":
        return { offset: at, message: "unexpected text after the JSON value" };
      case "colon":
        if (character !== ":") return { offset: at, message: "expected : after the property name" };
        offset += 1;
        state = "value";
        continue;
      case "commaOrEnd":
        if (character === ",") {
          offset += 1;
          state = top?.kind === "object" ? "key" : "value";
        } else if ((character === "}" && top?.kind === "object") || (character === "]" && top?.kind === "array")) {
          offset += 1;
          stack.pop();
          afterValue();
        } else {
          return { offset: at, message: top?.kind === "object" ? "expected , or } after a property value" : "expected , or ] after an array element" };
        }
        continue;
      case "keyOrEnd":
      case "key": {
        if (state === "keyOrEnd" && character === "}") {
          offset += 1;
          stack.pop();
          afterValue();
          continue;
        }
        if (character !== '"') return { offset: at, message: state === "keyOrEnd" ? "expected a double-quoted property name or }" : "expected a double-quoted property name (no trailing commas in JSON)" };
        const raw = match(STRING);
        if (raw === undefined) return { offset: at, message: "invalid string (unterminated, a raw control character, or a bad escape)" };
        const key = JSON.parse(raw) as string;
        if (top?.kind === "object") {
          if (top.keys.has(key)) return { offset: at, message: `the key ${JSON.stringify(key)} is written twice in one object; keys must be unique` };
          top.keys.add(key);
        }
        state = "colon";
        continue;
      }
      case "value":
      case "valueOrEnd":
        if (state === "valueOrEnd" && character === "]") {
          offset += 1;
          stack.pop();
          afterValue();
          continue;
        }
        if (character === "{" || character === "[") {
          if (stack.length >= maxDepth) return { offset: at, message: `nests deeper than ${maxDepth} levels; no part of a config is that deep` };
          offset += 1;
          stack.push(character === "{" ? { kind: "object", keys: new Set() } : { kind: "array" });
          state = character === "{" ? "keyOrEnd" : "valueOrEnd";
          continue;
        }
        if (character === '"') {
          if (match(STRING) === undefined) return { offset: at, message: "invalid string (unterminated, a raw control character, or a bad escape)" };
        } else if (match(NUMBER) === undefined && match(LITERAL) === undefined) {
          return { offset: at, message: "expected a JSON value (object, array, string, number, true, false or null)" };
        }
        afterValue();
        continue;
    }
  }
  return state === "done" ? undefined : { offset: text.length, message: "unexpected end of the file" };
}

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
