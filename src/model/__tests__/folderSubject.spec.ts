import { FolderSubject } from '../folderSubject';

describe('FolderSubject (the panel File/Folder switch)', () => {
  it('lists no folder in File mode, whatever the file browser does', () => {
    const subject = new FolderSubject('file', 'work');
    const seen: (string | null)[] = [];
    subject.changed.connect((_, folder) => seen.push(folder));
    subject.setBrowserPath('/work/other');
    expect(subject.folder).toBeNull();
    expect(seen).toEqual([]);
  });

  it("switching to Folder lists the file browser's current folder", () => {
    const subject = new FolderSubject('file', '/work');
    const seen: (string | null)[] = [];
    subject.changed.connect((_, folder) => seen.push(folder));
    subject.setBrowserPath('work/sub');
    subject.setMode('folder');
    expect(subject.mode).toBe('folder');
    expect(seen).toEqual(['work/sub']);
  });

  it('follows the file browser in Folder mode, once per real move', () => {
    const subject = new FolderSubject('folder', '');
    const seen: (string | null)[] = [];
    subject.changed.connect((_, folder) => seen.push(folder));
    subject.setBrowserPath('/a');
    subject.setBrowserPath('a');
    subject.setBrowserPath('');
    expect(seen).toEqual(['a', '']);
    expect(subject.folder).toBe('');
  });

  it('switching back to File says so once, and again is no change', () => {
    const subject = new FolderSubject('folder', 'a');
    const seen: (string | null)[] = [];
    subject.changed.connect((_, folder) => seen.push(folder));
    subject.setMode('file');
    subject.setMode('file');
    expect(seen).toEqual([null]);
  });
});

describe("FolderSubject following the page's document (Notebook 7)", () => {
  it("lists the document's folder, not the file browser's", () => {
    const subject = new FolderSubject('folder', 'elsewhere', 'document');
    const seen: (string | null)[] = [];
    subject.changed.connect((_, folder) => seen.push(folder));
    subject.setBrowserPath('');
    subject.setDocumentPath('/work/sub/analysis.ipynb');
    expect(subject.folder).toBe('work/sub');
    subject.setDocumentPath('top.ipynb');
    expect(seen).toEqual(['work/sub', '']);
  });
});
