import { describe, expect, it } from 'vitest';
import { parseError } from '../src/api/client.ts';
import type { CaseDetail } from '../src/api/types.ts';
import { emptyCase, emptyLead, fromCaseDetail, toCaseInput, toLeadInput } from '../src/lib/case-form.ts';
import { errorKey, issueKey, splitIssues } from '../src/lib/errors.ts';
import { formatFieldPath } from '../src/lib/format.ts';
import { emptyDate, fromPartialDate, partialDateMessage, toPartialDate } from '../src/lib/partial-date.ts';

describe('partial dates', () => {
  it.each([
    [{ ...emptyDate('year'), year: '2012', month: '5' }, { year: 2012 }],
    [{ ...emptyDate('month'), year: '2012', month: '5' }, { year: 2012, month: 5 }],
    [{ ...emptyDate('day'), year: '2012', month: '05', day: '3' }, { year: 2012, month: 5, day: 3 }],
    [{ ...emptyDate('age'), approxAge: '4', atYear: '2016', year: '1999' }, { approxAge: 4, atYear: 2016 }],
    [{ ...emptyDate('none'), year: '2012' }, undefined],
  ])('keeps exactly the chosen precision: %o', (fields, expected) => {
    const errors = {};
    expect(toPartialDate(fields, 'birth', errors)).toEqual(expected);
    expect(errors).toEqual({});
  });

  it('reports what is not a number under the API path, and sends nothing', () => {
    const errors: Record<string, string> = {};
    expect(toPartialDate({ ...emptyDate('month'), year: '20x2', month: '' }, 'sought.0.birth', errors)).toBeUndefined();
    expect(errors).toEqual({ 'sought.0.birth.year': 'not_a_number', 'sought.0.birth.month': 'required' });
  });

  it('round-trips through the form fields', () => {
    for (const date of [{ year: 2001 }, { year: 2001, month: 12 }, { year: 2001, month: 2, day: 28 }, { approxAge: 7, atYear: 2010 }]) {
      expect(toPartialDate(fromPartialDate(date), 'd', {})).toEqual(date);
    }
    expect(fromPartialDate(undefined).mode).toBe('none');
  });

  it('names the catalogue entry for display', () => {
    expect(partialDateMessage({ approxAge: 4, atYear: 2016 })).toEqual({ key: 'dateFormat.approx', values: { age: 4, year: 2016 } });
    expect(partialDateMessage({ year: 2012, month: 5 })?.key).toBe('dateFormat.month');
    expect(partialDateMessage({})).toBeNull();
  });
});

describe('case form', () => {
  it('builds a request body without blanks, keys or invented values', () => {
    const values = emptyCase();
    values.applicant.names[0]!.text = ' 김순희 ';
    values.sought[0]!.names[0]!.text = '李美玲';
    values.sought[0]!.names[0]!.script = 'hanzi-simplified';
    values.sought[0]!.relation = 'daughter';
    values.sought[0]!.birth = { ...emptyDate('age'), approxAge: '4', atYear: '2016' };
    values.riskLevel = 'high';
    const { input, errors } = toCaseInput(values);
    expect(errors).toEqual({});
    expect(input).toEqual({
      applicant: { names: [{ text: '김순희' }] },
      sought: [{ names: [{ text: '李美玲', script: 'hanzi-simplified' }], birth: { approxAge: 4, atYear: 2016 }, relation: 'daughter' }],
      status: 'open',
      assignedTo: null,
      riskLevel: 'high',
    });
  });

  it('puts client-side problems at the paths the server would use', () => {
    const values = emptyCase();
    values.sought[0]!.separatedOn = { ...emptyDate('year'), year: 'abc' };
    expect(toCaseInput(values).errors).toEqual({ 'sought.0.separatedOn.year': 'not_a_number' });
  });

  it('loads a stored case into the form and back unchanged, keeping person ids', () => {
    const stored: CaseDetail = {
      id: 'c1',
      reference: 'HW-2026-0001',
      version: 3,
      status: 'tracing',
      assignedTo: { id: 'u1', displayName: 'Caseworker' },
      riskLevel: 'medium',
      riskNotes: 'note',
      notes: 'case notes',
      applicant: { id: 'p1', names: [{ text: '박영희', script: 'hangul', kind: 'legal' }], safeContact: 'weekday mornings' },
      sought: [
        {
          id: 'p2',
          relation: 'son',
          names: [{ text: '王小明', script: 'hanzi-simplified', kind: 'chinese' }, { text: '명이', script: 'hangul', kind: 'nickname' }],
          sex: 'male',
          birth: { year: 2009, month: 3 },
          lastKnownPlace: 'Yanji',
          separatedOn: { year: 2014 },
          separationCircumstances: 'left with the father',
        },
      ],
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-02T00:00:00Z',
    };
    const { input } = toCaseInput(fromCaseDetail(stored));
    expect(input).toEqual({
      applicant: { id: 'p1', names: stored.applicant.names, safeContact: 'weekday mornings' },
      sought: stored.sought,
      status: 'tracing',
      assignedTo: 'u1',
      riskLevel: 'medium',
      riskNotes: 'note',
      notes: 'case notes',
    });
  });
});

describe('lead form', () => {
  it('requires a received date and pairs age with its year', () => {
    const values = emptyLead(new Date(2026, 0, 15));
    values.names[0]!.text = 'Li Meiling';
    values.source = 'partner';
    values.approxAge = { age: '12', atYear: '' };
    expect(toLeadInput(values).errors).toEqual({ 'approxAge.atYear': 'required' });
    values.approxAge.atYear = '2025';
    const { input, errors } = toLeadInput(values);
    expect(errors).toEqual({});
    expect(input).toMatchObject({ approxAge: { age: 12, atYear: 2025 }, receivedOn: { year: 2026, month: 1, day: 15 }, caseId: null });
    values.receivedOn = emptyDate('none');
    expect(toLeadInput(values).errors).toEqual({ receivedOn: 'required' });
  });
});

describe('errors', () => {
  it('parses the server error shape, with array or dotted paths', () => {
    const e = parseError(400, { code: 'VALIDATION_FAILED', message: 'x', issues: [{ path: ['sought', 0, 'birth', 'month'], code: 'too_big' }] });
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.issues).toEqual([{ path: 'sought.0.birth.month', code: 'too_big' }]);
    expect(parseError(502, '<html>').code).toBe('INTERNAL');
    expect(parseError(401, undefined).code).toBe('UNAUTHENTICATED');
  });

  it('maps unknown codes to generic messages', () => {
    expect(errorKey('STALE_VERSION')).toBe('errors.STALE_VERSION');
    expect(errorKey('SOMETHING_NEW')).toBe('errors.UNKNOWN');
    expect(issueKey('too_big')).toBe('issues.too_big');
    expect(issueKey('weird')).toBe('issues.invalid');
  });

  it('never drops an issue whose path no field shows', () => {
    const values = emptyCase();
    const { placed, unplaced } = splitIssues(
      [
        { path: 'sought.0.birth.month', code: 'too_big' },
        { path: 'applicant.names.0.text', code: 'too_small' },
        { path: 'sought.5.relation', code: 'invalid_value' },
        { path: 'consents', code: 'unrecognized_keys' },
      ],
      values,
    );
    expect(placed.map((i) => i.path)).toEqual(['sought.0.birth.month', 'applicant.names.0.text']);
    expect(unplaced.map((i) => i.path)).toEqual(['sought.5.relation', 'consents']);
  });
});

describe('history field names', () => {
  // A stand-in for i18next's t that shows which key and values were asked for.
  const t = ((key: string, values?: Record<string, unknown>) =>
    values ? `${key}${JSON.stringify(values)}` : key) as unknown as Parameters<typeof formatFieldPath>[0];

  it('names person fields by their part of the case', () => {
    expect(formatFieldPath(t, 'status')).toBe('case.status');
    expect(formatFieldPath(t, 'applicant.safeContact')).toBe(
      'history.fieldPath{"part":"case.applicant","field":"person.safeContact"}',
    );
    expect(formatFieldPath(t, 'sought.1.birth')).toBe(
      'history.fieldPath{"part":"case.soughtN{\\"n\\":2}","field":"person.birth"}',
    );
  });

  it('shows unknown paths unchanged rather than hiding them', () => {
    expect(formatFieldPath(t, 'consents')).toBe('consents');
    expect(formatFieldPath(t, 'sought.x.birth')).toBe('sought.x.birth');
    expect(formatFieldPath(t, 'applicant.names.0.text')).toBe('applicant.names.0.text');
  });
});

describe('custom date issues', () => {
  it('get a code that says what was wrong, from the field they sit on', () => {
    const e = parseError(400, {
      code: 'VALIDATION_FAILED',
      issues: [
        { path: 'sought.0.birth.year', code: 'custom', message: 'must be 1900-2026' },
        { path: 'sought.0.birth.day', code: 'custom', message: 'must be 1-28 for that month' },
        { path: 'approxAge.atYear', code: 'custom', message: 'must not be in the future' },
        { path: 'sought.0.birth', code: 'custom', message: 'give either' },
        { path: 'sought.0.birth.month', code: 'too_big', message: 'must be 1-12' },
      ],
    });
    expect(e.issues.map((i) => i.code)).toEqual(['year_range', 'day_range', 'year_range', 'custom', 'too_big']);
  });
});
