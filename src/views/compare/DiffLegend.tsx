import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

/**
 * The one colour scheme of every comparison (Compare, Cell History): what is older or removed is
 * red-ish, what is newer or added is green-ish, whichever view shows it. Each view says so in its
 * header with this legend; the colours are `--jp-checkpoints-older-*` / `--jp-checkpoints-newer-*`
 * (style/compare.css), built on the theme's error and success colours.
 */
export function DiffLegend(props: {
  trans: TranslationBundle;
  /** What the older side is ("checkpoint" unless said). */
  olderTitle?: string;
  /** What the newer side is ("current" unless said). */
  newerTitle?: string;
}): React.ReactElement {
  const { trans } = props;
  return (
    <span
      className="jp-checkpoints-diffLegend"
      aria-label={trans.__('Colours')}
    >
      <span className="jp-checkpoints-diffSwatch jp-mod-older">
        {trans.__('Older (%1)', props.olderTitle ?? trans.__('checkpoint'))}
      </span>
      {' · '}
      <span className="jp-checkpoints-diffSwatch jp-mod-newer">
        {trans.__('Newer (%1)', props.newerTitle ?? trans.__('current'))}
      </span>
    </span>
  );
}
