import { afterAll, beforeAll, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { create } from './records.js';

let hub: Hub;
beforeAll(async () => { hub = await startHub({ template: 'empty' }); });
afterAll(async () => { await hub?.stop(); });
it('probe', async () => {
  const secret = (await create(hub, 'Person', { names: { en: 'Zq Secret' }, category: 'STAFF', visibility: 'RESTRICTED' })).id;
  const pub = (await create(hub, 'Person', { names: { en: 'Zq Pub' }, category: 'STAFF', visibility: 'PUBLIC' })).id;
  const viewer = await hub.as('viewer');
  const out: unknown[] = [secret, pub];
  out.push(await viewer.request('{ people(filter: { q: "Zq" }) { total items { id visibility } } }'));
  out.push(await viewer.request('{ people { total items { id visibility } } }'));
  out.push(await viewer.request(`{ person(id: "${secret}") { id } }`));
  out.push(await (await hub.as('anonymous')).request('subscription { __typename }'));
  out.push(await viewer.request('subscription { __typename }'));
  // eslint-disable-next-line no-console
  console.log(JSON.stringify(out, null, 1));
  // eslint-disable-next-line no-console
  console.log(hub.logs.filter((l) => l.includes('"level":50')).join('\n'));
});
