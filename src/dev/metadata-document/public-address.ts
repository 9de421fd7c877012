import { BlockList, isIP } from "node:net";

/**
 * Which addresses the dev server may fetch a client ID metadata document from: public unicast only.
 *
 * A `client_id` URL is chosen by whoever starts an authorization request, so fetching it is a server-side
 * request on an attacker's behalf (draft-ietf-oauth-client-id-metadata-document, SSRF considerations). The
 * ranges below are the IANA special-purpose registries' non-global entries plus multicast; the check runs on
 * the address a socket actually connected to, so a name that resolves (or re-resolves: DNS rebinding) to one
 * of them is refused all the same.
 *
 * @see https://www.iana.org/assignments/iana-ipv4-special-registry/ and RFC 6890
 */
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

const NON_PUBLIC: ReadonlyArray<readonly [kind: string, subnets: ReadonlyArray<readonly [string, number]>]> = [
  ["an unspecified", [["0.0.0.0", 8], ["::", 128]]],
  ["a private", [["10.0.0.0", 8], ["172.16.0.0", 12], ["192.168.0.0", 16], ["fc00::", 7], ["fec0::", 10]]],
  ["a shared (carrier-grade NAT)", [["100.64.0.0", 10]]],
  ["a link-local", [["169.254.0.0", 16], ["fe80::", 10]]],
  [
    "a reserved or documentation",
    [
      ["192.0.0.0", 24], ["192.0.2.0", 24], ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24], ["240.0.0.0", 4],
      ["100::", 64], ["2001:db8::", 32], ["2001::", 23], ["3fff::", 20], ["5f00::", 16],
    ],
  ],
  // They carry an IPv4 address that a gateway reaches, which may be a private one.
  ["a translated (NAT64, SIIT or 6to4)", [["64:ff9b::", 96], ["64:ff9b:1::", 48], ["::ffff:0:0:0", 96], ["2002::", 16], ["192.88.99.0", 24]]],
  ["an IPv4-compatible IPv6", [["::", 96]]],
  ["a multicast or broadcast", [["224.0.0.0", 4], ["ff00::", 8]]],
];

const NON_PUBLIC_LISTS = NON_PUBLIC.map(([kind, subnets]) => {
  const list = new BlockList();
  for (const [network, prefix] of subnets) list.addSubnet(network, prefix, isIP(network) === 6 ? "ipv6" : "ipv4");
  return [kind, list] as const;
});

/**
 * What kind of non-public address `address` is ("a private address"), or `undefined` when it may be fetched from. Loopback is allowed only with
 * `allowLoopback` (tests and the demo serve documents on this machine); nothing else non-public ever is.
 * IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) are judged as the IPv4 address they carry.
 */
export function addressRefusal(address: string, allowLoopback: boolean): string | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip);
  if (family === 0) return "not an IP address";
  const type = family === 6 ? "ipv6" : "ipv4";
  if (LOOPBACK.check(ip, type)) return allowLoopback ? undefined : "a loopback address";
  for (const [kind, list] of NON_PUBLIC_LISTS) {
    if (list.check(ip, type)) return `${kind} address`;
  }
  return undefined;
}
