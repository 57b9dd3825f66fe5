import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/app.ts';
import { loadConfig, ConfigError } from '../src/config.ts';
import { blindIndex, NAME_INDEX_BITS } from '../src/crypto/blind-index.ts';
import { keyringFrom, newRecordKey, openRecord } from '../src/crypto/envelope.ts';
import { MASTER_KEY_FILE } from '../src/crypto/master-key.ts';
import { describeEachEngine, freshApp, sampleCase } from './helpers.ts';

describe('envelope encryption', () => {
  const kr = keyringFrom(randomBytes(32));
  it('round-trips and uses a fresh data key and IV every time', () => {
    const a = newRecordKey(kr, 'people', 'row1');
    const b = newRecordKey(kr, 'people', 'row1');
    expect(a.wrapped).not.toBe(b.wrapped);
    const blob = a.seal('sealed', { names: ['李美玲'] });
    expect(a.seal('sealed', { names: ['李美玲'] })).not.toBe(blob);
    expect(openRecord(kr, 'people', 'row1', a.wrapped)('sealed', blob)).toEqual({ names: ['李美玲'] });
  });

  it('fails when a ciphertext is moved to another row, column or table', () => {
    const k = newRecordKey(kr, 'people', 'row1');
    const blob = k.seal('sealed', 'secret');
    expect(() => openRecord(kr, 'people', 'row2', k.wrapped)).toThrow();
    expect(() => openRecord(kr, 'leads', 'row1', k.wrapped)).toThrow();
    expect(() => openRecord(kr, 'people', 'row1', k.wrapped)('notes', blob)).toThrow();
    const other = newRecordKey(kr, 'people', 'row2');
    expect(() => openRecord(kr, 'people', 'row2', other.wrapped)('sealed', blob)).toThrow();
  });

  it('fails on a tampered ciphertext and with another master key', () => {
    const k = newRecordKey(kr, 'cases', 'c1');
    const blob = k.seal('sealed', 'secret');
    const raw = Buffer.from(blob.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => openRecord(kr, 'cases', 'c1', k.wrapped)('sealed', `v1.${raw.toString('base64')}`)).toThrow();
    expect(() => openRecord(keyringFrom(randomBytes(32)), 'cases', 'c1', k.wrapped)).toThrow();
  });

  it('keeps blind indexes short enough to collide, and keyed', () => {
    expect(NAME_INDEX_BITS).toBeLessThanOrEqual(16);
    const values = new Set<number>();
    for (let i = 0; i < 5000; i++) values.add(blindIndex(kr, 'name', `name ${i}`));
    for (const v of values) expect(v).toBeLessThan(2 ** NAME_INDEX_BITS);
    // 5000 values into 1024 buckets: many share an index value (no fingerprints).
    expect(values.size).toBeLessThanOrEqual(2 ** NAME_INDEX_BITS);
    const other = keyringFrom(randomBytes(32));
    const same = [...Array(50).keys()].filter((i) => blindIndex(kr, 'name', `n${i}`) === blindIndex(other, 'name', `n${i}`)).length;
    expect(same).toBeLessThan(10);
    expect(blindIndex(kr, 'name', 'li meiling')).toBe(blindIndex(kr, 'name', 'li meiling'));
  });
});

describe('configuration', () => {
  it('rejects bad values with a message saying how to fix them', () => {
    expect(() => loadConfig({ port: 'eighty' })).toThrow(/--port must be a port number/);
    expect(() => loadConfig({}, { HOMEWARD_PORT: '70000' })).toThrow(ConfigError);
    expect(() => loadConfig({}, { HOMEWARD_MASTER_KEY: 'c2hvcnQ=' })).toThrow(/32 random bytes in base64/);
    expect(() => loadConfig({}, { HOMEWARD_DATABASE_URL: 'mysql://x' })).toThrow(/postgres:\/\//);
    const c = loadConfig({}, {});
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1' });
    expect(c.argon2.memoryCost).toBeGreaterThanOrEqual(19_456);
  });
});

describeEachEngine('master key', (engine, fresh) => {
  it('creates a 0600 key file on first run (or uses HOMEWARD_MASTER_KEY) and refuses a wrong key', async () => {
    const store = await fresh();
    const envKey = randomBytes(32).toString('base64');
    const env = engine === 'postgres' ? { HOMEWARD_MASTER_KEY: envKey } : {};
    const first = await build(store.config({}, env));
    await first.close();
    // The same key again starts fine.
    const second = await build(store.config({}, env));
    await second.close();
    const keyFile = join(store.dataDir, MASTER_KEY_FILE);
    if (engine === 'sqlite') {
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64')).toHaveLength(32);
    }

    const wrong = randomBytes(32).toString('base64');
    await expect(build(store.config({}, { HOMEWARD_MASTER_KEY: wrong }))).rejects.toThrow(/does not match this database/);
  });

  it('never starts on a new random key over existing data', async () => {
    const store = await fresh();
    const c = await freshApp(store);
    await c.setupAndLogin();
    expect((await c.post('/api/cases', sampleCase())).statusCode).toBe(201);
    await c.app.close();
    const keyFile = join(store.dataDir, MASTER_KEY_FILE);
    renameSync(keyFile, `${keyFile}.moved`);
    await expect(build(store.config())).rejects.toThrow(/no master key was found/);
    expect(existsSync(keyFile)).toBe(false);
    renameSync(`${keyFile}.moved`, keyFile);
    const again = await build(store.config());
    expect((await again.inject({ url: '/api/health' })).statusCode).toBe(200);
    await again.close();
  });
});
