/**
 * The team-URL fetch against a real HTTP server (node:http on 127.0.0.1) that each test drives: every fault of
 * issue 8 part 4 as the server commits it, answered through Node's own fetch, the same API the worker calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import { serializePlaybook } from '../../../src/core/playbook/serialize';
import {
  fetchTeamPlaybook,
  type TeamFetch,
  type TeamFetchOptions,
} from '../../../src/background/team-fetch';
import type { Playbook } from '../../../src/core/types';
import { startServer, streamLongList, type Streamed, type TestServer } from '../../team-server';

const PLAYBOOK_TEXT = serializePlaybook(DEFAULT_PLAYBOOK);
const ETAG = '"v7-2f9a"';
/** A day ago, as an HTTP date: relative to the day the test runs, so no calendar overtakes it. */
const LAST_MODIFIED = new Date(Date.now() - 86_400_000).toUTCString();

/** A file the format refuses for exactly one reason. */
function playbookWithOneProblem(): string {
  const file = JSON.parse(PLAYBOOK_TEXT) as { stages: { criteria: { id: string }[] }[] };
  const first = file.stages[0]?.criteria[0];
  if (!first) throw new Error('the built-in playbook has no criterion in its first stage');
  first.id = 'Needs Space';
  return JSON.stringify(file);
}

function reasonOf(result: TeamFetch): string {
  if (result.kind !== 'failed') throw new Error(`expected a failure, got ${result.kind}`);
  return result.reason;
}

function playbookOf(result: TeamFetch): Playbook {
  if (result.kind !== 'new') throw new Error(`expected a new playbook, got ${JSON.stringify(result)}`);
  return result.playbook;
}

/**
 * Timeouts short enough for a test, for the stalls only: everywhere else the defaults hold, so a machine slowed by
 * other work cannot turn a slow answer into a timeout. An answer whose headers took a second would still be slow.
 */
const STALL: TeamFetchOptions = { idleTimeoutMs: 1_000 };

let server: TestServer;
let otherSite: TestServer;

beforeAll(async () => {
  server = await startServer('127.0.0.1');
  // localhost and 127.0.0.1 are different origins to a browser, as two hosts of the web are.
  otherSite = await startServer('localhost');
});

afterAll(async () => {
  await Promise.all([server.close(), otherSite.close()]);
});

describe('a playbook file that arrives whole', () => {
  it('is the new playbook, with the ETag and Last-Modified to send next time', async () => {
    const url = server.serve('/valid.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: ETAG, 'Last-Modified': LAST_MODIFIED });
      res.end(PLAYBOOK_TEXT);
    });
    const result = await fetchTeamPlaybook(url, null);
    expect(playbookOf(result)).toEqual(DEFAULT_PLAYBOOK);
    expect(result).toMatchObject({ etag: ETAG, lastModified: LAST_MODIFIED });
    // Without a cache the request is not conditional: a 304 could not be used.
    expect(server.requests('/valid.json')[0]).not.toHaveProperty('if-none-match');
    expect(server.requests('/valid.json')[0]).not.toHaveProperty('if-modified-since');
  });

  it('is asked for past the HTTP cache, with the team host’s cookies', async () => {
    const url = server.serve('/init.json', (_req, res) => res.writeHead(200).end(PLAYBOOK_TEXT));
    const inits: RequestInit[] = [];
    // The real fetch, watched: what it was asked for is what a browser would send.
    const watched: typeof fetch = (input, init) => {
      if (init) inits.push(init);
      return fetch(input, init);
    };
    expect((await fetchTeamPlaybook(url, null, { fetch: watched })).kind).toBe('new');
    expect(inits).toEqual([expect.objectContaining({ cache: 'no-store', credentials: 'include', redirect: 'follow' })]);
  });

  it('has no ETag or Last-Modified when the server gave none', async () => {
    const url = server.serve('/plain.json', (_req, res) => res.writeHead(200).end(PLAYBOOK_TEXT));
    expect(await fetchTeamPlaybook(url, null)).toMatchObject({ kind: 'new', etag: null, lastModified: null });
  });

  it('may start with a byte-order mark, as editors on Windows save it', async () => {
    const url = server.serve('/bom.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PLAYBOOK_TEXT)]));
    });
    expect(playbookOf(await fetchTeamPlaybook(url, null))).toEqual(DEFAULT_PLAYBOOK);
  });

  it('is followed through a redirect within the same site', async () => {
    server.serve('/current.json', (_req, res) => res.writeHead(200).end(PLAYBOOK_TEXT));
    const url = server.serve('/latest', (_req, res) => res.writeHead(302, { Location: '/current.json' }).end());
    expect(playbookOf(await fetchTeamPlaybook(url, null))).toEqual(DEFAULT_PLAYBOOK);
    expect(server.requests('/current.json')).toHaveLength(1);
  });
});

describe('an unchanged file', () => {
  it('is a 304 to the ETag of the last good answer, sent as If-None-Match', async () => {
    const url = server.serve('/etag.json', (req, res) => {
      if (req.headers['if-none-match'] === ETAG) res.writeHead(304).end();
      else res.writeHead(200, { ETag: ETAG }).end(PLAYBOOK_TEXT);
    });
    const result = await fetchTeamPlaybook(url, { etag: ETAG, lastModified: null });
    expect(result).toEqual({ kind: 'unchanged' });
    expect(server.requests('/etag.json')).toEqual([expect.objectContaining({ 'if-none-match': ETAG })]);
  });

  it('is a 304 to the Last-Modified of the last good answer, sent as If-Modified-Since', async () => {
    const url = server.serve('/modified.json', (req, res) => {
      if (req.headers['if-modified-since'] === LAST_MODIFIED) res.writeHead(304).end();
      else res.writeHead(200, { 'Last-Modified': LAST_MODIFIED }).end(PLAYBOOK_TEXT);
    });
    const result = await fetchTeamPlaybook(url, { etag: null, lastModified: LAST_MODIFIED });
    expect(result).toEqual({ kind: 'unchanged' });
    const [headers] = server.requests('/modified.json');
    expect(headers).toMatchObject({ 'if-modified-since': LAST_MODIFIED });
    expect(headers).not.toHaveProperty('if-none-match');
  });

  it('is not claimed by a 304 to a request that named no version', async () => {
    const url = server.serve('/unasked-304.json', (_req, res) => res.writeHead(304).end());
    expect(reasonOf(await fetchTeamPlaybook(url, null))).toBe(
      'the server answered 304 Not Modified to a request for the whole file',
    );
  });
});

describe('a server that answers with an error', () => {
  it.each([
    [404, 'Not Found', 'the server answered 404 Not Found'],
    [500, 'Internal Server Error', 'the server answered 500 Internal Server Error'],
    [503, 'Down for maintenance', 'the server answered 503 Down for maintenance'],
    [403, 'Forbidden', "the server answered 403 Forbidden (perhaps the team's site needs you to sign in: open the address in a tab)"],
  ])('%i %s', async (status, text, reason) => {
    const url = server.serve(`/status-${status}.json`, (_req, res) => res.writeHead(status, text).end('{"error":true}'));
    expect(reasonOf(await fetchTeamPlaybook(url, null))).toBe(reason);
  });
});

describe('a server that stalls', () => {
  it('before its answer: fails after idleTimeoutMs', async () => {
    const url = server.serve('/stall-before-headers.json', () => {
      // Never answers.
    });
    const result = await fetchTeamPlaybook(url, null, { idleTimeoutMs: 300 });
    expect(reasonOf(result)).toBe('the server did not answer within 0.3 seconds');
  });

  it('after its headers, sending no body', async () => {
    const url = server.serve('/stall-after-headers.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': PLAYBOOK_TEXT.length });
      res.flushHeaders();
    });
    expect(reasonOf(await fetchTeamPlaybook(url, null, STALL))).toBe(
      'the server stopped sending the file and sent nothing more for 1 second',
    );
  });

  it('halfway through the file', async () => {
    const url = server.serve('/stall-halfway.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(PLAYBOOK_TEXT.slice(0, 1000));
    });
    expect(reasonOf(await fetchTeamPlaybook(url, null, STALL))).toBe(
      'the server stopped sending the file and sent nothing more for 1 second',
    );
  });

  it('sending a byte now and then, never the whole file: fails after totalTimeoutMs', async () => {
    const url = server.serve('/trickle.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const drip = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(drip));
    });
    // Each byte keeps the exchange alive past the idle timeout, more than twice over, until the total runs out.
    const result = await fetchTeamPlaybook(url, null, { idleTimeoutMs: 1_000, totalTimeoutMs: 2_500 });
    expect(reasonOf(result)).toBe('the whole file did not arrive within 2.5 seconds');
  });
});

describe('a connection that breaks', () => {
  it('closed before the declared length arrived', async () => {
    const url = server.serve('/truncated.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': PLAYBOOK_TEXT.length });
      res.write(PLAYBOOK_TEXT.slice(0, 2000), () => res.socket?.end());
    });
    expect(reasonOf(await fetchTeamPlaybook(url, null))).toBe('the connection closed before the whole file arrived');
  });

  it('reset before the answer', async () => {
    const url = server.serve('/reset-before.json', (req) => req.socket.resetAndDestroy());
    expect(reasonOf(await fetchTeamPlaybook(url, null))).toBe(
      `no answer came from ${new URL(server.origin).host} (check the address, and that this computer is online)`,
    );
  });

  it('reset while the file arrives', async () => {
    const url = server.serve('/reset-during.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(PLAYBOOK_TEXT.slice(0, 2000), () => res.socket?.resetAndDestroy());
    });
    expect(reasonOf(await fetchTeamPlaybook(url, null))).toBe('the connection closed before the whole file arrived');
  });

  it('refused: nothing listens at the address', async () => {
    const gone = await startServer('127.0.0.1');
    await gone.close();
    const url = `${gone.origin}/playbook.json`;
    expect(reasonOf(await fetchTeamPlaybook(url, null))).toBe(
      `no answer came from ${new URL(gone.origin).host} (check the address, and that this computer is online)`,
    );
  });
});

describe('a file that is not a playbook', () => {
  it('invalid JSON, with the line and column of the mistake', async () => {
    const url = server.serve('/invalid.json', (_req, res) => res.writeHead(200).end('{\n  "format": "stagecoach.playbook/v1",\n}'));
    expect(reasonOf(await fetchTeamPlaybook(url, null))).toMatch(/^this is not valid JSON: .+ at line 3, column 1$/);
  });

  it('an empty file', async () => {
    const url = server.serve('/empty.json', (_req, res) => res.writeHead(200).end());
    expect(reasonOf(await fetchTeamPlaybook(url, null))).toBe(
      'the file is empty: a playbook is a JSON object starting with {',
    );
  });

  it('valid JSON of another kind: the first two problems and how many more', async () => {
    const url = server.serve('/other-json.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"error":"unauthorized"}');
    });
    expect(reasonOf(await fetchTeamPlaybook(url, null))).toBe(
      'the file is not a valid playbook: format: missing: a playbook file starts with "format": "stagecoach.playbook/v1"; ' +
        'name: missing: this text is required; and 2 more problems',
    );
  });

  it('a playbook with one mistake: where it is and what is wrong', async () => {
    const url = server.serve('/one-problem.json', (_req, res) => res.writeHead(200).end(playbookWithOneProblem()));
    expect(reasonOf(await fetchTeamPlaybook(url, null))).toMatch(
      /^the file is not a valid playbook: stages\[0\]\.criteria\[0\]\.id: [^;]+$/,
    );
  });

  it('a sign-in page served with 200', async () => {
    const url = server.serve('/sign-in', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html><body><form action="/login"><input name="user"></form></body></html>');
    });
    expect(reasonOf(await fetchTeamPlaybook(url, null))).toBe(
      'the address answered with a web page (perhaps a sign-in page), not a playbook file',
    );
  });

  it('a web page sent as JSON', async () => {
    const url = server.serve('/page-as-json.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('\n  <html><head><title>Sign in</title></head></html>');
    });
    expect(reasonOf(await fetchTeamPlaybook(url, null))).toBe(
      'the address answered with a web page (perhaps a sign-in page), not a playbook file',
    );
  });

  it('text in another encoding than UTF-8', async () => {
    const url = server.serve('/latin1.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(Buffer.from(PLAYBOOK_TEXT.replace('"name": "', '"name": "Vertrieb Gr\u00fcn '), 'latin1'));
    });
    expect(reasonOf(await fetchTeamPlaybook(url, null))).toBe(
      'the file is not UTF-8 text: save it as UTF-8 and publish it again',
    );
  });
});

describe('a file larger than maxBytes', () => {
  const limits: TeamFetchOptions = { maxBytes: 64_000 };
  const HUGE = 50_000_000;

  it('by its Content-Length: refused before its body is read', async () => {
    let streamed: Promise<Streamed> | undefined;
    const url = server.serve('/huge-declared.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': HUGE + 3 });
      streamed = streamLongList(res, HUGE);
    });
    expect(reasonOf(await fetchTeamPlaybook(url, null, limits))).toBe('the file is 50 MB, more than the 64 KB a playbook may be');
    const sent = await streamed;
    expect(sent?.finished).toBe(false);
    expect(sent?.written).toBeLessThan(HUGE / 2);
  });

  it('with no length declared: reading stops at the limit', async () => {
    let streamed: Promise<Streamed> | undefined;
    const url = server.serve('/huge-chunked.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      streamed = streamLongList(res, HUGE);
    });
    expect(reasonOf(await fetchTeamPlaybook(url, null, limits))).toBe('the file is larger than the 64 KB a playbook may be');
    const sent = await streamed;
    expect(sent?.finished).toBe(false);
    expect(sent?.written).toBeLessThan(HUGE / 2);
  });

  it('just under the limit is read whole', async () => {
    const url = server.serve('/under-limit.json', (_req, res) => res.writeHead(200).end(PLAYBOOK_TEXT));
    const exact: TeamFetchOptions = { maxBytes: Buffer.byteLength(PLAYBOOK_TEXT) };
    expect(playbookOf(await fetchTeamPlaybook(url, null, exact))).toEqual(DEFAULT_PLAYBOOK);
  });
});

describe('a redirect to another site', () => {
  it('fails naming the site, whatever that site sent', async () => {
    const elsewhere = otherSite.serve('/playbook.json', (_req, res) => res.writeHead(200).end(PLAYBOOK_TEXT));
    const url = server.serve('/moved.json', (_req, res) => res.writeHead(301, { Location: elsewhere }).end());
    expect(reasonOf(await fetchTeamPlaybook(url, null))).toBe(
      `the address redirected to ${new URL(otherSite.origin).host}, another site: ` +
        `Stagecoach follows redirects within ${new URL(server.origin).host} only`,
    );
  });

  it('fails naming the site when that site cannot even be reached (as a browser fails one it may not read)', async () => {
    const gone = await startServer('localhost');
    await gone.close();
    const url = server.serve('/to-sign-in.json', (_req, res) => {
      res.writeHead(302, { Location: `${gone.origin}/login?next=/to-sign-in.json` }).end();
    });
    expect(reasonOf(await fetchTeamPlaybook(url, null))).toBe(
      `the address redirected to ${new URL(gone.origin).host}, another site: ` +
        `Stagecoach follows redirects within ${new URL(server.origin).host} only`,
    );
  });
});

describe('an address that may not be used', () => {
  it('fails with the reason the options page gives, asking nothing of the network', async () => {
    let asked = false;
    const watched: typeof fetch = (input, init) => {
      asked = true;
      return fetch(input, init);
    };
    const result = await fetchTeamPlaybook('http://playbooks.acme.com/sales.json', null, { fetch: watched });
    expect(reasonOf(result)).toMatch(/^the address must start with https:\/\//);
    expect(asked).toBe(false);
  });
});

describe('a fault no server causes', () => {
  it('is still a failure to update, never an exception', async () => {
    // A body already read cannot be read again: the one way left to make reading the answer throw.
    const spent: typeof fetch = async () => {
      const response = new Response(PLAYBOOK_TEXT);
      await response.text();
      return response;
    };
    const result = await fetchTeamPlaybook('https://playbooks.acme.com/sales.json', null, { fetch: spent });
    expect(reasonOf(result)).toMatch(/^an unexpected error happened while reading the file \(.+\)$/);
  });
});
