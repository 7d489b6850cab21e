/**
 * RELIABILITY.md is a table of every fault and bad input Stagecoach was tried against, each row naming the test that
 * tries it. The table is only worth something while every row is a real test that `npm test` runs: this checks that
 * each named file is in one of the test projects, holds every part of the named test's title, and skips nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const table = readFileSync(path.join(root, 'RELIABILITY.md'), 'utf8');

interface Row {
  line: number;
  area: string;
  file: string;
  test: string;
}

/** The table's rows: `| area | fault or bad input | `file` | describe › it | result |`. */
function rows(markdown: string): Row[] {
  const found: Row[] = [];
  markdown.split('\n').forEach((text, index) => {
    const cells = text.split(/(?<!\\)\|/).map((cell) => cell.trim());
    // A row starts and ends with a pipe: cells[0] and the last cell are empty.
    if (cells.length !== 7 || cells[0] !== '' || cells[6] !== '') return;
    const [, area = '', , file = '', test = ''] = cells;
    const fileMatch = /^`([^`]+)`$/.exec(file);
    if (!fileMatch) return; // the header and its rule
    found.push({ line: index + 1, area, file: fileMatch[1]!, test: test.replace(/\\\|/g, '|') });
  });
  return found;
}

const all = rows(table);
const TEST_PROJECTS = /^test\/(unit|build|e2e)\/.+\.test\.tsx?$/;

describe('RELIABILITY.md', () => {
  it('has a row for every part of the reliability issue', () => {
    const areas = new Set(all.map((row) => row.area));
    for (const area of ['Messages', 'Hostile text', 'Hostile pages', 'Faults', 'Storage', 'Import', 'Least privilege']) {
      expect(areas, `no row for ${area}`).toContain(area);
    }
  });

  it.each(all.map((row) => [`line ${row.line}`, row] as const))('%s names a test that npm test runs', (_where, row) => {
    expect(row.file, 'a test file of the unit, build or e2e project').toMatch(TEST_PROJECTS);
    const file = path.join(root, row.file);
    expect(existsSync(file), `${row.file} exists`).toBe(true);
    const source = readFileSync(file, 'utf8');
    for (const part of row.test.split(' › ')) {
      expect(source.includes(part), `${row.file} has a test titled “${part}”`).toBe(true);
    }
    expect(source, `${row.file} skips nothing`).not.toMatch(/\b(?:it|test|describe)\.(?:skip|only|todo)\b|\bx(?:it|describe)\(/);
  });
});
