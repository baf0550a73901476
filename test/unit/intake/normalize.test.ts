import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../../src/intake/normalize.js';
import { stripPinyin } from '../../../src/intake/pinyin.js';

describe('pinyin annotations', () => {
  it('removes pinyin glued after converted characters', () => {
    expect(normalize('傳達(dá)學(xué)習(xí)精神').text).toBe('传达学习精神');
    expect(normalize('著力補(bǔ)齊短板').text).toBe('着力补齐短板');
  });

  it('leaves real parentheses alone', () => {
    for (const s of [
      '昨(22)日',
      '各市(州)设分会场',
      '规划(2020-2022年)',
      '办法(试行)',
      'GDP(gdp)增长',
      '各县(市、区)',
    ]) {
      expect(normalize(s).text).toBe(s);
    }
  });

  it('removes a toneless syllable only after a character that has a simplified form', () => {
    expect(normalize('他們(men)來了').text).toBe('他们来了');
    expect(normalize('人工智能(ai)').text).toBe('人工智能(ai)');
  });

  it('records each removal with original and normalised offsets', () => {
    const r = normalize('傳達(dá)');
    const c = r.changes.find((x) => x.kind === 'pinyin');
    expect(c).toMatchObject({
      original: '(dá)',
      originalStart: 2,
      originalEnd: 6,
      normalizedStart: 2,
      normalizedEnd: 2,
    });
  });
});

describe('traditional to simplified', () => {
  it('knows phrases: 著 as a particle, 乾隆, 乾淨, 土著', () => {
    expect(normalize('說著話').text).toBe('说着话');
    expect(normalize('乾隆年間').text).toBe('乾隆年间');
    expect(normalize('乾淨整潔').text).toBe('干净整洁');
    expect(normalize('土著居民').text).toBe('土著居民');
    expect(normalize('顯著成效').text).toBe('显著成效');
  });
});

describe('punctuation', () => {
  it('turns ASCII commas, colons and quotes between Chinese into Chinese punctuation', () => {
    expect(normalize('6月4日,省委召开会议:"六稳"工作').text).toBe('6月4日，省委召开会议：“六稳”工作');
  });

  it('keeps numbers, times and ASCII text as they are', () => {
    expect(normalize('08:47 1,000 a,b').text).toBe('08:47 1,000 a,b');
  });

  it('converts corner brackets and full-width digits, trims indentation', () => {
    expect(normalize('\u3000\u3000「三創聯動」２０１９年').text).toBe('“三创联动”2019年');
  });
});

describe('mojibake repair', () => {
  it('restores a span decoded one byte out of step', () => {
    const r = normalize(
      '五要強化考核不打折?!傲髴?zhàn)略”和“三創(chuàng)聯(lián)動(dòng)”工作。“六大戰(zhàn)略”要實行。',
    );
    expect(r.text).toContain('不打折。“六大战略”和“三创联动”工作');
    expect(r.unrepaired).toEqual([]);
  });

  it('flags damage it cannot repair instead of guessing', () => {
    const r = normalize('会议要求?qǐng)各单位落实。还有\ufffd\ufffd乱码。');
    expect(r.unrepaired.length).toBeGreaterThan(0);
    expect(r.text).toContain('\ufffd');
  });
});

const chinese = fc.string({
  unit: fc.constantFrom(...'會議傳達學習要確保著乾隆(22)日dáxiàn)?!,:"「」　\n各市州（）2020年-'.split('')),
});

describe('normalisation properties', () => {
  it('never throws and keeps the offset map monotone and in range', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), chinese), (s) => {
        const r = normalize(s);
        expect(r.toOriginal.length).toBe(r.text.length + 1);
        for (let i = 1; i < r.toOriginal.length; i++) {
          expect(r.toOriginal[i]).toBeGreaterThanOrEqual(r.toOriginal[i - 1] ?? 0);
        }
        expect(r.toOriginal[0]).toBeGreaterThanOrEqual(0);
        expect(r.toOriginal[r.text.length]).toBeLessThanOrEqual(s.length);
        for (const c of r.changes) {
          expect(c.normalizedStart).toBeLessThanOrEqual(c.normalizedEnd);
          expect(c.normalizedEnd).toBeLessThanOrEqual(r.text.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('removing annotations is idempotent', () => {
    fc.assert(
      fc.property(chinese, (s) => {
        const once = stripPinyin(s);
        expect(stripPinyin(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it('parentheses holding digits survive with their content', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('昨', '各市', '规划', '會議'),
        fc.integer({ min: 0, max: 99999 }),
        fc.constantFrom('日', '年', '号'),
        (a, n, b) => {
          expect(normalize(`${a}(${n})${b}`).text).toContain(`(${n})${b}`);
        },
      ),
    );
  });

  it('leaves already-normalised text unchanged (normalising twice changes nothing)', () => {
    fc.assert(
      fc.property(chinese, (s) => {
        const once = normalize(s).text;
        expect(normalize(once).text).toBe(once);
      }),
      { numRuns: 200 },
    );
  });
});
