import { expect, test } from '@jupyterlab/galata';

/**
 * Run by the `s3` project only (its server keeps the store in a bucket of moto's S3 server), beside
 * the smoke tests: the store the page talks to is the bucket, not a folder.
 */
test('the smoke tests of this project run against a store on S3', async ({
  page
}) => {
  const root = await page.evaluate(async () => {
    const settings = (window as any).jupyterapp.serviceManager.serverSettings;
    const response = await fetch(
      `${settings.baseUrl}jupyterlab-checkpoints/info`,
      { headers: { Authorization: `token ${settings.token}` } }
    );
    return (await response.json()).store.root as string;
  });
  expect(root).toMatch(/^s3:\/\/ui-tests-[0-9a-f]+\/store$/);
});
