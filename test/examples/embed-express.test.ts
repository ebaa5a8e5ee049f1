import { describe, expect, it } from 'vitest';
import { run } from '../../examples/embed-express/main.js';

describe('example embed-express (form-flow router inside an existing Express app)', () => {
  it('serves the process list under /flows next to the host app\'s own routes', async () => {
    // given: the app on a free loopback port
    const app = await run({ port: 0, log: () => {} });
    try {
      // when
      const list = await fetch(app.url);
      const listHtml = await list.text();
      const home = await fetch(new URL('/', app.url));
      // then
      expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/flows\/$/);
      expect(list.status).toBe(200);
      expect(listHtml).toContain('Acme HR');
      expect(listHtml).toContain('Job application (Camunda 7)');
      expect(await home.text()).toContain('href="/flows/"');
    } finally {
      await app.close();
    }
  });
});
