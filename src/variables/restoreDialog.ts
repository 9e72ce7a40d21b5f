import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ICheckpoint } from '../tokens';
import { checkpointTitle } from '../views/format';
import { variablesSummary } from './format';

/**
 * Before restoring a checkpoint that holds kernel variables: restore, and load its variables too?
 * The box starts unticked: a restore of the notebook alone never touches the kernel. Null when the
 * user cancels.
 */
export async function askRestoreVariablesToo(
  checkpoint: ICheckpoint,
  trans: TranslationBundle
): Promise<{ variables: boolean } | null> {
  const answer = await showDialog({
    title: trans.__('Restore Checkpoint'),
    body: trans.__(
      'Restore "%1"? The current state is kept first. This checkpoint also holds kernel variables (%2).',
      checkpointTitle(checkpoint, trans),
      variablesSummary(checkpoint, trans)
    ),
    checkbox: {
      label: trans.__('Restore variables too'),
      caption: trans.__(
        "Then load the saved variables into the notebook's kernel (starting one if none runs); cells are not re-run"
      ),
      checked: false,
      className: 'jp-checkpoints-restoreVariablesToo'
    },
    buttons: [
      Dialog.cancelButton(),
      Dialog.okButton({ label: trans.__('Restore') })
    ]
  });
  return answer.button.accept ? { variables: answer.isChecked === true } : null;
}
