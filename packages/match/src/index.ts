/**
 * @homeward/match: Fellegi-Sunter record linkage that explains itself.
 * Pure library; the only IO-like thing it does is start worker threads
 * for large scoring jobs.
 */
export { jaro, jaroWinkler, levenshtein, tokenSimilarity, tokens } from './strings.ts';
export { parseDate, prepareDate, compareDates, dateKey, DATE_LEVELS, type PartialDate, type ApproximateAge, type PreparedDate } from './dates.ts';
export { defaultNameAdapter, textPlaceAdapter, type NameAdapter, type PlaceAdapter, type PlaceRelation } from './adapters.ts';
export { gazetteerPlaceAdapter, codeOf, type GazetteerPlace } from './places.ts';
export {
  FIELD_TYPES, makeComparator, nameComparator, dateComparator, placeComparator, sexComparator, codeComparator, textComparator, numberComparator,
  type FieldType, type FieldValue, type Comparator, type ComparatorOptions,
} from './comparators.ts';
export {
  createModel, withParams, prepareTable, compareRows, rowComparer, fieldComparer, MISSING,
  type Model, type ModelSpec, type ModelAdapters, type FieldSpec, type BlockingRule, type TrainedParams, type FieldParams, type PreparedTable, type RecordLike,
} from './model.ts';
export { buildBlocking, defaultBlocking, forEachCandidate, totalPairs, DEFAULT_MAX_BLOCK_SIZE, type Blocking } from './blocking.ts';
export { train, trainSupervised, estimateU, countPatterns, em, termFrequencies, rng, type TrainOptions, type TrainStats, type LabelledPair, type EmResult, type PatternCounts } from './train.ts';
export {
  scorePair, scoreCandidates, prepareRecord, scorePrepared, explainRows, tableScorer, thresholdScorer, weightsOf, probabilityOf, weightFor,
  type PairScore, type Contribution, type PreparedRecord,
} from './score.ts';
export { clusterPairs, type Clusters } from './cluster.ts';
export { linkRecords, scoreBlocked, describeParams, type LinkOptions, type LinkResult, type LinkStats, type LinkProgress } from './link.ts';
export { parseCsv, csvField, CsvError, type CsvTable } from './csv.ts';
