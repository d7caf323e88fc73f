import { scalarCases } from './cases/scalar.js';
import { runConformance } from './run.js';

runConformance('scalar', scalarCases);
