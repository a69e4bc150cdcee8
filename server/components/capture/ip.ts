// Client IP as the config asks: full, truncated (IPv4 to its /24, IPv6 to its /48) or not at all.
// IPv4-mapped IPv6 addresses (::ffff:192.0.2.1, as Node reports IPv4 peers on dual-stack sockets)
// are treated as the IPv4 address they carry.
import ipaddr from 'ipaddr.js';

export type IpMode = 'full' | 'truncated' | 'off';

// Every request of a client comes from the same few addresses: answers are remembered (bounded),
// so parsing (even the dotted-quad fast path's match) runs once per address, not once per request.
const remembered: Record<'full' | 'truncated', Map<string, string | null>> = { full: new Map(), truncated: new Map() };
const rememberedMax = 10_000;

// A canonical dotted quad (no leading zeros, each part 0-255), possibly IPv4-mapped: nearly every
// address a server sees. Read directly; anything else goes through ipaddr.js.
const octet = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const plainIpv4 = new RegExp(`^(?:::ffff:)?(${octet}\\.${octet}\\.${octet})\\.${octet}$`, 'i');

export function captureIp(raw: string | undefined | null, mode: IpMode): string | null {
  if (mode === 'off' || !raw) return null;
  const cache = remembered[mode];
  let answer = cache.get(raw);
  if (answer === undefined) {
    const quad = plainIpv4.exec(raw);
    answer = quad ? (mode === 'full' ? `${quad[1]}.${quad[5]}` : `${quad[1]}.0`) : parsedIp(raw, mode);
    if (cache.size >= rememberedMax) cache.clear();
    cache.set(raw, answer);
  }
  return answer;
}

function parsedIp(raw: string, mode: 'full' | 'truncated'): string | null {
  if (!ipaddr.isValid(raw)) return null;
  const address = ipaddr.process(raw);
  if (mode === 'full') return address.toString();
  if (address.kind() === 'ipv4') {
    const octets = [...(address as ipaddr.IPv4).octets];
    octets[3] = 0;
    return octets.join('.');
  }
  const parts = [...(address as ipaddr.IPv6).parts];
  for (let i = 3; i < 8; i += 1) parts[i] = 0;
  return new ipaddr.IPv6(parts).toString();
}
