// `npm run bench -- calibration`: are the probabilities Homeward shows
// calibrated? Reliability tables on public labelled pairs (see
// bench/tracing/calibration.ts); the last line sums it up.
import { runCalibration } from '../tracing/calibration.ts';

const t0 = performance.now();
const r = runCalibration();
console.log(`calibration: ece_raw=${r.eceRaw.toFixed(3)} ece_shipped=${r.eceShipped.toFixed(3)} ece_refit=${r.eceFitted.toFixed(3)} seconds=${((performance.now() - t0) / 1000).toFixed(1)}`);
