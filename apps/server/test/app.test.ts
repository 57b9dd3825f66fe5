import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE, renderOpenApi } from '../scripts/openapi.ts';
import { describeEachEngine, freshApp } from './helpers.ts';

describeEachEngine('app shell', (_engine, fresh) => {
  it('answers health, serves OpenAPI from the contracts, and sets strict security headers', async () => {
    const c = await freshApp(await fresh(), { webDist: '/nonexistent/dist' });
    expect((await c.get('/api/health')).json()).toEqual({ status: 'ok' });
    const doc = (await c.get('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/cases', '/api/cases/{id}', '/api/cases/{id}/history', '/api/leads', '/api/auth/login', '/api/setup/start']));
    expect(JSON.stringify(doc.paths['/api/cases'].post.requestBody)).toContain('applicant');

    const page = await c.get('/cases/abc');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('npm run build');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await c.get('/api/nothing-here')).json().code).toBe('NOT_FOUND');
    expect((await c.get('/api/health')).headers['cache-control']).toBe('no-store');
  });

  it('serves the built web app with a fallback to index.html for client routes', async () => {
    const store = await fresh();
    const dist = join(store.dataDir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Homeward</title><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    const c = await freshApp(store, { webDist: dist });
    expect((await c.get('/')).body).toContain('<title>Homeward</title>');
    expect((await c.get('/setup')).body).toContain('<title>Homeward</title>');
    expect((await c.get('/cases/x/edit')).body).toContain('<title>Homeward</title>');
    expect((await c.get('/assets/app.js')).body).toBe('console.log(1)');
    expect((await c.get('/api/nope')).statusCode).toBe(404);
  });
});

describe('committed OpenAPI document', () => {
  it('matches what the server serves (run apps/server/scripts/openapi.ts after changing routes or contracts)', async () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(await renderOpenApi());
  });
});
