import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { nullTranslator } from '@jupyterlab/translation';
import { ICheckpointContent } from '../../tokens';
import { PreviewView, REVEALED_CLASS } from '../PreviewView';

const trans = nullTranslator.load('jupyterlab_checkpoints');

describe('PreviewView.reveal', () => {
  // jsdom lays nothing out: record what was scrolled to instead.
  const scrolled: Element[] = [];
  beforeAll(() => {
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this);
    };
  });

  it("marks and scrolls to a text file's line (a search hit's place), one at a time", () => {
    const content = {
      path: 'notes.md',
      type: 'file',
      format: 'text',
      content: 'first\n<b>second</b>\nthird'
    } as ICheckpointContent;
    const view = new PreviewView(content, {} as IRenderMimeRegistry, trans);
    const pre = view.node.querySelector('pre')!;
    // Lines are text: the markup in a line is not parsed.
    expect(pre.textContent).toBe('first\n<b>second</b>\nthird');
    expect(pre.querySelector('b')).toBeNull();

    expect(view.reveal(1)).toBe(true);
    expect(scrolled.at(-1)?.textContent).toBe('<b>second</b>\n');
    expect(view.reveal(2)).toBe(true);
    const marked = view.node.querySelectorAll(`.${REVEALED_CLASS}`);
    expect(Array.from(marked, n => n.textContent)).toEqual(['third']);
    expect(view.reveal(7)).toBe(false);
  });
});
