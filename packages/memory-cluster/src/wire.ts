/** The protocol constants the memory cluster shares with the client. */
export {
  FieldType,
  Info1,
  Info2,
  Info3,
  OperationType,
  ParticleType,
} from '@aerospike-ts/core/wire';
export { ResultCode } from '@aerospike-ts/core';
