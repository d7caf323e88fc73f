/** Scalar operations: the baseline every other table builds on. */

import type { ConformanceCase } from '../case.js';

export const scalarCases: ConformanceCase[] = [
  {
    name: 'write then read returns the written value',
    ops: (as) => [as.operations.write('a', 1), as.operations.read('a')],
    expect: { result: { a: 1 }, bins: { a: 1 } },
  },
  {
    name: 'add to an integer bin',
    start: () => ({ n: 5 }),
    ops: (as) => [as.operations.incr('n', 3), as.operations.read('n')],
    expect: { result: { n: 8 }, bins: { n: 8 } },
  },
  {
    name: 'add to a string bin is a bin type error',
    start: () => ({ s: 'x' }),
    ops: (as) => [as.operations.incr('s', 1)],
    expect: { error: 12 },
  },
  {
    name: 'append to a string bin',
    start: () => ({ s: 'ab' }),
    ops: (as) => [as.operations.append('s', 'cd'), as.operations.read('s')],
    expect: { result: { s: 'abcd' }, bins: { s: 'abcd' } },
  },
];
