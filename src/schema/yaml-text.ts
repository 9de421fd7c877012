import { CST, isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { ConfigIssue } from "./config-error.js";
import { lineAndColumn } from "./json-text.js";
import { MAX_CONFIG_DEPTH, MAX_YAML_ALIASES, MAX_YAML_TOKENS } from "./limits.js";

/**
 * Reads YAML text into plain data, with every limit checked before the step it protects:
 * the token count before parsing, nesting depth and repeated keys on the parsed tree (without recursion)
 * before `toJS` recurses over it, and alias expansions while `toJS` runs. Problems come back as issues;
 * `prefix` (the file name) starts each message.
 */
export function readYaml(prefix: string, text: string): { value: unknown } | { issues: ConfigIssue[] } {
  const scan = scanTokens(text);
  if (scan.tokens > MAX_YAML_TOKENS) {
    return { issues: [{ path: "", message: `${prefix}: has more than ${MAX_YAML_TOKENS} YAML tokens (keys, values, indicators); a config is far smaller, so it is not read` }] };
  }
  if (scan.tooDeepAt !== undefined) {
    const { line, column } = lineAndColumn(text, scan.tooDeepAt);
    return { issues: [{ path: "", message: `${prefix}: nests deeper than ${MAX_CONFIG_DEPTH} levels (line ${line}, column ${column}); no part of a config is that deep` }] };
  }
  const lineCounter = new LineCounter();
  // The parser's own duplicate-key check is quadratic in a map's size: ours below is linear.
  const document = parseDocument(text, { uniqueKeys: false, prettyErrors: true, lineCounter });
  if (document.errors.length > 0) {
    return { issues: document.errors.map((error) => ({ path: "", message: `${prefix}: invalid YAML: ${error.message.split("\n")[0]}` })) };
  }
  const problem = treeProblem(document, lineCounter);
  if (problem) return { issues: [{ path: problem.path, message: `${prefix}: ${problem.message}` }] };
  try {
    return { value: document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (error) {
    // yaml throws a ReferenceError for an alias bomb or an alias to an anchor not defined before it.
    const reason = error instanceof ReferenceError && /alias count/i.test(error.message)
      ? `its aliases expand more than ${MAX_YAML_ALIASES} times (a "billion laughs" document); write the values out`
      : (error as Error).message;
    return { issues: [{ path: "", message: `${prefix}: invalid YAML: ${reason}` }] };
  }
}

/** Tokens the lexer emits that are markers, not source text. */
const MARKERS: ReadonlySet<string> = new Set(["byte-order-mark", "doc-mode", "flow-error-end", "scalar"]);

/**
 * One pass of the lexer, which keeps no stack: counts tokens (stopping once past the limit, so a huge
 * file costs no more than the limit) and finds nesting the parser would recurse into before our tree walk
 * could see it — flow collections inside each other, and block indicators stacked on one line (`- - - x`).
 */
function scanTokens(text: string): { tokens: number; tooDeepAt: number | undefined } {
  let tokens = 0;
  let offset = 0;
  let flowDepth = 0;
  let lineIndicators = 0;
  let scalarNext = false;
  for (const token of new Lexer().lex(text)) {
    tokens += 1;
    if (tokens > MAX_YAML_TOKENS) return { tokens, tooDeepAt: undefined };
    const type = CST.tokenType(token);
    if (scalarNext) {
      scalarNext = false;
      offset += token.length;
      continue;
    }
    if (type && MARKERS.has(type)) {
      scalarNext = type === "scalar";
      continue;
    }
    if (type === "flow-map-start" || type === "flow-seq-start") flowDepth += 1;
    else if (type === "flow-map-end" || type === "flow-seq-end") flowDepth = Math.max(0, flowDepth - 1);
    else if (type === "seq-item-ind" || type === "explicit-key-ind") lineIndicators += 1;
    else if (type === "newline") lineIndicators = 0;
    if (flowDepth + lineIndicators > MAX_CONFIG_DEPTH) return { tokens, tooDeepAt: offset };
    offset += token.length;
  }
  return { tokens, tooDeepAt: undefined };
}

/** The first node nested too deep or the first key written twice in one map, walking the tree with an explicit stack. */
function treeProblem(document: Document, lines: LineCounter): { path: string; message: string } | undefined {
  const where = (node: Node | null | undefined): string => {
    const offset = node?.range?.[0];
    if (offset === undefined) return "";
    const { line, col } = lines.linePos(offset);
    return ` (line ${line}, column ${col})`;
  };
  const stack: Array<{ node: unknown; depth: number; path: readonly string[] }> = [{ node: document.contents, depth: 1, path: [] }];
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_CONFIG_DEPTH) {
      return { path: path.join("."), message: `nests deeper than ${MAX_CONFIG_DEPTH} levels${where(node)}; no part of a config is that deep` };
    }
    if (isSeq(node)) {
      node.items.forEach((item, index) => stack.push({ node: item, depth: depth + 1, path: [...path, String(index)] }));
      continue;
    }
    const seen = new Set<string>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : isAlias(pair.key) ? undefined : pair.key === null ? "" : undefined;
      if (key !== undefined) {
        if (seen.has(key)) {
          return { path: [...path, key].join("."), message: `invalid YAML: Map keys must be unique; ${JSON.stringify(key)} is written twice${where(pair.key as Node)}` };
        }
        seen.add(key);
      }
      stack.push({ node: pair.value, depth: depth + 1, path: [...path, key ?? "?"] });
    }
  }
  return undefined;
}
