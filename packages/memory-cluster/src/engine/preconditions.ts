/**
 * What a write checks before it runs its operations: the exists action
 * (create only, update only, replace only) and the generation check
 * (expect equal, expect greater), with the server's result codes.
 */

import type { ParsedRequest } from '../protocol/request.js';
import type { StoredRecord } from '../storage/store.js';
import { Info2, Info3, ResultCode } from '../wire.js';

/** A command that fails as a whole: the reply carries `resultCode` and the record's current `generation`. */
export class RecordFailure extends Error {
  constructor(
    readonly resultCode: number,
    readonly generation = 0,
  ) {
    super(`result ${resultCode}`);
  }
}

/** Throws {@link RecordFailure} when the write's exists action or generation check does not hold for `existing`. */
export function checkPreconditions(req: ParsedRequest, existing: StoredRecord | undefined): void {
  const { info2, info3, generation } = req.header;
  const current = existing?.generation ?? 0;
  if ((info2 & Info2.CREATE_ONLY) !== 0 && existing !== undefined) throw new RecordFailure(ResultCode.KEY_EXISTS_ERROR, current);
  if ((info3 & (Info3.UPDATE_ONLY | Info3.REPLACE_ONLY)) !== 0 && existing === undefined) {
    throw new RecordFailure(ResultCode.KEY_NOT_FOUND_ERROR);
  }
  if ((info2 & Info2.GENERATION) !== 0 && generation !== current) throw new RecordFailure(ResultCode.GENERATION_ERROR, current);
  if ((info2 & Info2.GENERATION_GT) !== 0 && generation <= current) throw new RecordFailure(ResultCode.GENERATION_ERROR, current);
}
