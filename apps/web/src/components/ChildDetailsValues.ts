import type { ChildDetails } from '@homeward/contracts';

/** The optional child details as form values ('' = not given); see ChildDetailsSchema in the contracts. */
export interface ChildDetailsValues {
  fatherName: string;
  fatherFamily: string;
  hukou: string;
  school: string;
  knowsMother: string;
}

export function emptyChildDetails(): ChildDetailsValues {
  return { fatherName: '', fatherFamily: '', hukou: '', school: '', knowsMother: '' };
}

/**
 * Form values -> API body; undefined when nothing is given (nothing is sealed then).
 * @example toChildDetails({ ...emptyChildDetails(), hukou: 'registered' }) // { hukou: 'registered' }
 */
export function toChildDetails(v: ChildDetailsValues | undefined): ChildDetails | undefined {
  if (!v) return undefined;
  const out: ChildDetails = {};
  const text = (s: string) => (s.trim() === '' ? undefined : s.trim());
  const fatherName = text(v.fatherName);
  const fatherFamily = text(v.fatherFamily);
  const school = text(v.school);
  if (fatherName) out.fatherName = fatherName;
  if (fatherFamily) out.fatherFamily = fatherFamily;
  if (school) out.school = school;
  if (v.hukou === 'registered' || v.hukou === 'not_registered') out.hukou = v.hukou;
  if (v.knowsMother === 'yes' || v.knowsMother === 'no' || v.knowsMother === 'partly') out.knowsMother = v.knowsMother;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A stored sought person's details -> form values. */
export function fromChildDetails(c: ChildDetails | undefined): ChildDetailsValues {
  return {
    fatherName: c?.fatherName ?? '',
    fatherFamily: c?.fatherFamily ?? '',
    hukou: c?.hukou ?? '',
    school: c?.school ?? '',
    knowsMother: c?.knowsMother ?? '',
  };
}
