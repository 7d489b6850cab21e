/**
 * The overlay as a rep meets it, for every CRM's browser tests: its landmark, status and checkboxes by role and
 * accessible name.
 */
import type { Page } from 'playwright-core';

export const panel = (page: Page) => page.getByRole('complementary', { name: 'Stage checklist' });
export const status = (page: Page) => panel(page).getByRole('status');
export const criterion = (page: Page, label: string) => panel(page).getByRole('checkbox', { name: label });
/** How many overlay hosts the page holds: 0 where Stagecoach must stay out of the way. */
export const overlayHosts = (page: Page) => page.locator('stagecoach-overlay').count();

export async function statusText(page: Page): Promise<string> {
  return ((await status(page).textContent()) ?? '').trim();
}

/** Text as a rep reads it: Intl formats money with no-break spaces. */
export async function panelText(page: Page): Promise<string> {
  return ((await panel(page).textContent()) ?? '').replace(/\s+/g, ' ');
}
