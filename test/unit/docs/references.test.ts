import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { referenceProblems } from "../../support/doc-references.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
// Written in pieces, so that this file's own examples of broken references are not references themselves.
const SEC = ["SECURITY", "md"].join(".");
const DES = ["docs/design", "md"].join(".");
const UP = "..";

/** A small repository with a SECURITY.md and a docs/design.md, plus the given files. */
function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "mcp-auth-refs-"));
  const all: Record<string, string> = {
    "SECURITY.md": "# Security\n\n## A. Schema\n\n### A.1 URIs\n\n### A.2 Duplicates\n\n### A.3 Redirects\n\n## C. Verifier\n\nSee (§A.1–§A.2).\n",
    "docs/design.md": "# Design\n\n## 1. Purpose\n\n## 2. Architecture\n",
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

describe("references between files (SECURITY.md §E, finding 11)", () => {
  it("finds none broken in this repository: every SECURITY.md and docs/design.md section, link and path resolves inside it", () => {
    expect(referenceProblems(ROOT)).toEqual([]);
  });

  it("accepts sections, ranges and links that exist", () => {
    const root = repository({
      "src/a.ts": `// ${SEC} §A.1, ${SEC} §A.1–§A.2, ${SEC} §A.1–3, \`${SEC}\` §C, ${DES} §1 and §2\nimport x from "${UP}/${SEC}";\nconst patterns = ["${UP}/schema/*"];\n`,
      "README.md": "[security](SECURITY.md) [design](docs/design.md#2-architecture) [web](https://example.com/x) [top](#top)\n",
    });
    expect(referenceProblems(root)).toEqual([]);
  });

  it.each([
    ["a missing SECURITY.md section", "src/a.ts", `x\n// ${SEC} §A.4\n`, 2, `${SEC} §A.4 does not exist`],
    ["a missing section letter", "src/a.ts", `// see ${SEC} §D\n`, 1, `${SEC} §D does not exist`],
    ["a range reaching a missing section", "test/b.ts", `// ${SEC} §A.2–4\n`, 1, `${SEC} §A.4 does not exist`],
    ["a missing docs/design.md section", "eslint.config.js", `// ${DES} §3\n`, 1, `${DES} §3 does not exist`],
    ["the second of two design sections", "src/c.ts", `// ${DES} §2 and §7\n`, 1, `${DES} §7 does not exist`],
    ["a Markdown link to a missing file", "docs/usage.md", "Read [the guide](guide.md).\n", 1, "the link guide.md names a file that does not exist"],
    ["a path outside the repository", "notes.txt", `from ${UP}/elsewhere/PLAN.md\n`, 1, `${UP}/elsewhere/PLAN.md is a path outside the repository`],
    ["a deeper path outside the repository", "test/unit/e.ts", `const doc = "${UP}/${UP}/${UP}/elsewhere";\n`, 1, `${UP}/${UP}/${UP}/elsewhere is a path outside the repository`],
  ])("reports %s", (_, file, text, line, problem) => {
    expect(referenceProblems(repository({ [file]: text }))).toEqual([{ file, line, problem }]);
  });

  it("reports a Markdown link out of the repository, as a link and as a path", () => {
    expect(referenceProblems(repository({ "README.md": `[notes](${UP}/notes.md)\n` }))).toEqual([
      { file: "README.md", line: 1, problem: `the link ${UP}/notes.md leads out of the repository` },
      { file: "README.md", line: 1, problem: `${UP}/notes.md is a path outside the repository` },
    ]);
  });

  it("reports a section cited inside SECURITY.md itself that it does not have", () => {
    const root = repository({ "SECURITY.md": "# Security\n\n## A. Schema\n\n### A.1 URIs\n\nSee §A.3.\n" });
    expect(referenceProblems(root)).toEqual([{ file: "SECURITY.md", line: 7, problem: "§A.3 does not exist in SECURITY.md" }]);
  });

  it("reports every reference when the documents are missing", () => {
    const root = mkdtempSync(join(tmpdir(), "mcp-auth-refs-"));
    writeFileSync(join(root, "a.ts"), `// ${SEC} §A.1 and ${DES} §2\n`);
    expect(referenceProblems(root)).toEqual([
      { file: "a.ts", line: 1, problem: `${SEC} §A.1 does not exist` },
      { file: "a.ts", line: 1, problem: `${DES} §2 does not exist` },
    ]);
  });
});
