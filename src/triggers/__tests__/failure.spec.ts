import { failureOf, outputsOf } from '../failure';

describe('failureOf', () => {
  it('is not a failure when the run succeeded without error outputs', () => {
    expect(failureOf(true, undefined, [{ output_type: 'stream' }])).toEqual({
      failed: false
    });
  });

  it('names the error from the kernel reply', () => {
    expect(failureOf(false, { errorName: 'ValueError' }, [])).toEqual({
      failed: true,
      errorName: 'ValueError'
    });
  });

  it('falls back to the error output when the reply has no name', () => {
    const outputs = [
      { output_type: 'stream' },
      { output_type: 'error', ename: 'KeyError' }
    ];
    expect(failureOf(false, new Error('Canceled'), outputs)).toEqual({
      failed: true,
      errorName: 'KeyError'
    });
  });

  it('counts an error output as a failure even when the reply was ok', () => {
    expect(
      failureOf(true, null, [{ output_type: 'error', ename: 'RuntimeError' }])
    ).toEqual({
      failed: true,
      errorName: 'RuntimeError'
    });
  });

  it('has no name for an aborted run and ignores odd names', () => {
    expect(failureOf(false, { errorName: undefined }, [])).toEqual({
      failed: true
    });
    expect(
      failureOf(false, { errorName: '  ' }, [
        { output_type: 'error', ename: 42 }
      ])
    ).toEqual({ failed: true });
    expect(failureOf(false, { errorName: 'Bad\nname' }, [])).toEqual({
      failed: true,
      errorName: 'Bad'
    });
  });
});

describe('outputsOf', () => {
  it('reads error outputs of an output area model and tolerates cells without outputs', () => {
    const items = [
      { type: 'stream', toJSON: () => ({ output_type: 'stream' }) },
      {
        type: 'error',
        toJSON: () => ({ output_type: 'error', ename: 'TypeError' })
      }
    ];
    const model = {
      outputs: { length: items.length, get: (i: number) => items[i] }
    };
    expect(outputsOf(model)).toEqual([
      { output_type: 'error', ename: 'TypeError' }
    ]);
    expect(outputsOf({})).toEqual([]);
    expect(outputsOf(undefined)).toEqual([]);
  });
});
