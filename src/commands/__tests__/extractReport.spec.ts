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

  it('names a link left out and why', () => {
    expect(extractReport('copy', [outside('data/raw')], trans)).toBe(
      'The checkpoint is now the folder copy, without 1 link it records ' +
        "(data/raw: its target would be outside the server's root)."
    );
  });

  it('names the first three links and counts the others', () => {
    const skipped = ['a', 'b', 'c', 'd', 'e'].map(outside);
    const message = extractReport('copy', skipped, trans);
    expect(message).toMatch(
      /^The checkpoint is now the folder copy, without 5 links/
    );
    expect(message).toContain(
      "a: its target would be outside the server's root; b: "
    );
    expect(message).toContain('c: ');
    expect(message).not.toContain('d: ');
    expect(message).toMatch(/; and 2 more\)\.$/);
  });

  it('shows a reason it does not know as the server sent it', () => {
    expect(skippedReason('some-new-reason', trans)).toBe('some-new-reason');
    expect(
      extractReport('copy', [{ path: 'x', reason: 'some-new-reason' }], trans)
    ).toContain('(x: some-new-reason)');
  });
});

describe('skippedLinksBody', () => {
  it('lists every link as text, never as markup', () => {
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
