/** The memory cluster's lossless value model, its msgpack codec and Aerospike's ordering. */
export * from './codec.js';
export * from './compare.js';
export * from './value.js';
export * from './particles.js';
