import { describe, expect, it } from "vitest";
import { clientIdUrlRefusal } from "../../../../src/dev/metadata-document/client-id-url.js";

describe("clientIdUrlRefusal", () => {
  it.each(["https://agent.example.com/client.json", "https://agent.example.com/a/b?version=2", "https://agent.example.com:8443/client", "HTTPS://agent.example.com/c"])(
    "accepts %s",
    (url) => {
      expect(clientIdUrlRefusal(url)).toBeUndefined();
    },
  );

  it.each([
    ["http://agent.example.com/client.json", "it must use https"],
    ["agent.example.com/client.json", "it must use https"],
    ["https://agent.example.com", "it must have a path, e.g. https://client.example.com/client.json"],
    ["https://agent.example.com/", "it must have a path, e.g. https://client.example.com/client.json"],
    ["https://agent.example.com?x=1", "it must have a path, e.g. https://client.example.com/client.json"],
    ["https://agent.example.com/client.json#", "it must not contain a fragment (#)"],
    ["https://agent.example.com/client.json#me", "it must not contain a fragment (#)"],
    ["https://user@agent.example.com/client.json", "it must not contain userinfo (user@)"],
    ["https://user:pw@agent.example.com/client.json", "it must not contain userinfo (user@)"],
    ["https://agent.example.com/a/../client.json", "it must not contain dot segments (. or ..)"],
    ["https://agent.example.com/./client.json", "it must not contain dot segments (. or ..)"],
    ["https://agent.example.com/a/%2e%2E/client.json", "it must not contain dot segments (. or ..)"],
    ["https://agent.example.com/a/..", "it must not contain dot segments (. or ..)"],
    ["https://agent.example.com/a b", "it must not contain spaces, control characters or backslashes"],
    ["https://agent.example.com\\@evil.example/c", "it must not contain spaces, control characters or backslashes"],
    ["https://[zz]/client.json", "it is not a valid URL"],
  ])("refuses %s: %s", (url, reason) => {
    expect(clientIdUrlRefusal(url)).toBe(reason);
  });
});
