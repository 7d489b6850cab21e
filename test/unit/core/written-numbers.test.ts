/**
 * The written-out number and amount formats must say exactly what Intl says, in every locale they cover, or step
 * aside (null) and let Intl say it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildChecklist, findStage } from '../../../src/core/checklist';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import { writtenMoney, writtenNumber } from '../../../src/core/written-numbers';
import { adapter } from '../../../src/crm/salesforce';

const LOCALES = ['en-US', 'en', 'en-GB', 'en-CA', 'en-AU', 'de-DE', 'de', 'fr-FR', 'fr', 'es-ES', 'es', 'it-IT', 'pt-BR', 'nl-NL', 'ja-JP', 'zh-CN'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'CHF', 'CAD', 'AUD', 'NZD', 'SEK', 'NOK', 'DKK', 'PLN', 'BRL', 'MXN', 'INR', 'CNY', 'JPY'];
const VALUES = [
  0, 1, 7, 12, 999, 1000, 1234, 9999, 10000, 12345, 123456, 1234567, 1517250, 1250000, 84000, 42500,
  0.5, 0.05, 0.005, 0.004, 0.995, 1.005, 1.015, 2.675, 10.125, 1234.5, 1234.56, 1234.567, 99999.995, 1e15, 123456789.12,
  -1, -0.5, -1234.56, -1517250, -0.004, 1e21, 1e-7, 0.1 + 0.2,
];

describe('numbers written without Intl', () => {
  it('are what Intl writes, in every locale covered, or left to Intl', () => {
    let written = 0;
    for (const locale of LOCALES) {
      const intl = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
      for (const n of VALUES) {
        const ours = writtenNumber(n, locale);
        if (ours === null) continue;
        written++;
        expect(ours, `${n} in ${locale}`).toBe(intl.format(n));
      }
    }
    // Every covered locale writes the everyday numbers itself.
    expect(written).toBeGreaterThan(LOCALES.length * (VALUES.length - 6));
  });

  it('write amounts with their currency code as Intl does, or leave them to Intl', () => {
    let written = 0;
    for (const locale of LOCALES) {
      for (const currency of CURRENCIES) {
        const intl = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'code' });
        for (const n of VALUES) {
          const ours = writtenMoney(n, currency, locale);
          if (ours === null) continue;
          written++;
          expect(ours, `${n} ${currency} in ${locale}`).toBe(intl.format(n));
        }
      }
    }
    expect(written).toBeGreaterThan(LOCALES.length * CURRENCIES.length * (VALUES.length - 6));
  });

  it('leave other locales, other currencies and odd numbers to Intl', () => {
    expect(writtenNumber(1234.5, 'sv-SE')).toBeNull();
    expect(writtenMoney(1234.5, 'USD', 'de-CH')).toBeNull();
    expect(writtenMoney(1234.5, 'KWD', 'en-US')).toBeNull();
    expect(writtenMoney(1234.5, 'usd', 'en-US')).toBeNull();
    expect(writtenNumber(Number.NaN, 'en-US')).toBeNull();
    expect(writtenNumber(1e21, 'en-US')).toBeNull();
    expect(writtenNumber(-0.001, 'en-US')).toBeNull();
  });

  it('write the demo deals’ amounts', () => {
    expect(writtenMoney(1517250, 'USD', 'en-US')).toBe('USD\u00a01,517,250.00');
    expect(writtenMoney(1250000, 'EUR', 'de-DE')).toBe('1.250.000,00\u00a0EUR');
    expect(writtenMoney(1250000, 'EUR', 'fr-FR')).toBe('1\u202f250\u202f000,00\u00a0EUR');
    expect(writtenNumber(0, 'en-US')).toBe('0');
  });
});

/** The deal of a static Salesforce fixture page, and its checklist's rule reasons, as the overlay's first paint makes them. */
function firstChecklist(fixture: string): string[] {
  const w = new Window({ url: 'https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view' });
  w.document.write(readFileSync(join(__dirname, '../../fixtures/salesforce', fixture), 'utf8'));
  const read = adapter.read(w.document as unknown as Document, new URL(w.location.href));
  if (!read.ok) throw new Error(`${fixture} did not read`);
  const match = findStage(DEFAULT_PLAYBOOK, read.deal.stage);
  if (!match) throw new Error(`${fixture}: no stage`);
  const checklist = buildChecklist(DEFAULT_PLAYBOOK, match.stage, read.deal, {}, '2026-01-01');
  return checklist.items.flatMap((item) => (item.reason === undefined ? [] : [item.reason]));
}

describe('the overlay’s first checklist', () => {
  afterEach(() => vi.restoreAllMocks());
  // A spy stands in for the constructor without building anything, so a test that reaches one fails on its use too.
  it('builds no Intl object at all for a deal in en-US, amount and close date included', () => {
    const built = ['NumberFormat', 'DateTimeFormat', 'Collator', 'Locale', 'PluralRules'].map((name) =>
      vi.spyOn(Intl, name as 'NumberFormat'),
    );
    const reasons = firstChecklist('opportunity-en-US.html');
    expect(reasons).toContain('Amount is USD\u00a01,517,250.00 (more than 0)');
    expect(reasons.join(' ')).toMatch(/Close date Dec 31, 2026 is after today/);
    for (const spy of built) expect(spy).not.toHaveBeenCalled();
  });

  it('builds no number format for deals in de-DE and fr-FR (their dates still ask Intl)', () => {
    const numbers = vi.spyOn(Intl, 'NumberFormat');
    expect(firstChecklist('opportunity-de-DE.html').join(' ')).toContain('1.250.000,00\u00a0EUR');
    expect(firstChecklist('opportunity-fr-FR.html').join(' ')).toContain('1\u202f250\u202f000,00\u00a0EUR');
    expect(numbers).not.toHaveBeenCalled();
  });
});
