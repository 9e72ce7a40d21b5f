import { Signal } from '@lumino/signaling';
import { ICheckpoints } from '../../tokens';
import {
  AutosaveController,
  IAutosaveSettings,
  effectiveGlobalInterval,
  effectiveOverride
} from '../autosave';
import { METADATA_KEY } from '../autosaveMagic';

const unset: IAutosaveSettings = {
  enabled: null,
  interval: null,
  checkpointOnAutosave: false,
  checkpointPeriod: 600
};

describe('effective intervals', () => {
  it('uses what the user set here, else the Document Manager settings, else 120 s', () => {
    expect(effectiveGlobalInterval(unset, null)).toBe(120);
    expect(
      effectiveGlobalInterval(unset, { enabled: true, interval: 60 })
    ).toBe(60);
    expect(
      effectiveGlobalInterval(unset, { enabled: false, interval: 60 })
    ).toBe(0);
    expect(
      effectiveGlobalInterval(
        { ...unset, interval: 30 },
        { enabled: true, interval: 60 }
      )
    ).toBe(30);
    expect(
      effectiveGlobalInterval(
        { ...unset, enabled: true },
        { enabled: false, interval: 60 }
      )
    ).toBe(60);
    expect(
      effectiveGlobalInterval(
        { ...unset, enabled: false },
        { enabled: true, interval: 60 }
      )
    ).toBe(0);
  });

  it('never goes below 5 s; a notebook override of 0 is off', () => {
    expect(effectiveGlobalInterval({ ...unset, interval: 1 }, null)).toBe(5);
    expect(effectiveOverride(0)).toBe(0);
    expect(effectiveOverride(2)).toBe(5);
    expect(effectiveOverride(90)).toBe(90);
    expect(effectiveOverride(null)).toBeNull();
  });
});

function fakeContext() {
  let metadata: any = undefined;
  const context: any = {
    path: 'nb.ipynb',
    isReady: true,
    isDisposed: false,
    contentsModel: { writable: true },
    disposed: new Signal<any, void>({}),
    model: {
      dirty: true,
      readOnly: false,
      metadataChanged: new Signal<any, any>({}),
      getMetadata: (key: string) =>
        key === METADATA_KEY ? metadata : undefined,
      setMetadata: (key: string, value: any) => {
        if (key === METADATA_KEY) {
          metadata = value;
          context.model.metadataChanged.emit({});
        }
      },
      deleteMetadata: (key: string) => {
        if (key === METADATA_KEY) {
          metadata = undefined;
          context.model.metadataChanged.emit({});
        }
      }
    },
    save: jest.fn(async () => {
      context.model.dirty = false;
    })
  };
  return context;
}

describe('AutosaveController', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const service = () =>
    ({
      serverInfo: Promise.resolve({ version: 'test' }),
      runExclusive: <T>(_path: string, task: () => Promise<T>) => task(),
      create: jest.fn(async () => ({ id: 'x' }))
    }) as unknown as ICheckpoints & {
      create: jest.Mock;
    };

  it('saves a dirty document on the global interval, applied at once when it changes', async () => {
    const controller = new AutosaveController(service(), unset);
    const context = fakeContext();
    controller.track(context);
    controller.settings = { ...unset, interval: 10 };
    jest.advanceTimersByTime(9999);
    expect(context.save).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    await Promise.resolve();
    expect(context.save).toHaveBeenCalledTimes(1);
  });

  it('follows a per-notebook override stored in metadata; 0 turns it off', async () => {
    const controller = new AutosaveController(service(), unset);
    const context = fakeContext();
    controller.settings = { ...unset, interval: 10 };
    controller.track(context);
    controller.setOverride(context, 0);
    expect(context.model.getMetadata(METADATA_KEY)).toEqual({
      autosave_interval: 0
    });
    expect(controller.intervalOf(context)).toBe(0);
    expect(controller.hasOverride(context)).toBe(true);
    jest.advanceTimersByTime(60000);
    expect(context.save).not.toHaveBeenCalled();
    controller.setOverride(context, null);
    expect(controller.intervalOf(context)).toBe(10);
    jest.advanceTimersByTime(10000);
    expect(context.save).toHaveBeenCalledTimes(1);
  });

  it('checkpoints on autosave at most once per period', async () => {
    const svc = service();
    const controller = new AutosaveController(svc, unset);
    const context = fakeContext();
    controller.settings = {
      ...unset,
      interval: 5,
      checkpointOnAutosave: true,
      checkpointPeriod: 60
    };
    controller.track(context);
    for (let i = 0; i < 4; i++) {
      context.model.dirty = true;
      await jest.advanceTimersByTimeAsync(5000);
    }
    expect(context.save).toHaveBeenCalledTimes(4);
    expect(svc.create).toHaveBeenCalledTimes(1);
    expect(svc.create).toHaveBeenCalledWith('nb.ipynb', {
      kind: 'auto',
      label: 'Autosave'
    });
  });
});
