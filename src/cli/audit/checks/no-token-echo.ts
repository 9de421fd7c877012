import { pass, fail, skip, type Check } from "./context.js";
import { spellings } from "../report.js";

/**
 * No answer repeats the token it was sent, in its body or any header: a server that reflects bearer
 * tokens into error messages leaks them to whatever logs or displays those messages (RFC 6750 §5.1,
 * "Token disclosure"). Runs last, over every token-carrying request of the other checks.
 */
export const noTokenEcho: Check = {
  id: "no-token-echo",
  title: "No answer repeats the token it was sent",
  run({ exchanges }) {
    if (exchanges.length === 0) return skip("no request carried a token");
    const echoes: string[] = [];
    for (const { check, token, answer } of exchanges) {
      const repeats = (text: string) => spellings(token).some((spelling) => text.includes(spelling));
      if (repeats(answer.body)) echoes.push(`the answer to ${check} repeats the token in its body`);
      for (const [name, value] of answer.headers) if (repeats(value)) echoes.push(`the answer to ${check} repeats the token in its ${name} header`);
    }
    if (echoes.length > 0) return fail(echoes.join("\n"));
    return pass(`${exchanges.length} answer${exchanges.length === 1 ? "" : "s"} to requests carrying a token (${[...new Set(exchanges.map((e) => e.check))].join(", ")}); none repeats it`);
  },
};
