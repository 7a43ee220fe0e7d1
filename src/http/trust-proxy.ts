/**
 * The `TRUST_PROXY` setting: which reverse proxies in front of the server are believed when they
 * say, in X-Forwarded-For and X-Forwarded-Proto, who the client is and whether it came over
 * HTTPS. Without it, behind a proxy every client has the proxy's address (one person failing to
 * sign in would throttle everyone) and no request is secure (cookies never get `Secure`). Trusting
 * more than the real proxies lets any client claim any address, so `true` (trust everything) is
 * refused: name the proxies or count them.
 *
 * Accepted, as Express's `trust proxy` setting reads them: `false` (the default), a hop count
 * (`1`: the one proxy in front), or a comma list of `loopback`, `linklocal`, `uniquelocal`,
 * addresses and subnets (`10.0.0.0/8`, `fd00::/8`).
 */
import { isIP } from 'node:net';

export type TrustProxy = false | number | string[];

const NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** The setting, or a RangeError saying what is wrong with `value`. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || text === 'false') return false;
  if (/^\d+$/.test(text)) return Number(text);
  if (text === 'true')
    throw new RangeError(
      'TRUST_PROXY=true would believe any client about its address; give the number of proxies in front (1) or their addresses',
    );
  const entries = text.split(',').map((e) => e.trim());
  for (const entry of entries)
    if (!NAMES.has(entry) && !isAddressOrSubnet(entry))
      throw new RangeError(
        `TRUST_PROXY: "${entry}" is not a hop count, loopback, linklocal, uniquelocal, an address or a subnet`,
      );
  return entries;
}

function isAddressOrSubnet(entry: string): boolean {
  const [address = '', bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (version === 4 ? 32 : 128);
}
