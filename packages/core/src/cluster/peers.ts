/**
 * Parser of the `peers-clear-std` family of info values:
 * `generation,defaultPort,[[nodeId,tlsName,[host[:port],…]],…]`.
 */

import { type ErrorContext, protocolError } from '../errors.js';

/**
 * Most peers a peers answer may list. An Aerospike cluster has at most 256
 * nodes; a longer list is corrupt or hostile, and is refused while it is
 * parsed, before the client would try to connect to every entry.
 */
export const MAX_PEERS = 1024;

/** One peer as a node lists it. */
export interface Peer {
  nodeName: string;
  tlsName: string | undefined;
  addresses: Array<{ host: string; port: number }>;
}

/** A parsed peers value. */
export interface PeersList {
  generation: number;
  peers: Peer[];
}

/**
 * Parses a peers value; throws ProtocolError when it is malformed or lists
 * more than {@link MAX_PEERS} peers. `context` names the node that sent it.
 */
export function parsePeers(value: string, context?: ErrorContext): PeersList {
  const firstComma = value.indexOf(',');
  const secondComma = value.indexOf(',', firstComma + 1);
  if (firstComma <= 0 || secondComma <= firstComma) throw protocolError('peers', `"${value.slice(0, 60)}"`, context);
  const generation = Number(value.slice(0, firstComma));
  const portText = value.slice(firstComma + 1, secondComma);
  const defaultPort = portText === '' ? 3000 : Number(portText);
  if (!Number.isInteger(generation) || generation < 0) throw protocolError('peers', `generation "${value.slice(0, firstComma)}"`, context);
  if (!Number.isInteger(defaultPort) || defaultPort < 1 || defaultPort > 65535) throw protocolError('peers', `default port "${portText}"`, context);
  const list = parseList(value.slice(secondComma + 1), context);
  const peers: Peer[] = [];
  for (const item of list) {
    if (!Array.isArray(item) || item.length < 3 || typeof item[0] !== 'string' || !Array.isArray(item[2])) {
      throw protocolError('peers', 'peer entry is not [id,tlsName,[addresses]]', context);
    }
    const addresses = (item[2] as unknown[]).map((a) => {
      if (typeof a !== 'string') throw protocolError('peers', 'address is not a string', context);
      return splitHostPort(a, defaultPort, context);
    });
    const tls = typeof item[1] === 'string' && item[1] !== '' ? item[1] : undefined;
    peers.push({ nodeName: item[0], tlsName: tls, addresses });
  }
  return { generation, peers };
}

type Item = string | Item[];

/**
 * Parses the bracketed list grammar: `[a,b,[c,d]]`; bare tokens become
 * strings. The outer list (the peers) may hold at most {@link MAX_PEERS} items.
 */
function parseList(text: string, context: ErrorContext | undefined): Item[] {
  let i = 0;
  const parseValue = (depth: number): Item => {
    if (depth > 8) throw protocolError('peers', 'nesting too deep', context);
    if (text[i] === '[') {
      // An IPv6 address is also bracketed: `[::1]:3000` inside an address list.
      if (depth >= 3) return parseToken();
      i++;
      const items: Item[] = [];
      if (text[i] === ']') {
        i++;
        return items;
      }
      for (;;) {
        if (depth === 0 && items.length === MAX_PEERS) {
          throw protocolError('peers', `more than ${MAX_PEERS} peers listed; a cluster has at most 256 nodes`, context);
        }
        items.push(parseValue(depth + 1));
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return items;
        }
        throw protocolError('peers', `unexpected "${text[i] ?? 'end'}" at ${i}`, context);
      }
    }
    return parseToken();
  };
  const parseToken = (): string => {
    const start = i;
    if (text[i] === '[') {
      const close = text.indexOf(']', i);
      if (close === -1) throw protocolError('peers', 'unterminated IPv6 address', context);
      i = close + 1;
    }
    while (i < text.length && text[i] !== ',' && text[i] !== ']') i++;
    return text.slice(start, i);
  };
  const v = parseValue(0);
  if (!Array.isArray(v)) throw protocolError('peers', 'peer list is not bracketed', context);
  if (i !== text.length) throw protocolError('peers', `unexpected "${text[i]}" at ${i} after the peer list`, context);
  return v;
}

/** Splits `host`, `host:port`, `[v6]` or `[v6]:port`; `context` names the node that sent it, for errors. */
export function splitHostPort(text: string, defaultPort: number, context?: ErrorContext): { host: string; port: number } {
  let host = text;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    host = text.slice(1, close);
    if (text[close + 1] === ':') portText = text.slice(close + 2);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon !== -1 && text.indexOf(':') === colon) {
      host = text.slice(0, colon);
      portText = text.slice(colon + 1);
    }
  }
  const port = portText === undefined ? defaultPort : Number(portText);
  if (host === '' || !Number.isInteger(port) || port < 1 || port > 65535) throw protocolError('peers', `address "${text}"`, context);
  return { host, port };
}
