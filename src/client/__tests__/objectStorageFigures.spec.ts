import { toUsage } from '../parse';

describe('the figures of a store on object storage', () => {
  it('keeps the sizes the server does not count as unknown, not as 0 B', () => {
    const usage = toUsage({
      store: {
        root: 's3://bucket/store',
        bytes: null,
        files: null,
        objects: null,
        fallback: null,
        gitignore: true
      },
      file: { path: 'a.ipynb', bytes: null, objects: null, checkpoints: 2 }
    });
    expect(usage.store.bytes).toBeNull();
    expect(usage.file?.bytes).toBeNull();
    expect(usage.file?.checkpoints).toBe(2);
    expect(usage.store.root).toBe('s3://bucket/store');
  });

  it('still reads the sizes of a local store', () => {
    const usage = toUsage({
      store: { root: '/s', bytes: 5000, files: 2, objects: 9 },
      file: { path: 'a.ipynb', bytes: 1200, objects: 3, checkpoints: 2 }
    });
    expect(usage.store.bytes).toBe(5000);
    expect(usage.file?.bytes).toBe(1200);
  });
});
