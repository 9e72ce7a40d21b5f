import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { variablesIcon } from '../../icons';
import { ICheckpoint } from '../../tokens';
import { variablesLabel, variablesSummary } from '../../variables/format';

/**
 * The mark of a panel entry holding the kernel's variables, on a line of its own under the meta line
 * (which the row's actions shorten): an icon, then "3 variables · 41.0 MB". It says only what the
 * entry itself holds (the server's listing of that entry).
 */
export function VariablesMark(props: {
  checkpoint: ICheckpoint;
  trans: TranslationBundle;
}): React.ReactElement | null {
  const { checkpoint, trans } = props;
  if (!checkpoint.variables) {
    return null;
  }
  const label = variablesLabel(checkpoint, trans);
  return (
    <div className="jp-checkpoints-variablesLine">
      <span
        className="jp-checkpoints-variables"
        role="img"
        aria-label={label}
        title={trans.__(
          'The kernel variables were saved with it: %1',
          variablesSummary(checkpoint, trans)
        )}
      >
        <variablesIcon.react
          tag="span"
          className="jp-checkpoints-variablesIcon"
          elementSize="small"
        />
        <span aria-hidden="true">{variablesSummary(checkpoint, trans)}</span>
      </span>
    </div>
  );
}
