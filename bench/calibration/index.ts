// `npm run bench -- calibration`: are the probabilities Homeward shows
// calibrated? Reliability tables on public labelled pairs (see
// bench/tracing/calibration.ts); the last line sums it up.
import { parseArgs } from 'node:util';
import { runCalibration, runGeneratedCalibration } from '../tracing/calibration.ts';

const { values: args } = parseArgs({ options: { cases: { type: 'string' }, leads: { type: 'string' } } });

const t0 = performance.now();
const r = runCalibration();
const g = runGeneratedCalibration(Number(args.cases ?? 20000), Number(args.leads ?? 5000));
console.log(`calibration: public_ece_raw=${r.eceRaw.toFixed(3)} public_ece_shipped=${r.eceShipped.toFixed(3)} public_ece_refit=${r.eceFitted.toFixed(3)} public_ece_org=${r.eceOrg.toFixed(3)} generated_ece_raw=${g.eceRaw.toFixed(3)} generated_ece_shipped=${g.eceShipped.toFixed(3)} generated_ece_refit=${g.eceFitted.toFixed(3)} seconds=${((performance.now() - t0) / 1000).toFixed(1)}`);
