import { describe, expect, it } from "vitest";
import { addressRefusal } from "../../../../src/dev/metadata-document/public-address.js";

describe("addressRefusal", () => {
  it.each(["93.184.215.14", "8.8.8.8", "2606:4700::6810:84e5", "::ffff:93.184.215.14", "172.32.0.1", "100.128.0.1"])("lets public %s through", (address) => {
    expect(addressRefusal(address, false)).toBeUndefined();
  });

  it.each([
    ["127.0.0.1", "a loopback address"],
    ["127.255.1.2", "a loopback address"],
    ["::1", "a loopback address"],
    ["::ffff:127.0.0.1", "a loopback address"],
    ["0.0.0.0", "an unspecified address"],
    ["::", "an unspecified address"],
    ["10.1.2.3", "a private address"],
    ["172.16.0.1", "a private address"],
    ["172.31.255.255", "a private address"],
    ["192.168.1.1", "a private address"],
    ["::ffff:10.0.0.1", "a private address"],
    ["fd12:3456::1", "a private address"],
    ["100.64.0.1", "a shared (carrier-grade NAT) address"],
    ["169.254.169.254", "a link-local address"],
    ["fe80::1", "a link-local address"],
    ["192.0.2.1", "a reserved or documentation address"],
    ["2001:db8::1", "a reserved or documentation address"],
    ["240.0.0.1", "a reserved or documentation address"],
    ["64:ff9b::a00:1", "a translated (NAT64, SIIT or 6to4) address"],
    ["2002:a00:1::", "a translated (NAT64, SIIT or 6to4) address"],
    // IPv4-translated (SIIT, RFC 2765) forms of 10.0.0.1 and 127.0.0.1, and the 6to4 relay anycast block.
    ["::ffff:0:a00:1", "a translated (NAT64, SIIT or 6to4) address"],
    ["::ffff:0:7f00:1", "a translated (NAT64, SIIT or 6to4) address"],
    ["192.88.99.1", "a translated (NAT64, SIIT or 6to4) address"],
    ["::a00:1", "an IPv4-compatible IPv6 address"],
    ["224.0.0.1", "a multicast or broadcast address"],
    ["255.255.255.255", "a reserved or documentation address"],
    ["ff02::1", "a multicast or broadcast address"],
  ])("refuses %s as %s", (address, kind) => {
    expect(addressRefusal(address, false)).toBe(kind);
  });

  it("allows loopback, and only loopback, with allowLoopback", () => {
    expect([addressRefusal("127.0.0.1", true), addressRefusal("::1", true), addressRefusal("::ffff:127.0.0.1", true)]).toEqual([undefined, undefined, undefined]);
    expect([addressRefusal("10.0.0.1", true), addressRefusal("169.254.169.254", true), addressRefusal("fe80::1", true)]).toEqual([
      "a private address",
      "a link-local address",
      "a link-local address",
    ]);
  });
});
