/** The same local time of day one calendar year after `from` (29 February goes to 1 March). */
export function yearAhead(from: Date = new Date()): Date {
  const ahead = new Date(from);
  ahead.setFullYear(ahead.getFullYear() + 1);
  return ahead;
}
