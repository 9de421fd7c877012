import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/** Folders never scanned: installed packages, build output, version control. */
const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(["node_modules", "dist", ".git", "coverage"]);
const MAX_SCANNED_BYTES = 4 * 1024 * 1024;

/** One reference that does not resolve: the file (relative to the root), its line and what is wrong. */
export interface ReferenceProblem {
  readonly file: string;
  readonly line: number;
  readonly problem: string;
}

/**
 * Every reference in the tree under `root` that does not resolve inside it: a section of SECURITY.md or of
 * docs/design.md that the document does not have (cited as the file name, a section sign and the
 * section), a relative Markdown link to a missing file, and a relative path that leads out of the repository.
 */
export function referenceProblems(root: string): ReferenceProblem[] {
  const securitySections = sectionsOf(join(root, "SECURITY.md"), /^#{2,3} ([A-Z](?:\.\d+)?)[. ]/);
  const designSections = sectionsOf(join(root, "docs", "design.md"), /^## (\d+)\. /);
  const problems: ReferenceProblem[] = [];
  for (const file of textFiles(root)) {
    const text = readFileSync(file, "utf8");
    const name = relative(root, file).split(sep).join("/");
    const report = (index: number, problem: string) => problems.push({ file: name, line: text.slice(0, index).split("\n").length, problem });

    for (const match of text.matchAll(/SECURITY\.md`?\s*§([A-Z](?:\.\d+)?)(?:\s*[–-]\s*§?([A-Z]?\.?\d+))?/g)) {
      for (const section of expandRange(match[1]!, match[2])) {
        if (!securitySections.has(section)) report(match.index, `SECURITY.md §${section} does not exist`);
      }
    }
    if (name === "SECURITY.md") {
      // Inside the document, references drop the file name: (§A.1–§A.2).
      for (const match of text.matchAll(/§([A-Z](?:\.\d+)?)(?:\s*[–-]\s*§?([A-Z]?\.?\d+))?/g)) {
        for (const section of expandRange(match[1]!, match[2])) {
          if (!securitySections.has(section)) report(match.index, `§${section} does not exist in SECURITY.md`);
        }
      }
    }
    for (const match of text.matchAll(/docs\/design\.md`?\s*((?:§\s*\d+(?:\s*(?:,|and|or)\s*)?)+)/g)) {
      for (const number of match[1]!.matchAll(/§\s*(\d+)/g)) {
        if (!designSections.has(number[1]!)) report(match.index, `docs/design.md §${number[1]} does not exist`);
      }
    }
    if (file.endsWith(".md")) {
      for (const match of text.matchAll(/\[[^\]\n]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = match[1]!;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) continue;
        const path = resolve(dirname(file), decodeURIComponent(target.replace(/[#?].*$/, "")));
        if (!isInside(root, path)) report(match.index, `the link ${target} leads out of the repository`);
        else if (!existsSync(path)) report(match.index, `the link ${target} names a file that does not exist`);
      }
    }
    // A glob such as "../schema/*" (an import pattern in the lint config) is not a path.
    for (const match of text.matchAll(/(?<![\w/.%~@-])(?:\.\.\/)+[\w.-]+(?:\/[\w.-]+)*(?![\w.-])(?!\/?\*)/g)) {
      if (!isInside(root, resolve(dirname(file), match[0]))) report(match.index, `${match[0]} is a path outside the repository`);
    }
  }
  return problems;
}

/** `A.8` and `9` → A.8, A.9; `A.1` and `A.2` → A.1, A.2; no end → the start alone. */
function expandRange(start: string, end: string | undefined): string[] {
  if (end === undefined) return [start];
  const [letter, from] = start.split(".");
  const to = end.replace(/^[A-Z]?\.?/, "");
  if (from === undefined || to === "" || !/^[A-Z]?\.?\d+$/.test(end) || (/^[A-Z]/.test(end) && !end.startsWith(`${letter}.`))) return [start, end];
  const sections: string[] = [];
  for (let n = Number(from); n <= Number(to); n += 1) sections.push(`${letter}.${n}`);
  return sections.length > 0 ? sections : [start, `${letter}.${to}`];
}

function sectionsOf(path: string, heading: RegExp): Set<string> {
  if (!existsSync(path)) return new Set();
  const sections = new Set<string>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const match = heading.exec(line);
    if (match) sections.add(match[1]!);
  }
  return sections;
}

function* textFiles(directory: string): Generator<string> {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) yield* textFiles(path);
    } else if (entry.isFile() && statSync(path).size <= MAX_SCANNED_BYTES && !readFileSync(path).includes(0)) {
      yield path;
    }
  }
}

function isInside(root: string, path: string): boolean {
  const fromRoot = relative(root, path);
  return fromRoot === "" || (!fromRoot.startsWith("..") && !fromRoot.startsWith(sep) && !/^[a-z]:/i.test(fromRoot));
}
