import type { PartialDate } from '@homeward/advocacy';
import { sql } from 'kysely';
import type { PartialDate as StoredDate } from '@homeward/contracts';
import { hierarchy } from '@homeward/gazetteer';
import { openRecord } from '../crypto/envelope.ts';
import type { Db } from '../db/create-db.ts';
import type { Deps } from '../services/context.ts';

// What the statistics need of each sought child, kept per process so a
// release does not decrypt every child's whole sealed record again (issue 8:
// 200,000 cases in under 1 s). Only these facts are kept, never names or
// free text: the birth date at its precision (the age band depends on the
// day the release is made, so the band cannot be kept), the year of
// separation, and the province and prefecture of the last known place
// (coarser than the stored place code, which can point at a village).
//
// Each entry is stamped with the row's wrapped_key (its tail: stampOf). Every
// write of a person goes through a fresh random record key (services/cases.ts
// writePeople deletes and re-inserts the row; create, import and the demo
// insert new rows), and key rotation re-wraps it (services/keys.ts), so an
// unchanged wrapped_key means unchanged sealed fields and a changed one means
// "decrypt again". No code path updates people.sealed in place; a backup
// restore writes rows as they were, key and fields together.
//
// Deleted people leave the cache at the next statistics read (and the running
// server reads every 15 minutes, warmup.ts); a crypto-shredded case's people
// leave it at once (forgetPeople, called by deleteCase): a shredded child must
// not linger in memory. The cache lives in this process only and is never
// written anywhere.

/** A sought child's facts, as statistics need them. Shared between children with the same facts. */
export interface ChildFacts {
  /** Birth as the package's partial date (precision kept, nothing guessed); undefined when unknown. */
  readonly birth: PartialDate | undefined;
  /** The birth as a short string, equal for equal births (the release memoises age bands by it). */
  readonly birthKey: string;
  /** Year of separation when the date says which year (an approximate age does not). */
  readonly separationYear: number | undefined;
  /** Gazetteer codes of the last known place's province and prefecture. */
  readonly province: string | null;
  readonly prefecture: string | null;
}

interface Shared {
  facts: ChildFacts;
  /** How many children point at it; at zero it leaves the pool. */
  refs: number;
}

interface OrgFacts {
  /**
   * Stamp by person id, apart from the facts: a read of 200,000 stamps is
   * bound by memory latency, and one Map lookup and one string comparison
   * per person is what it costs now.
   */
  stamps: Map<string, string>;
  /** Facts by person id (shared objects). */
  facts: Map<string, Shared>;
  /** Identical facts as one object, so the release can coarsen each combination once. */
  pool: Map<string, Shared>;
  /** Changes whenever an entry is added, changed or dropped: equal versions, equal facts. */
  version: number;
  /** Reads of one organisation run one after another (the sweep needs the whole picture). */
  queue: Promise<unknown>;
  /** Ids forgotten while a read was running: dropped again when it ends. */
  forgottenDuringRead: Set<string> | undefined;
}

/** Per database (tests and the bench open several in one process), per organisation. */
const caches = new WeakMap<Db, Map<string, OrgFacts>>();

function orgFacts(db: Db, organisationId: string): OrgFacts {
  let byOrg = caches.get(db);
  if (!byOrg) caches.set(db, (byOrg = new Map()));
  let org = byOrg.get(organisationId);
  if (!org) byOrg.set(organisationId, (org = emptyOrg()));
  return org;
}

/** One counter for all caches, so a version is never reused, not even after clearFactsCache. */
let versions = 0;
const emptyOrg = (): OrgFacts => ({ stamps: new Map(), facts: new Map(), pool: new Map(), version: ++versions, queue: Promise.resolve(), forgottenDuringRead: undefined });


interface SoughtSealed {
  birth?: StoredDate;
  separatedOn?: StoredDate;
  lastKnownPlaceCode?: string;
}

/** The stored date (one object) as the package's partial date (a union); nothing added, nothing guessed. */
export function toPartialDate(d: StoredDate | undefined): PartialDate | undefined {
  if (!d) return undefined;
  if (d.approxAge !== undefined && d.atYear !== undefined) return { approxAge: d.approxAge, atYear: d.atYear };
  if (d.year === undefined) return undefined;
  return { year: d.year, ...(d.month !== undefined ? { month: d.month } : {}), ...(d.month !== undefined && d.day !== undefined ? { day: d.day } : {}) };
}

const placeMemo = new Map<string, { province: string | null; prefecture: string | null }>();
/** Province and prefecture of a gazetteer code (the gazetteer is static, so the answer is memoised). */
function placeOf(code: string | undefined): { province: string | null; prefecture: string | null } {
  if (!code) return { province: null, prefecture: null };
  let hit = placeMemo.get(code);
  if (!hit) {
    const chain = hierarchy(code);
    const province = chain.find((h) => h.level === 'province')?.code ?? null;
    // A prefecture only under a province: the release publishes it as "province/prefecture".
    hit = { province, prefecture: province ? (chain.find((h) => h.level === 'prefecture')?.code ?? null) : null };
    if (placeMemo.size < 100_000) placeMemo.set(code, hit);
  }
  return hit;
}

/** A sought child's sealed fields reduced to the facts statistics use. */
export function factsOf(sealed: SoughtSealed): ChildFacts {
  const place = placeOf(sealed.lastKnownPlaceCode);
  const birth = toPartialDate(sealed.birth);
  const birthKey = !birth ? '' : 'approxAge' in birth ? `~${birth.approxAge}@${birth.atYear}` : `${birth.year}-${birth.month ?? ''}-${birth.day ?? ''}`;
  return { birth, birthKey, separationYear: sealed.separatedOn?.year, province: place.province, prefecture: place.prefecture };
}

const keyOf = (f: ChildFacts): string => `${f.birthKey}|${f.separationYear ?? ''}|${f.province ?? ''}|${f.prefecture ?? ''}`;

function share(org: OrgFacts, facts: ChildFacts): Shared {
  const key = keyOf(facts);
  let s = org.pool.get(key);
  if (!s) org.pool.set(key, (s = { facts, refs: 0 }));
  s.refs++;
  return s;
}

function release(org: OrgFacts, s: Shared): void {
  if (--s.refs === 0) org.pool.delete(keyOf(s.facts));
}

function drop(org: OrgFacts, id: string): void {
  const shared = org.facts.get(id);
  if (!shared) return;
  org.facts.delete(id);
  org.stamps.delete(id);
  release(org, shared);
  org.version = ++versions;
}

export interface SoughtFacts {
  /** Children with equal facts, and how many they are (every count at least 1). */
  groups: { facts: ChildFacts; count: number }[];
  /** Equal versions of one organisation mean equal facts (never reused for other facts, in this process). */
  version: number;
}

/** Rows whose sealed fields are fetched and decrypted per query. */
const FETCH_BATCH = 500;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The facts of every sought child of the organisation, as groups of children
 * with equal facts. Reads the cheap columns of all of them, decrypts only
 * those new or changed since the last read, and drops those that are gone.
 *
 * `fresh: true` decrypts every child into a throwaway cache (what a first
 * read after a restart does), leaving the process cache untouched.
 */
export async function soughtFacts(deps: Deps, organisationId: string, opts: { fresh?: boolean; signal?: AbortSignal } = {}): Promise<SoughtFacts> {
  if (opts.fresh) return read(deps, organisationId, emptyOrg(), opts.signal);
  const org = orgFacts(deps.db, organisationId);
  const run = org.queue.then(() => read(deps, organisationId, org, opts.signal));
  // The queue must go on after a failed read; the caller still sees the failure.
  org.queue = run.catch(() => undefined);
  return run;
}

/**
 * The stamp compared on every read: the last 22 characters of the wrapped
 * key, which encode the last 16 bytes of the wrapped (encrypted) record key.
 * Every new record key, and every re-wrap under a fresh IV, changes them
 * (the chance that they stay the same is 2^-128), and a quarter of the bytes
 * to read and compare makes the read of 200,000 stamps noticeably cheaper.
 * A stamp that differs for any other reason only costs a decryption.
 */
const STAMP_CHARS = 22;
const stampOf = (wrapped: string): string => wrapped.slice(-STAMP_CHARS);

/**
 * Whether the organisation is the installation's only one (the usual case:
 * ensureOrganisation and setup make one, and only when there is none).
 */
async function onlyOrganisation(db: Db, organisationId: string): Promise<boolean> {
  const orgs = await db.selectFrom('organisations').select('id').limit(2).execute();
  return orgs.length === 1 && orgs[0]!.id === organisationId;
}

async function read(deps: Deps, organisationId: string, org: OrgFacts, signal: AbortSignal | undefined): Promise<SoughtFacts> {
  const forgotten = new Set<string>();
  org.forgottenDuringRead = forgotten;
  try {
    // Cheap columns only: the sealed blob is fetched for new or changed rows alone.
    const stamp = sql<string>`substr(people.wrapped_key, length(people.wrapped_key) - ${sql.lit(STAMP_CHARS - 1)})`.as('stamp');
    const rows = (await onlyOrganisation(deps.db, organisationId))
      ? // Every case is this organisation's (foreign keys), so the join with cases, a third of the read's time on 200,000 cases, is left out.
        await deps.db.selectFrom('people').select(['people.id', stamp]).where('people.role', '=', 'sought').execute()
      : await deps.db
          .selectFrom('people')
          .innerJoin('cases', 'cases.id', 'people.case_id')
          .select(['people.id', stamp])
          .where('cases.organisation_id', '=', organisationId)
          .where('people.role', '=', 'sought')
          .execute();
    let unchanged = 0;
    const stale: string[] = [];
    for (const r of rows) {
      if (org.stamps.get(r.id) === r.stamp) unchanged++;
      else stale.push(r.id);
    }
    let added = 0;
    for (let i = 0; i < stale.length; i += FETCH_BATCH) {
      // A server shutting down stops a warm-up between batches (what is cached so far stays valid).
      signal?.throwIfAborted();
      const ids = stale.slice(i, i + FETCH_BATCH);
      const batch = await deps.db.selectFrom('people').select(['id', 'wrapped_key', 'sealed']).where('id', 'in', ids).where('role', '=', 'sought').execute();
      const found = new Set<string>();
      for (const p of batch) {
        found.add(p.id);
        // Shredded while this read ran: not brought back.
        if (forgotten.has(p.id)) continue;
        const facts = factsOf(openRecord(deps.kr, 'people', p.id, p.wrapped_key)('sealed', p.sealed) as SoughtSealed);
        drop(org, p.id);
        // Stamped with the wrapped key the facts were decrypted with, even if it changed since the first query.
        org.stamps.set(p.id, stampOf(p.wrapped_key));
        org.facts.set(p.id, share(org, facts));
        org.version = ++versions;
        added++;
      }
      // Deleted since the first query: its old facts (if any) must not be counted.
      for (const id of ids) if (!found.has(id)) drop(org, id);
      // A first read decrypts every child (seconds on a large organisation): let requests through between batches.
      if (stale.length > FETCH_BATCH) await yieldToEventLoop();
    }
    // Whoever this read did not see is gone from the organisation (a full pass only when someone may be).
    if (forgotten.size > 0 || org.stamps.size !== unchanged + added) {
      const seen = new Set(rows.map((r) => r.id));
      for (const id of [...org.stamps.keys()]) if (!seen.has(id)) drop(org, id);
    }
    for (const id of forgotten) drop(org, id);
    return { groups: [...org.pool.values()].map((s) => ({ facts: s.facts, count: s.refs })), version: org.version };
  } finally {
    org.forgottenDuringRead = undefined;
  }
}

/**
 * Drops people from the cache at once (a crypto-shredded case: its
 * children's facts must not outlive their keys). Unknown ids are ignored.
 */
export function forgetPeople(db: Db, ids: readonly string[]): void {
  const byOrg = caches.get(db);
  if (!byOrg) return;
  for (const org of byOrg.values()) {
    for (const id of ids) {
      drop(org, id);
      org.forgottenDuringRead?.add(id);
    }
  }
}

/** How many children and distinct fact combinations the cache holds for an organisation (tests, bench). */
export function factsCacheSize(db: Db, organisationId: string): { children: number; combinations: number } {
  const org = caches.get(db)?.get(organisationId);
  return { children: org?.facts.size ?? 0, combinations: org?.pool.size ?? 0 };
}

/** Forgets everything cached for this database (the bench's cold start). */
export function clearFactsCache(db: Db): void {
  caches.delete(db);
}

/** Whether an organisation's facts are cached (tests). */
export function hasCachedFacts(db: Db, organisationId: string, personId: string): boolean {
  return caches.get(db)?.get(organisationId)?.facts.has(personId) ?? false;
}
