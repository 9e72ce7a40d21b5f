import { IFolderEntry } from '../../../client/foldersClient';
import { buildTree, countStatuses } from '../tree';

const entry = (path: string, status: IFolderEntry['status']): IFolderEntry => ({
  path,
  type: 'file',
  size: 1,
  status
});

describe('buildTree', () => {
  const entries = [
    entry('b.py', 'unchanged'),
    entry('data/raw/x10.csv', 'unchanged'),
    entry('data/raw/x9.csv', 'changed'),
    entry('A.md', 'added'),
    entry('data/notes.txt', 'unchanged'),
    entry('docs/old.txt', 'deleted'),
    entry('same/one.txt', 'unchanged')
  ];
  const root = buildTree(entries);

  it('makes folders from the paths, folders first, names in natural order', () => {
    expect(root.children.map(c => c.name)).toEqual([
      'data',
      'docs',
      'same',
      'A.md',
      'b.py'
    ]);
    const data = root.children[0];
    expect(data.path).toBe('data');
    expect(data.entry).toBeUndefined();
    expect(data.children.map(c => c.path)).toEqual([
      'data/raw',
      'data/notes.txt'
    ]);
    expect(data.children[0].children.map(c => c.name)).toEqual([
      'x9.csv',
      'x10.csv'
    ]);
  });

  it('marks a folder changed when anything below it differs', () => {
    const [data, docs, same] = root.children;
    expect(data.status).toBe('changed');
    expect(data.children[0].status).toBe('changed');
    expect(docs.status).toBe('changed');
    expect(same.status).toBe('unchanged');
  });

  it('keeps each file with its own entry and status', () => {
    const a = root.children.find(c => c.name === 'A.md');
    expect(a?.entry).toBe(entries[3]);
    expect(a?.status).toBe('added');
  });

  it('never makes nameless nodes from odd slashes', () => {
    const odd = buildTree([
      entry('/x//y.txt', 'unchanged'),
      entry('', 'added')
    ]);
    expect(odd.children).toHaveLength(1);
    expect(odd.children[0].name).toBe('x');
    expect(odd.children[0].children[0].path).toBe('x/y.txt');
  });

  it('counts the statuses', () => {
    expect(countStatuses(entries)).toEqual({
      unchanged: 4,
      changed: 1,
      deleted: 1,
      added: 1
    });
  });
});
