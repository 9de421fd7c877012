import { describe, expect, it } from "vitest";
import { consentPage, errorPage, escapeHtml, loginPage } from "../../../src/dev/pages.js";

const HOSTILE = `<script>alert("x")</script>&'`;
const ESCAPED = "&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;&#38;&#39;";

describe("pages", () => {
  it("escapes the five HTML metacharacters", () => {
    expect(escapeHtml(HOSTILE)).toBe(ESCAPED);
  });

  it("never puts request or config text into a page unescaped", () => {
    const request = { clientName: HOSTILE, clientId: HOSTILE, resourceName: HOSTILE, resourceUri: HOSTILE, registered: true };
    const pages = [
      loginPage("uid", request, { username: HOSTILE }),
      loginPage("uid", request, { username: "alice", message: HOSTILE }),
      consentPage("uid", request, [{ name: HOSTILE, description: HOSTILE }], HOSTILE),
      errorPage(HOSTILE, HOSTILE),
    ];
    for (const page of pages) {
      expect(page).not.toContain("<script>");
      expect(page).toContain(ESCAPED);
    }
  });

  it("warns on the consent page that a registered client named itself", () => {
    const request = { clientName: "Official agent", clientId: "x1", resourceName: "GitHub tools", resourceUri: "https://mcp.example.com/github" };
    const line = "This client registered itself: it is not declared in the config, and its name is its own claim.";
    expect(consentPage("uid", { ...request, registered: true }, [], "alice")).toContain(line);
    expect(consentPage("uid", { ...request, registered: false }, [], "alice")).not.toContain(line);
  });

  it("posts sign-in to the interaction's login step and keeps the username after a failure", () => {
    const page = loginPage("abc_DEF-1", { clientName: "Desktop agent", clientId: "agent", resourceName: "GitHub tools", resourceUri: "https://mcp.example.com/github", registered: false }, { username: "alice" });
    expect(page).toContain('<form method="post" action="/interaction/abc_DEF-1/login" id="login">');
    expect(page).toContain('<p class="error" role="alert">Wrong username or password.</p>');
    expect(page).toContain('name="username" autocomplete="username" required autofocus value="alice"');
    expect(page).toContain('<input name="password" type="password" autocomplete="current-password" required>');
  });

  it("shows why a sign-in was refused when it was not a wrong password", () => {
    const request = { clientName: "Desktop agent", clientId: "agent", resourceName: "GitHub tools", resourceUri: "https://mcp.example.com/github", registered: false };
    const page = loginPage("uid", request, { username: "alice", message: "Too many failed sign-ins for this username. Try again in 15 minutes." });
    expect(page).toContain('<p class="error" role="alert">Too many failed sign-ins for this username. Try again in 15 minutes.</p>');
    expect(page).not.toContain("Wrong username or password.");
  });
});
