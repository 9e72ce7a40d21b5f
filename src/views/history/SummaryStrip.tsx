import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { stripLabel, stripTicks, TickKind } from '../../history/summary';

/** Past this many cells, neighbouring ticks of one kind merge into one bar: the strip stays light. */
const MAX_TICKS = 120;

/**
 * A thin strip with one tick per cell of the entry: added, removed (where it stood), edited,
 * outputs only, unchanged. An image for screen readers, which hear the counts instead.
 */
export function SummaryStrip(props: {
  strip: string;
  trans: TranslationBundle;
}): React.ReactElement | null {
  const ticks = stripTicks(props.strip);
  if (ticks.length === 0) {
    return null;
  }
  const runs: [TickKind, number][] = [];
  for (const tick of ticks) {
    const last = runs[runs.length - 1];
    if (ticks.length > MAX_TICKS && last && last[0] === tick) {
      last[1]++;
    } else {
      runs.push([tick, 1]);
    }
  }
  const label = stripLabel(ticks, props.trans);
  return (
    <div
      className="jp-checkpoints-strip"
      role="img"
      aria-label={label}
      title={label}
    >
      {runs.map(([kind, n], i) => (
        <span
          key={i}
          className={`jp-checkpoints-tick jp-mod-${kind}`}
          style={{ flexGrow: n }}
        />
      ))}
    </div>
  );
}
