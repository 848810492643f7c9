import { BlockList, isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { RiskgateError } from '../../errors.js';

/** Builds a BlockList (used as an allow list) from IPs and CIDRs; BAD_REQUEST on a bad entry. */
export function buildAllowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : isIP(address) === 4 ? 'ipv4' : null;
    if (family === null) throw new RiskgateError('CONFIG_INVALID', { summary: `security.ip_allowlist entry "${entry}" is not an IP or CIDR` });
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

/** True when the address (IPv4, IPv6 or IPv4-mapped IPv6) is in the list. */
export function isAllowed(list: BlockList, ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped ? mapped[1] : ip;
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** The allowlist step of the request gate: 403 IP_NOT_ALLOWED outside the list; null (allow all) for an empty list. */
export function createIpAllowlist(entries: readonly string[]): ((request: FastifyRequest) => void) | null {
  if (entries.length === 0) return null;
  const list = buildAllowList(entries);
  return (request) => {
    if (!isAllowed(list, request.ip)) throw new RiskgateError('IP_NOT_ALLOWED', { ip: request.ip });
  };
}
