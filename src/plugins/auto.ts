import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { isShared } from '../collaboration';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import {
  INotebookTracker,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { MenuSvg } from '@jupyterlab/ui-components';
import { CommandIDs } from '../commandIds';
import { addAutosaveCommands } from '../commands/autosaveCommands';
import { CurrentDocument } from '../commands/currentDocument';
import { compositeOf, IAutoPluginSettings } from '../settings';
import { ICheckpoints, ICheckpointTriggers } from '../tokens';
import {
  AutoCheckpointer,
  contextFinder,
  IAutoSettings
} from '../triggers/autoCheckpointer';
import {
  AutosaveController,
  DEFAULT_INTERVAL,
  IAutosaveSettings,
  MIN_INTERVAL
} from '../triggers/autosave';
import { parseAutosaveMagic } from '../triggers/autosaveMagic';
import { DiscardGuard } from '../triggers/discardGuard';
import { IdleCheckpoints, IIdleSettings } from '../triggers/idleCheckpoint';
import { AutosaveStatus } from '../views/statusItem';

const PLUGIN_ID = 'jupyterlab-checkpoints:auto';
const COMMON_INTERVALS = [30, 60, 120, 300, 600, 0];
/** How long (ms) the execution queue must stay empty before an automatic checkpoint is made. */
const QUIET_MS = 750;
/**
 * The Document Manager's own save timers are given this interval (seconds, about 23 days; below
 * setTimeout's 2^31 ms limit) so that they never fire: this extension's timers save instead, with
 * per-notebook intervals the Document Manager cannot express. Its `autosave` flag is left alone, so
 * its setting and the File menu toggle keep working (they are read as the fallback of ours).
 */
const DORMANT_INTERVAL = 2000000;
/** The events jupyter-collaboration's rooms emit on the server's event bus (load, save, overwrite). */
const COLLABORATION_SESSION_EVENTS =
  'https://schema.jupyter.org/jupyter_collaboration/session/v1';

/** What the automatic checkpoints follow of the settings. */
function checkpointerSettings(s: IAutoPluginSettings): IAutoSettings {
  return {
    mode: s.autoCheckpoint,
    minSpacing: s.autoCheckpointMinSpacing,
    quietMs: QUIET_MS
  };
}

/** What the checkpoints of edits left idle follow of the settings. */
function idleSettings(s: IAutoPluginSettings): IIdleSettings {
  return {
    delayMs: s.checkpointIdleEdits * 1000,
    minSpacingMs: s.autoCheckpointMinSpacing * 1000
  };
}

/**
 * The document widget factories whose content is guarded (discardGuard.ts) and checkpointed when
 * left idle: notebooks and the file editor, in JupyterLab and Notebook 7.
 */
const GUARDED_FACTORIES = ['Notebook', 'Editor'];

/** What autosave follows of the settings; what is not set falls back to the Document Manager's. */
function autosaveSettings(s: IAutoPluginSettings): IAutosaveSettings {
  return {
    enabled: s.autosave,
    interval:
      s.autosaveInterval === null
        ? null
        : Math.max(MIN_INTERVAL, s.autosaveInterval),
    checkpointOnAutosave: s.checkpointOnAutosave,
    checkpointPeriod: s.checkpointOnAutosavePeriod
  };
}

/**
 * Automatic checkpoints after running cells, autosave intervals (global and per notebook, including
 * `%autosave N`), and the status bar item.
 */
const auto: JupyterFrontEndPlugin<ICheckpointTriggers> = {
  id: PLUGIN_ID,
  description:
    'Automatic checkpoints after running cells; autosave interval settings.',
  autoStart: true,
  provides: ICheckpointTriggers,
  requires: [
    ICheckpoints,
    INotebookTracker,
    IDocumentManager,
    ISettingRegistry
  ],
  optional: [ITranslator, IStatusBar, ICommandPalette],
  activate: async (
    app: JupyterFrontEnd,
    service: ICheckpoints,
    tracker: INotebookTracker,
    docManager: IDocumentManager,
    registry: ISettingRegistry,
    translator: ITranslator | null,
    statusBar: IStatusBar | null,
    palette: ICommandPalette | null
  ): Promise<ICheckpointTriggers> => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_checkpoints');
    const settings = await registry.load(PLUGIN_ID);
    const initial = compositeOf<IAutoPluginSettings>(settings);
    const panels = (): NotebookPanel[] => {
      const found: NotebookPanel[] = [];
      tracker.forEach(panel => found.push(panel));
      return found;
    };
    const findContext = contextFinder(panels);
    const checkpointer = new AutoCheckpointer(
      service,
      trans,
      findContext,
      checkpointerSettings(initial)
    );
    const autosave = new AutosaveController(
      service,
      autosaveSettings(initial),
      trans
    );
    const current = new CurrentDocument(app.shell, docManager);
    const guard = new DiscardGuard(service, checkpointer.page, trans);
    guard.enabled = initial.checkpointBeforeDiscard;
    const idleEdits = new IdleCheckpoints(
      service,
      checkpointer.page,
      idleSettings(initial)
    );
    // Through a widget extension: the document manager disposes it with the widget, before it
    // disposes the context and its model (see discardGuard.ts).
    for (const factory of GUARDED_FACTORIES) {
      app.docRegistry.addWidgetExtension(factory, {
        createNew: (widget, context) => {
          idleEdits.follow(context);
          return guard.watch(widget, context);
        }
      });
    }
    app.commands.commandExecuted.connect((_, executed) =>
      guard.commandStarted(executed.id, executed.result)
    );

    // Take over the Document Manager's timers (see DORMANT_INTERVAL), keeping its settings as the
    // fallback of ours: whenever its settings set an interval, remember it and put the timers back
    // to sleep.
    let documentManagerInterval =
      docManager.autosaveInterval || DEFAULT_INTERVAL;
    const syncDocumentManager = () => {
      autosave.documentManagerDefaults = {
        enabled: docManager.autosave,
        interval: documentManagerInterval
      };
      status?.update();
    };
    docManager.stateChanged.connect((_, change) => {
      if (
        change.name === 'autosaveInterval' &&
        change.newValue !== DORMANT_INTERVAL
      ) {
        documentManagerInterval = Number(change.newValue) || DEFAULT_INTERVAL;
        docManager.autosaveInterval = DORMANT_INTERVAL;
        syncDocumentManager();
      } else if (change.name === 'autosave') {
        syncDocumentManager();
      }
    });
    docManager.autosaveInterval = DORMANT_INTERVAL;

    // `%autosave N`, which JupyterLab's kernels accept but JupyterLab ignores.
    NotebookActions.executed.connect((_, { notebook, cell }) => {
      if (cell.model.type !== 'code') {
        return;
      }
      const seconds = parseAutosaveMagic(cell.model.sharedModel.getSource());
      const context = seconds === null ? null : findContext(notebook);
      if (context && isShared(context)) {
        Notification.info(
          trans.__(
            '%autosave does not apply to %1: it is shared in real time and the server saves it as it changes.',
            context.localPath
          ),
          { autoClose: 6000 }
        );
        return;
      }
      if (context && seconds !== null) {
        autosave.track(context);
        autosave.setOverride(context, seconds);
      }
    });

    addAutosaveCommands({ app, autosave, current, trans });
    palette?.addItem({
      command: CommandIDs.setNotebookAutosave,
      category: trans.__('Checkpoints')
    });

    let status: AutosaveStatus | null = null;
    if (statusBar) {
      // MenuSvg draws the check mark of the interval in use, as JupyterLab's own menus do.
      const menu = new MenuSvg({ commands: app.commands });
      menu.addClass('jp-checkpoints-statusMenu');
      menu.title.label = trans.__('Autosave');
      for (const seconds of [...COMMON_INTERVALS, -1]) {
        menu.addItem({
          command: CommandIDs.setAutosaveInterval,
          args: { seconds }
        });
      }
      menu.addItem({ type: 'separator' });
      menu.addItem({ command: CommandIDs.openPanel });
      status = new AutosaveStatus(autosave, service, trans, anchor => {
        const rect = anchor.getBoundingClientRect();
        // Lumino flips a menu that does not fit below its point: it opens just above the item.
        menu.open(rect.left, rect.top);
      });
      statusBar.registerStatusItem(PLUGIN_ID, {
        item: status,
        align: 'left',
        rank: 5,
        isActive: () => status?.context !== null
      });
    }

    // Every open notebook saves on its interval; other documents once they have been current.
    const track = (context: DocumentRegistry.Context | null) => {
      if (context) {
        autosave.track(context);
      }
      if (status) {
        status.context = context;
      }
    };
    current.changed.connect((_, context) => track(context));
    const opened = (panel: NotebookPanel) => {
      autosave.track(panel.context);
      void checkpointer.follow(panel.context);
    };
    tracker.widgetAdded.connect((_, panel) => opened(panel));
    tracker.forEach(opened);
    track(current.context);
    syncDocumentManager();

    // Under real-time collaboration the rooms save; their `save` events reach every page.
    app.serviceManager.events?.stream.connect((_, event) => {
      if (
        event.schema_id === COLLABORATION_SESSION_EVENTS &&
        event.action === 'save' &&
        typeof event.path === 'string'
      ) {
        autosave.roomSaved(event.path);
      }
    });

    settings.changed.connect(() => {
      const s = compositeOf<IAutoPluginSettings>(settings);
      checkpointer.settings = checkpointerSettings(s);
      autosave.settings = autosaveSettings(s);
      guard.enabled = s.checkpointBeforeDiscard;
      idleEdits.settings = idleSettings(s);
      status?.update();
    });

    return {
      get idle() {
        return checkpointer.idle;
      },
      get lastOutcome() {
        return checkpointer.lastOutcome;
      },
      get autosaveInterval() {
        return autosave.globalInterval;
      }
    };
  }
};

export const autoPlugins: JupyterFrontEndPlugin<unknown>[] = [auto];
