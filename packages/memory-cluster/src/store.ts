/**
 * Stored records and bins, and the namespace store that keeps them, for the
 * modules outside `storage/` that take or return bins (the operation
 * evaluators among them).
 */

export {
  type Clock,
  type NamespaceConfig,
  NamespaceStore,
  type StoredBin,
  type StoredRecord,
  citrusleafNow,
} from './storage/store.js';
