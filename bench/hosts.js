/**
 * Seed lists as AEROSPIKE_HOSTS spells them: "a:3000,b:3000", "[::1]:3000",
 * "host:tlsName:port", or a bare host for the default port.
 */

const DEFAULT_PORT = 3000;

/** @returns {{ host: string, port: number }} */
function parseHost(text) {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    const rest = text.slice(close + 1);
    return { host: text.slice(1, close), port: rest.startsWith(':') ? Number(rest.slice(rest.lastIndexOf(':') + 1)) : DEFAULT_PORT };
  }
  const parts = text.split(':');
  // "host:tlsName:port" carries the port last.
  return { host: parts[0], port: parts.length > 1 ? Number(parts[parts.length - 1]) : DEFAULT_PORT };
}

/** Every address of a seed list, in order. */
export function parseHosts(hosts) {
  return hosts
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseHost);
}

/** First address of a seed list. */
export function firstHost(hosts) {
  return parseHosts(hosts)[0];
}

/** "host:port" with brackets around IPv6 literals, as seed lists need them. */
export function formatHost({ host, port }) {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
