import { JupyterFrontEnd } from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { Kernel } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { CheckpointsError } from '../client/request';
import { VariablesClient } from '../client/variablesClient';
import { CommandIDs } from '../commandIds';
import { normalizePath } from '../paths';
import { ICheckpointSelection } from '../tokens';
import { restoreReport } from '../variables/format';
import { checkpointArgs, commandTarget, stringArg } from './target';

/** The running kernel of a notebook, started first when none runs; null when none could start. */
async function kernelOf(
  panel: NotebookPanel
): Promise<Kernel.IKernelConnection | null> {
  const context = panel.sessionContext;
  await context.ready;
  if (!context.session?.kernel) {
    await context.startKernel();
  }
  const kernel = context.session?.kernel ?? null;
  if (kernel) {
    await kernel.info; // answered once the kernel is up and connected
  }
  return kernel;
}

/**
 * Restore Variables: a checkpoint's saved variables loaded into the running kernel of its open
 * notebook (started when none runs). Cells are not re-run, files are not reopened, and the notebook
 * itself is not touched; the notification says what was restored and what was skipped, and why.
 */
export function addVariablesCommands(options: {
  app: JupyterFrontEnd;
  client: VariablesClient;
  tracker: INotebookTracker;
  selection: ICheckpointSelection | null;
  trans: TranslationBundle;
}): void {
  const { app, client, tracker, selection, trans } = options;

  /** Shown for an entry known to hold variables (or one named in the args). */
  const holdsVariables = (args: ReadonlyPartialJSONObject): boolean => {
    if (stringArg(args, 'id')) {
      return true;
    }
    const clicked = app.contextMenuHitTest(n => !!n.dataset.checkpointId);
    if (clicked) {
      return !!clicked.querySelector('.jp-checkpoints-variables');
    }
    return !!selection?.selected?.variables;
  };

  app.commands.addCommand(CommandIDs.restoreVariables, {
    label: trans.__('Restore Variables into the Kernel'),
    caption: trans.__(
      "Load this checkpoint's saved variables into the notebook's kernel; the notebook is not changed"
    ),
    describedBy: checkpointArgs(trans),
    isVisible: holdsVariables,
    execute: async args => {
      const target = commandTarget(app, selection, args);
      if (!target) {
        return;
      }
      const path = normalizePath(target.path);
      const panel = tracker.find(p => normalizePath(p.context.path) === path);
      if (!panel) {
        Notification.warning(
          trans.__('Open %1 to restore its variables into its kernel.', path),
          { autoClose: 6000 }
        );
        return;
      }
      try {
        const kernel = await kernelOf(panel);
        if (!kernel) {
          Notification.warning(
            trans.__('Select a kernel for %1 to restore its variables.', path),
            { autoClose: 6000 }
          );
          return;
        }
        const result = await client.restore(path, target.id, kernel.id);
        const report = restoreReport(result, trans);
        if (result.skipped.length) {
          Notification.warning(report, { autoClose: 10000 });
        } else {
          Notification.success(report, { autoClose: 6000 });
        }
        return result;
      } catch (error) {
        Notification.error(
          (error as CheckpointsError).status === 404
            ? trans.__('This checkpoint has no saved variables.')
            : trans.__('Variables not restored: %1', (error as Error).message),
          { autoClose: 10000 }
        );
      }
    }
  });
}
