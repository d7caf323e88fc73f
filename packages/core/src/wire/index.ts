/**
 * The wire protocol: pure encoders and decoders with no I/O. Exported as
 * `@aerospike-ts/core/wire` for the memory cluster and for tools that speak
 * the protocol themselves; applications use the client instead.
 *
 * @packageDocumentation
 */

export * from './digest.js';
export * from './info.js';
export * from './message.js';
export * from './msgpack.js';
export * from './names.js';
export * from './operation.js';
export * from './particles.js';
export * from './proto.js';
export * from './reply.js';
export * from './request.js';
export * from './ripemd160.js';
export * from './frame-reader.js';
export * from './admin.js';
export * from './bcrypt.js';
export * from './cdt/index.js';
export * from './writer.js';
