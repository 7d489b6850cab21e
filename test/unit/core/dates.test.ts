import { describe, expect, it } from 'vitest';
import { parseDate } from '../../../src/core/dates';

describe('parseDate', () => {
  const cases: [string, string, string][] = [
    // month first
    ['12/31/2026', 'en-US', '2026-12-31'],
    ['1/5/2027', 'en-US', '2027-01-05'],
    ['12/31/26', 'en-US', '2026-12-31'],
    ['03/04/2026', 'en-US', '2026-03-04'],
    ['03/04/2026', 'en', '2026-03-04'],
    // day first
    ['31/12/2026', 'en-GB', '2026-12-31'],
    ['03/04/2026', 'en-GB', '2026-04-03'],
    ['31/12/2026', 'fr-FR', '2026-12-31'],
    ['31/12/2026', 'es-ES', '2026-12-31'],
    ['03/04/2026', 'es', '2026-04-03'],
    ['31/12/2026', 'it-IT', '2026-12-31'],
    ['31/12/2026', 'pt-BR', '2026-12-31'],
    ['31/12/26', 'en-GB', '2026-12-31'],
    ['5/1/2027', 'en-AU', '2027-01-05'],
    // dotted
    ['31.12.2026', 'de-DE', '2026-12-31'],
    ['31.12.2026', 'de-CH', '2026-12-31'],
    ['31.12.2026', 'ru-RU', '2026-12-31'],
    ['3.4.2026', 'de-DE', '2026-04-03'],
    ['31.12.26', 'de-DE', '2026-12-31'],
    ['31. 12. 2026', 'cs-CZ', '2026-12-31'],
    // dashed
    ['31-12-2026', 'nl-NL', '2026-12-31'],
    ['3-4-2026', 'nl-NL', '2026-04-03'],
    // year first
    ['2026-12-31', 'en-US', '2026-12-31'],
    ['2026-12-31', 'de-DE', '2026-12-31'],
    ['2026/12/31', 'ja-JP', '2026-12-31'],
    ['2026/12/31', 'zh-CN', '2026-12-31'],
    ['2026/3/4', 'ja-JP', '2026-03-04'],
    ['2026年12月31日', 'ja-JP', '2026-12-31'],
    ['2026. 12. 31.', 'ko-KR', '2026-12-31'],
    ['2026.12.31', 'hu-HU', '2026-12-31'],
    ['2026-12-31T17:00:00Z', 'en-US', '2026-12-31'],
    // English month names
    ['Dec 31, 2026', 'en-US', '2026-12-31'],
    ['31 Dec 2026', 'en-GB', '2026-12-31'],
    ['December 31, 2026', 'en-US', '2026-12-31'],
    ['31 December 2026', 'de-DE', '2026-12-31'],
    ['Sept 3, 2026', 'en-US', '2026-09-03'],
    ['Thu, Dec 31, 2026', 'en-US', '2026-12-31'],
    ['31-Dec-2026', 'en-US', '2026-12-31'],
    ['31st December 2026', 'en-GB', '2026-12-31'],
    ['Dec 31, 26', 'en-US', '2026-12-31'],
    // the locale's month names, from Intl
    ['31. Dezember 2026', 'de-DE', '2026-12-31'],
    ['31. Dez. 2026', 'de-DE', '2026-12-31'],
    ['3. März 2026', 'de-DE', '2026-03-03'],
    ['31 décembre 2026', 'fr-FR', '2026-12-31'],
    ['31 déc. 2026', 'fr-FR', '2026-12-31'],
    ['31 de diciembre de 2026', 'es-ES', '2026-12-31'],
    ['31 grudnia 2026', 'pl-PL', '2026-12-31'],
    // time suffixes
    ['12/31/2026 5:00 PM', 'en-US', '2026-12-31'],
    ['12/31/2026, 5:00 PM', 'en-US', '2026-12-31'],
    ['31.12.2026, 17:00', 'de-DE', '2026-12-31'],
    ['31.12.2026 um 17:00', 'de-DE', '2026-12-31'],
    ['31/12/2026 17:00', 'fr-FR', '2026-12-31'],
    ['Dec 31, 2026 at 5:00 PM', 'en-US', '2026-12-31'],
    ['2026/12/31 17:00', 'ja-JP', '2026-12-31'],
    // leap years
    ['2/29/2028', 'en-US', '2028-02-29'],
    ['29.02.2000', 'de-DE', '2000-02-29'],
    // two-digit year window
    ['1/1/69', 'en-US', '2069-01-01'],
    ['1/1/70', 'en-US', '1970-01-01'],
  ];
  it.each(cases)('%j in %s → %s', (text, locale, iso) => {
    expect(parseDate(text, locale)).toBe(iso);
  });

  it('reads an unambiguous date whose day cannot be a month, even against the locale order', () => {
    // Salesforce formats by the user's locale, which can differ from the page's language tag.
    expect(parseDate('31/12/2026', 'en-US')).toBe('2026-12-31');
    expect(parseDate('12/31/2026', 'en-GB')).toBe('2026-12-31');
  });

  it('follows the locale for ambiguous dates, en-US order for an unknown locale', () => {
    expect(parseDate('03/04/2026', 'en-US')).toBe('2026-03-04');
    expect(parseDate('03/04/2026', 'fr-FR')).toBe('2026-04-03');
    expect(parseDate('03/04/2026', 'not a locale')).toBe('2026-03-04');
  });

  it.each([
    '',
    '   ',
    '—',
    'N/A',
    'tomorrow',
    '2026-02-30',
    '02/30/2026',
    '30.02.2026',
    '2/29/2026',
    '13/13/2026',
    '00/10/2026',
    '2026-13-01',
    '12/31',
    'Dec 2026',
    'Foo 31, 2026',
    '31/12/226',
    '1/2/3/4',
  ])('returns null for %j', (text) => {
    expect(parseDate(text, 'en-US')).toBeNull();
  });
});
