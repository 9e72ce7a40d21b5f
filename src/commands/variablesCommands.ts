import { JupyterFrontEnd } from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { CheckpointsError } from '../client/request';
import { VariablesClient } from '../client/variablesClient';
import { CommandIDs } from '../commandIds';
import { normalizePath } from '../paths';
import { ICheckpointSelection } from '../tokens';
import { checkpointArgs, commandTarget } from './target';

/**
 * Restore Variables: a checkpoint's saved variables loaded into the running kernel of its notebook.
 * Cells are not re-run and files are not reopened; the notification says what was restored and what
 * was not. Shown when saving variables is on (the `enabled` setting).
 */
export function addVariablesCommands(options: {
  app: JupyterFrontEnd;
  client: VariablesClient;
  tracker: INotebookTracker;
  selection: ICheckpointSelection | null;
  enabled: () => boolean;
  trans: TranslationBundle;
}): void {
  const { app, client, tracker, selection, enabled, trans } = options;
  app.commands.addCommand(CommandIDs.restoreVariables, {
    label: trans.__('Restore Variables into the Kernel'),
    caption: trans.__(
      "Load this checkpoint's saved variables into the notebook's running kernel"
    ),
    describedBy: checkpointArgs(trans),
    isVisible: enabled,
    execute: async args => {
      const target = commandTarget(app, selection, args);
      if (!target) {
        return;
      }
      const path = normalizePath(target.path);
      const kernel = tracker.find(p => normalizePath(p.context.path) === path)
        ?.sessionContext.session?.kernel;
      if (!kernel) {
        Notification.warning(
          trans.__(
            'Open %1 with a running kernel to restore its variables.',
            path
          ),
          { autoClose: 6000 }
        );
        return;
      }
      try {
        const result = await client.restore(path, target.id, kernel.id);
        const skipped = result.skipped.map(s => `${s.name} (${s.reason})`);
        Notification.success(
          skipped.length
            ? trans.__(
                'Variables restored: %1. Not restored: %2',
                result.restored.join(', '),
                skipped.join(', ')
              )
            : trans.__('Variables restored: %1', result.restored.join(', ')),
          { autoClose: 8000 }
        );
      } catch (error) {
        Notification.error(
          (error as CheckpointsError).status === 404
            ? trans.__('This checkpoint has no saved variables.')
            : trans.__('Variables not restored: %1', (error as Error).message),
          { autoClose: 8000 }
        );
      }
    }
  });
}
