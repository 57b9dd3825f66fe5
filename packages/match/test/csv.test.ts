import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvError, csvField, parseCsv } from '../src/csv.ts';

describe('parseCsv', () => {
  it('trims the space FEBRL writes after each comma', () => {
    const t = parseCsv('rec_id, given_name, surname\nrec-1-org, michaela, neumann\n');
    expect(t.header).toEqual(['rec_id', 'given_name', 'surname']);
    expect(t.rows).toEqual([['rec-1-org', 'michaela', 'neumann']]);
  });
  it('handles quotes, doubled quotes, embedded commas and newlines, CRLF and a BOM', () => {
    const t = parseCsv('\ufeffa,b\r\n"x, y","say ""hi""\nthere"\r\n3,\r\n');
    expect(t.rows).toEqual([['x, y', 'say "hi"\nthere'], ['3', '']]);
    expect(t.lines).toEqual([2, 4]);
  });
  it('reports the line of a row with the wrong number of fields', () => {
    expect(() => parseCsv('a,b\n1,2\n\n3\n')).toThrow(/line 4: expected 2 fields, found 1/);
  });
  it('reports an unterminated quote where it opened', () => {
    try {
      parseCsv('a,b\n1,2\n"open,3\n4,5\n');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CsvError);
      expect((e as CsvError).line).toBe(3);
    }
  });
  it('round-trips any field through csvField', () => {
    fc.assert(fc.property(fc.array(fc.string(), { minLength: 2, maxLength: 4 }), (fields) => {
      const header = fields.map((_, i) => `c${i}`).join(',');
      const t = parseCsv(`${header}\n${fields.map(csvField).join(',')}\n`, { trim: false });
      if (fields.every((f) => f === '') && fields.length === 1) return;
      expect(t.rows[0]).toEqual(fields);
    }));
  });
});
