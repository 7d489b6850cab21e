// interim: replaced by the team8 branch
export function teamUrlProblem(text: string): string | null {
  if (!URL.canParse(text)) return 'is not a web address';
  const u = new URL(text);
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1')) return null;
  return 'must start with https://';
}
export const teamUrlOrigins = (url: string): string => `${new URL(url).protocol}//${new URL(url).hostname}/*`;
