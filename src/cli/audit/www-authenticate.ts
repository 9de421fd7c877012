/**
 * Reads `WWW-Authenticate` challenges the way a client must: a header may hold several challenges, each a
 * case-insensitive scheme followed by a token68 or by comma-separated `name=value` parameters whose value
 * is a token or a quoted-string.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */

/** One challenge: the scheme as sent, and its parameters keyed by lower-cased name. */
export interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*(?=[ \t]*(,|$))/;

/** The challenges of a `WWW-Authenticate` value; parsing stops at the first malformed part. */
export function parseChallenges(header: string): Challenge[] {
  const challenges: { scheme: string; params: Record<string, string> }[] = [];
  let rest = header;
  const skip = (pattern: RegExp) => {
    rest = rest.replace(pattern, "");
  };
  for (;;) {
    skip(/^[ \t,]+/);
    const name = TOKEN.exec(rest)?.[0];
    if (name === undefined) return challenges;
    rest = rest.slice(name.length);
    const current = challenges.at(-1);
    const afterSpaces = rest.replace(/^[ \t]*/, "");
    if (current !== undefined && afterSpaces.startsWith("=")) {
      rest = afterSpaces.slice(1).replace(/^[ \t]*/, "");
      const value = readValue();
      if (value === undefined) return challenges;
      current.params[name.toLowerCase()] = value;
      continue;
    }
    const challenge = { scheme: name, params: {} as Record<string, string> };
    challenges.push(challenge);
    skip(/^[ \t]+/);
    const token68 = TOKEN68.exec(rest)?.[0];
    if (token68 !== undefined) rest = rest.slice(token68.length);
  }

  function readValue(): string | undefined {
    if (!rest.startsWith('"')) {
      const token = TOKEN.exec(rest)?.[0];
      if (token !== undefined) rest = rest.slice(token.length);
      return token;
    }
    let value = "";
    for (let i = 1; i < rest.length; i++) {
      const char = rest[i];
      if (char === "\\" && i + 1 < rest.length) {
        value += rest[++i];
      } else if (char === '"') {
        rest = rest.slice(i + 1);
        return value;
      } else {
        value += char;
      }
    }
    return undefined;
  }
}

/** The first `Bearer` challenge (scheme compared case-insensitively), if any. */
export function bearerChallenge(headers: Headers): Challenge | undefined {
  const header = headers.get("www-authenticate");
  if (header === null) return undefined;
  return parseChallenges(header).find((challenge) => challenge.scheme.toLowerCase() === "bearer");
}
