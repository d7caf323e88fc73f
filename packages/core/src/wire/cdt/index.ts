/** Operation codes and flags of lists, maps, contexts, bits, HLL and expressions. */
export * from './bit.js';
export * from './ctx.js';
export * from './exp.js';
export * from './hll.js';
export * from './list.js';
export * from './map.js';
