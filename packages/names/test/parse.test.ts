import { describe, expect, it } from 'vitest';
import { parseName } from '@homeward/names';

describe('parseName', () => {
  it.each([
    ['김영희', { surname: '김', given: '영희', script: 'hangul' }],
    ['남궁민수', { surname: '남궁', given: '민수', script: 'hangul' }],
    ['황보영', { surname: '황보', given: '영', script: 'hangul' }],
    ['선우진', { surname: '선우', given: '진', script: 'hangul' }],
    ['제갈공명', { surname: '제갈', given: '공명', script: 'hangul' }],
    ['독고영재', { surname: '독고', given: '영재', script: 'hangul' }],
    ['리 미령', { surname: '리', given: '미령', script: 'hangul' }],
    ['李美玲', { surname: '李', given: '美玲', script: 'hanzi-simplified' }],
    ['欧阳明月', { surname: '欧阳', given: '明月', script: 'hanzi-simplified' }],
    ['司马光', { surname: '司马', given: '光', script: 'hanzi-simplified' }],
    ['Kim Young-hee', { surname: 'kim', given: 'young-hee', script: 'latin' }],
    ['Young Hee KIM', { surname: 'kim', given: 'young hee', script: 'latin' }],
    ['KIM, Young-hee', { surname: 'kim', given: 'young-hee', script: 'latin' }],
    ['Young-hee Park', { surname: 'park', given: 'young-hee', script: 'latin' }],
    ['Li Meiling', { surname: 'li', given: 'meiling', script: 'latin' }],
    ['Ri Mi Ryong', { surname: 'ri', given: 'mi ryong', script: 'latin' }],
  ])('%s', (text, parts) => {
    expect(parseName(text)).toEqual(parts);
  });
  it('a lone surname or given name', () => {
    expect(parseName('김')).toEqual({ surname: '김', script: 'hangul' });
    expect(parseName('미령')).toEqual({ given: '미령', script: 'hangul' });
    expect(parseName('Kim')).toEqual({ surname: 'kim', script: 'latin' });
    expect(parseName('남궁')).toEqual({ surname: '남궁', script: 'hangul' });
  });
});
