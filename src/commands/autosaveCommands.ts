import { JupyterFrontEnd } from '@jupyterlab/application';
import { InputDialog, Notification } from '@jupyterlab/apputils';
import { isShared } from '../collaboration';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { TranslationBundle } from '@jupyterlab/translation';
import { CommandIDs } from '../commandIds';
import {
  AutosaveController,
  hasMetadata,
  MIN_INTERVAL
} from '../triggers/autosave';
import { formatInterval } from '../views/statusItem';
import { CurrentDocument } from './currentDocument';
import { NO_ARGS } from './target';

export interface IAutosaveCommandsOptions {
  app: JupyterFrontEnd;
  autosave: AutosaveController;
  /** The document the user works on. */
  current: CurrentDocument;
  trans: TranslationBundle;
}

/**
 * Commands setting the current notebook's own autosave interval (kept in its metadata). The File
 * menu entry is declared in schema/auto.json; the status bar menu lists the common intervals.
 */
export function addAutosaveCommands(options: IAutosaveCommandsOptions): void {
  const { app, autosave, current, trans } = options;

  /** The current document when it is a notebook (only notebooks carry their own interval). */
  const notebook = (): DocumentRegistry.Context | null => {
    const context = current.context;
    return context && hasMetadata(context.model) ? context : null;
  };

  const describeGlobal = () => {
    const seconds = autosave.globalInterval;
    return seconds > 0 ? formatInterval(seconds, trans) : trans.__('off');
  };

  app.commands.addCommand(CommandIDs.setAutosaveInterval, {
    label: args => {
      const seconds = Number(args.seconds);
      if (seconds < 0) {
        return trans.__('Follow the Settings (%1)', describeGlobal());
      }
      return seconds === 0
        ? trans.__('Autosave Off')
        : trans.__('Every %1', formatInterval(seconds, trans));
    },
    caption: () =>
      isShared(notebook())
        ? trans.__(
            'This notebook is shared in real time: the server saves it as it changes'
          )
        : trans.__('Autosave interval of this notebook'),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          seconds: {
            type: 'number',
            description: trans.__(
              'Seconds between saves; 0 turns autosave off, -1 follows the settings'
            )
          }
        },
        required: ['seconds']
      }
    },
    isEnabled: () => notebook() !== null && !isShared(notebook()),
    isToggled: args => {
      const context = notebook();
      if (!context) {
        return false;
      }
      const seconds = Number(args.seconds);
      return seconds < 0
        ? !autosave.hasOverride(context)
        : autosave.hasOverride(context) &&
            autosave.intervalOf(context) === seconds;
    },
    execute: args => {
      const context = notebook();
      const seconds = Number(args.seconds);
      if (context) {
        autosave.track(context);
        autosave.setOverride(context, seconds < 0 ? null : seconds);
      }
    }
  });

  app.commands.addCommand(CommandIDs.setNotebookAutosave, {
    label: trans.__('Set Autosave Interval for This Notebook…'),
    caption: trans.__(
      'Stored in the notebook, it overrides the autosave setting (0 turns autosave off)'
    ),
    describedBy: NO_ARGS,
    isEnabled: () => notebook() !== null,
    execute: async () => {
      const context = notebook();
      if (!context) {
        return;
      }
      if (isShared(context)) {
        Notification.info(
          trans.__(
            '%1 is shared in real time: the server saves it as it changes, so an autosave interval does not apply.',
            context.localPath
          ),
          { autoClose: 6000 }
        );
        return;
      }
      const result = await InputDialog.getNumber({
        title: trans.__('Autosave Interval for This Notebook'),
        label: trans.__(
          'Seconds between saves (0 = off, at least %1 otherwise)',
          MIN_INTERVAL
        ),
        value: autosave.intervalOf(context)
      });
      if (
        result.button.accept &&
        result.value !== null &&
        Number.isFinite(result.value) &&
        result.value >= 0
      ) {
        autosave.track(context);
        autosave.setOverride(context, result.value);
      }
    }
  });
}
