/** Parser of the `rack-ids` info value: `namespace:rackId;…`. */

import { protocolError } from '../errors.js';

/** Rack id of a node per namespace. */
export function parseRackIds(value: string): Map<string, number> {
  const racks = new Map<string, number>();
  for (const part of value.split(';')) {
    if (part === '') continue;
    const colon = part.lastIndexOf(':');
    const rack = Number(part.slice(colon + 1));
    if (colon <= 0 || !Number.isInteger(rack) || rack < 0) throw protocolError('rack-ids', `"${part}"`);
    racks.set(part.slice(0, colon), rack);
  }
  return racks;
}
