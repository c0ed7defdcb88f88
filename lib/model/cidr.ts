/**
 * IPv4 ranges as numbers: what a CIDR block holds, whether one holds another,
 * whether two share an address. The doctor's network rules (security groups,
 * network ACLs) and the hub's overlap check of its VPCs use them.
 */

/** An IPv4 range as [first, last] addresses (numbers), or undefined for anything else (IPv6, bad text). */
export function ipv4Range(cidr: string | undefined): [number, number] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr ?? '');
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const address = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - bits);
  const first = Math.floor(address / size) * size;
  return [first, first + size - 1];
}

/** True when `outer` holds every address of `inner`. */
export function cidrContains(outer: string | undefined, inner: string | undefined): boolean {
  const o = ipv4Range(outer);
  const i = ipv4Range(inner);
  return !!o && !!i && o[0] <= i[0] && i[1] <= o[1];
}

/** True when the two ranges share an address. */
export function cidrOverlaps(a: string | undefined, b: string | undefined): boolean {
  const x = ipv4Range(a);
  const y = ipv4Range(b);
  return !!x && !!y && x[0] <= y[1] && y[0] <= x[1];
}
