// Deterministic fictional people with noisy duplicates, for tests.
import { rng } from '../src/train.ts';

const GIVEN = ['amelia', 'oliver', 'isla', 'jack', 'ava', 'noah', 'mia', 'leo', 'ella', 'henry', 'grace', 'lucas', 'chloe', 'ethan', 'zoe', 'mason', 'ruby', 'logan', 'ivy', 'harvey', 'lily', 'oscar', 'sofia', 'theo', 'willow', 'hugo', 'piper', 'felix', 'hazel', 'jasper'];
const SURNAME = ['smith', 'jones', 'taylor', 'brown', 'wilson', 'nguyen', 'martin', 'walker', 'harris', 'clarke', 'wright', 'mitchell', 'thompson', 'robinson', 'kelly', 'king', 'baker', 'campbell', 'parker', 'morgan', 'bennett', 'fletcher', 'gallagher', 'hawthorne', 'lindqvist', 'okonkwo', 'przybylski', 'quartermaine', 'vasquez', 'yamamoto'];
const CITY = ['ashford', 'belmont', 'carlton', 'dunmore', 'elmwood', 'fairview', 'glenrock', 'hillside', 'ivanhoe', 'juniper'];

export type Person = { id: string; given?: string; surname?: string; dob?: string; city?: string; truth: number };

function typo(s: string, r: () => number): string {
  if (s.length < 3) return s;
  const i = 1 + Math.floor(r() * (s.length - 2));
  const k = r();
  if (k < 0.4) return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
  if (k < 0.7) return s.slice(0, i) + s.slice(i + 1);
  return s.slice(0, i) + 'aeiou'[Math.floor(r() * 5)] + s.slice(i + 1);
}

/** `people` originals, each with a noisy duplicate when `dupEvery` divides its index. */
export function people(n: number, seed = 1, dupEvery = 2): Person[] {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const out: Person[] = [];
  for (let k = 0; k < n; k++) {
    const y = 1950 + Math.floor(r() * 60);
    const m = 1 + Math.floor(r() * 12);
    const d = 1 + Math.floor(r() * 28);
    const p: Person = { id: `p${k}`, given: pick(GIVEN), surname: pick(SURNAME), dob: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, city: pick(CITY), truth: k };
    out.push(p);
    if (k % dupEvery === 0) {
      const q: Person = { ...p, id: `p${k}d` };
      const which = Math.floor(r() * 4);
      if (which === 0) q.given = typo(p.given!, r);
      if (which === 1) q.surname = typo(p.surname!, r);
      if (which === 2) q.dob = `${y}-${String(m).padStart(2, '0')}`; // less precise, not wrong
      if (which === 3) q.city = undefined;
      out.push(q);
    }
  }
  return out;
}
