import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPassword, passwordPolicy } from '../../src/domain/password-policy.js';

describe('checkPassword', () => {
  it('accepts a long password with all four classes that does not contain the username', () => {
    expect(checkPassword('Tr0ub4dor&3x', 'alice')).toEqual([]);
  });

  it('accepts exactly 10 characters and rejects 9 as too short', () => {
    expect(checkPassword('Abcdefgh1!', 'alice')).toEqual([]);
    expect(checkPassword('Abcdefg1!', 'alice')).toEqual(['too_short']);
  });

  it('counts characters by code point, not by UTF-16 unit', () => {
    const emoji = '\u{1F600}';
    // 'Aa' + 8 emoji: 10 code points but 18 UTF-16 units; three classes (upper, lower, symbol)
    expect(checkPassword(`Aa${emoji.repeat(8)}`, 'alice')).toEqual([]);
    // 'Aa' + 7 emoji: 9 code points although 16 UTF-16 units
    expect(checkPassword(`Aa${emoji.repeat(7)}`, 'alice')).toEqual(['too_short']);
  });

  it('accepts 256 characters and rejects 257 as too long', () => {
    expect(passwordPolicy.maxLength).toBe(256);
    expect(checkPassword(`Aa1${'x'.repeat(253)}`, 'alice')).toEqual([]);
    expect(checkPassword(`Aa1${'x'.repeat(254)}`, 'alice')).toEqual(['too_long']);
  });

  it('accepts every combination of three of the four classes', () => {
    expect(checkPassword('abcdeFGHIJ12', 'zed')).toEqual([]); // lower, upper, digit
    expect(checkPassword('abcdeFGHIJ!?', 'zed')).toEqual([]); // lower, upper, symbol
    expect(checkPassword('abcdef1234!?', 'zed')).toEqual([]); // lower, digit, symbol
    expect(checkPassword('ABCDEF1234!?', 'zed')).toEqual([]); // upper, digit, symbol
  });

  it('rejects a password with only two character classes', () => {
    expect(checkPassword('abcdefghij12', 'zed')).toEqual(['too_few_classes']);
    expect(checkPassword('ABCDEFGHIJ!!', 'zed')).toEqual(['too_few_classes']);
    expect(checkPassword('1234567890-=', 'zed')).toEqual(['too_few_classes']);
    expect(checkPassword('abcdefghijkl', 'zed')).toEqual(['too_few_classes']);
  });

  it('counts a space as a symbol', () => {
    expect(checkPassword('correct horse 7', 'zed')).toEqual([]);
  });

  it('rejects a password that contains the username, ignoring case', () => {
    expect(checkPassword('My-ALICE-2024', 'alice')).toEqual(['contains_username']);
    expect(checkPassword('my-alice-2024X', 'Alice')).toEqual(['contains_username']);
  });

  it('ignores whitespace around the username when looking for it', () => {
    expect(checkPassword('Bob-is-2024!', '  bob  ')).toEqual(['contains_username']);
  });

  it('does not look for a blank username', () => {
    expect(checkPassword('Tr0ub4dor&3x', '')).toEqual([]);
    expect(checkPassword('Tr0ub4dor&3x', '   ')).toEqual([]);
  });

  it('does not reject a password that contains only part of the username', () => {
    expect(checkPassword('Zhangsa-2024!', 'zhangsan')).toEqual([]);
  });

  it('reports every problem at once, in a fixed order', () => {
    expect(checkPassword('alice', 'alice')).toEqual(['too_short', 'too_few_classes', 'contains_username']);
  });

  it('reports too_short exactly when a password has fewer than 10 code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (password) => {
        const short = [...password].length < passwordPolicy.minLength;
        expect(checkPassword(password, '').includes('too_short')).toBe(short);
      }),
    );
  });

  it('always rejects a password into which the username was inserted', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 10, maxLength: 30 }),
        fc.stringMatching(/^[a-z][a-z0-9._-]{0,15}$/),
        fc.nat(),
        (base, username, at) => {
          const cut = at % (base.length + 1);
          const password = base.slice(0, cut) + username.toUpperCase() + base.slice(cut);
          expect(checkPassword(password, username)).toContain('contains_username');
        },
      ),
    );
  });
});
