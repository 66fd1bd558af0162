import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';

describe('health and readiness', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
  });
  afterAll(async () => hub?.stop());

  it('answers /healthz while the process is up', async () => {
    const response = await fetch(`${hub.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz as ready when the database answers and no migration is pending', async () => {
    const response = await fetch(`${hub.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('gives every response a request id, and logs it', async () => {
    const response = await fetch(`${hub.url}/healthz`, { headers: { 'x-request-id': 'test-request-42' } });
    expect(response.headers.get('x-request-id')).toBe('test-request-42');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hub.logs.some((line) => line.includes('"requestId":"test-request-42"'))).toBe(true);
  });

  it('holds every ISO 3166-1 country with Chinese and English names and UN regions', async () => {
    const data = await hub.query(`{ countries(perPage: 500) { total } hu: countries(filter: { code: ["HU"] }) { items { names { zh en } continent region subregion } } }`);
    expect(data.countries.total).toBeGreaterThanOrEqual(249);
    expect(data.hu.items[0]).toEqual({ names: { zh: '匈牙利', en: 'Hungary' }, continent: 'EUROPE', region: 'Europe', subregion: 'Eastern Europe' });
  });
});
