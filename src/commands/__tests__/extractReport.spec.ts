import { nullTranslator } from '@jupyterlab/translation';
import {
  extractReport,
  skippedLinksBody,
  skippedReason
} from '../extractReport';

const trans = nullTranslator.load('jupyterlab_checkpoints');
const outside = (path: string) => ({ path, reason: 'link-outside-root' });

describe('extractReport', () => {
  it('says where the checkpoint went when every link came along', () => {
    expect(extractReport('proj (checkpoint 1)', [], trans)).toBe(
      'The checkpoint is now the folder proj (checkpoint 1).'
    );
  });

  it('names a link left out and why, before the folder', () => {
    expect(extractReport('copy', [outside('data/raw')], trans)).toBe(
      "1 link not re-created, as it would lead outside the server's root: data/raw. " +
        'The checkpoint is now the folder copy.'
    );
  });

  it('names the first three links and counts the others', () => {
    const skipped = ['a', 'b', 'c', 'd', 'e'].map(outside);
    expect(extractReport('copy', skipped, trans)).toBe(
      "5 links not re-created, as they would lead outside the server's root: a, b, c, and 2 more. " +
        'The checkpoint is now the folder copy.'
    );
  });

  it('gives each link its own reason when they differ, one it does not know as sent', () => {
    expect(skippedReason('some-new-reason', trans)).toBe('some-new-reason');
    expect(
      extractReport(
        'copy',
        [outside('a'), { path: 'x', reason: 'some-new-reason' }],
        trans
      )
    ).toBe(
      "2 links not re-created (a: its target would be outside the server's root; x: some-new-reason). " +
        'The checkpoint is now the folder copy.'
    );
  });
});

describe('skippedLinksBody', () => {
  it('lists every link with its reason, as text, never as markup', () => {
    const skipped = [outside('<img src=x onerror=alert(1)>'), outside('b')];
    const body = skippedLinksBody(skipped, trans);
    const items = Array.from(body.node.querySelectorAll('li')).map(
      li => li.textContent
    );
    expect(items).toEqual([
      "<img src=x onerror=alert(1)>: its target would be outside the server's root",
      "b: its target would be outside the server's root"
    ]);
    expect(body.node.querySelector('img')).toBeNull();
  });
});
