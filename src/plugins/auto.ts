import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, InputDialog } from '@jupyterlab/apputils';
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
import { Widget } from '@lumino/widgets';
import { CommandIDs } from '../commandIds';
import { ICheckpoints } from '../tokens';
import {
  AutoCheckpointer,
  contextFinder,
  IAutoSettings
} from '../triggers/autoCheckpointer';
import {
  AutosaveController,
  DEFAULT_INTERVAL,
  MIN_INTERVAL
} from '../triggers/autosave';
import { parseAutosaveMagic } from '../triggers/autosaveMagic';
import { AutosaveStatus, formatInterval } from '../views/statusItem';

const PLUGIN_ID = 'jupyterlab-checkpoints:auto';
/** Sets the current notebook's own autosave interval; args `{ seconds }` (0 = off, -1 = follow settings). */
const SET_INTERVAL = 'checkpoints:set-autosave-interval';
const COMMON_INTERVALS = [30, 60, 120, 300, 600, 0];
/**
 * The Document Manager's own save timers are given this interval (seconds, about 23 days; below
 * setTimeout's 2^31 ms limit) so that they never fire: this extension's timers save instead, with
 * per-notebook intervals the Document Manager cannot express. Its `autosave` flag is left alone, so
 * its setting and the File menu toggle keep working (they are read as the fallback of ours).
 */
const DORMANT_INTERVAL = 2000000;

/**
 * Automatic checkpoints after running cells, autosave intervals (global and per notebook, including
 * `%autosave N`), and the status bar item.
 */
const auto: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description:
    'Automatic checkpoints after running cells; autosave interval settings.',
  autoStart: true,
  requires: [ICheckpoints, INotebookTracker, IDocumentManager],
  optional: [ISettingRegistry, ITranslator, IStatusBar, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    service: ICheckpoints,
    tracker: INotebookTracker,
    docManager: IDocumentManager,
    registry: ISettingRegistry | null,
    translator: ITranslator | null,
    statusBar: IStatusBar | null,
    palette: ICommandPalette | null
  ) => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_checkpoints');
    const defaults: IAutoSettings = {
      mode: 'afterRun',
      minSpacing: 30,
      quietMs: 750
    };
    const panels = (): NotebookPanel[] => {
      const found: NotebookPanel[] = [];
      tracker.forEach(panel => found.push(panel));
      return found;
    };
    const findContext = contextFinder(panels);
    const checkpointer = new AutoCheckpointer(service, trans, findContext, {
      ...defaults
    });
    const autosave = new AutosaveController(service, trans);
    // For the UI tests and the benchmark.
    (app as any)._checkpointsAuto = { checkpointer, autosave };

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

    const current = (): DocumentRegistry.Context | null => {
      const widget = app.shell.currentWidget;
      return widget ? (docManager.contextForWidget(widget) ?? null) : null;
    };
    const currentNotebookContext = (): DocumentRegistry.Context | null => {
      const context = current();
      return context && typeof (context.model as any).setMetadata === 'function'
        ? context
        : null;
    };
    const track = (widget: Widget | null) => {
      const context = widget ? docManager.contextForWidget(widget) : undefined;
      if (context) {
        autosave.track(context);
      }
      if (status) {
        status.context = context ?? null;
      }
    };

    // `%autosave N`, which JupyterLab's kernels accept but JupyterLab ignores.
    NotebookActions.executed.connect((_, { notebook, cell }) => {
      if (cell.model.type !== 'code') {
        return;
      }
      const seconds = parseAutosaveMagic(cell.model.sharedModel.getSource());
      const context = seconds === null ? null : findContext(notebook);
      if (context && seconds !== null) {
        autosave.track(context);
        autosave.setOverride(context, seconds);
      }
    });

    app.commands.addCommand(SET_INTERVAL, {
      label: args => {
        const seconds = Number(args.seconds);
        if (seconds < 0) {
          return trans.__('Follow the Settings (%1)', describeGlobal());
        }
        return seconds === 0
          ? trans.__('Autosave Off')
          : trans.__('Every %1', formatInterval(seconds, trans));
      },
      caption: trans.__('Autosave interval of this notebook'),
      isEnabled: () => currentNotebookContext() !== null,
      isToggled: args => {
        const context = currentNotebookContext();
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
        const context = currentNotebookContext();
        const seconds = Number(args.seconds);
        if (context) {
          autosave.track(context);
          autosave.setOverride(context, seconds < 0 ? null : seconds);
        }
      }
    });
    const describeGlobal = () => {
      const seconds = autosave.globalInterval;
      return seconds > 0 ? formatInterval(seconds, trans) : trans.__('off');
    };

    app.commands.addCommand(CommandIDs.setNotebookAutosave, {
      label: trans.__('Set Autosave Interval for This Notebook…'),
      caption: trans.__(
        'Stored in the notebook, it overrides the autosave setting (0 turns autosave off)'
      ),
      isEnabled: () => tracker.currentWidget !== null,
      execute: async () => {
        const context = tracker.currentWidget?.context;
        if (!context) {
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
      for (const seconds of COMMON_INTERVALS) {
        menu.addItem({ command: SET_INTERVAL, args: { seconds } });
      }
      menu.addItem({ command: SET_INTERVAL, args: { seconds: -1 } });
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

    docManager.activateRequested.connect(() => track(app.shell.currentWidget));
    app.shell.currentChanged?.connect((_, args) => track(args.newValue));
    tracker.widgetAdded.connect((_, panel) => autosave.track(panel.context));
    tracker.forEach(panel => autosave.track(panel.context));
    track(app.shell.currentWidget);
    syncDocumentManager();

    if (!registry) {
      return;
    }
    void registry
      .load(PLUGIN_ID)
      .then(settings => {
        const apply = () => {
          const s = settings.composite as any;
          const user = settings.user as any;
          checkpointer.settings = {
            mode: s.autoCheckpoint === 'off' ? 'off' : 'afterRun',
            minSpacing: Math.max(
              0,
              Number(s.autoCheckpointMinSpacing ?? defaults.minSpacing) || 0
            ),
            quietMs: defaults.quietMs
          };
          // Only what the user set here overrides the Document Manager's settings.
          autosave.settings = {
            enabled: typeof user.autosave === 'boolean' ? user.autosave : null,
            interval:
              typeof user.autosaveInterval === 'number'
                ? Math.max(MIN_INTERVAL, user.autosaveInterval)
                : null,
            checkpointOnAutosave: s.checkpointOnAutosave === true,
            checkpointPeriod: Math.max(
              0,
              Number(s.checkpointOnAutosavePeriod ?? 600) || 0
            )
          };
          status?.update();
        };
        apply();
        settings.changed.connect(apply);
      })
      .catch(reason =>
        console.warn(
          `jupyterlab-checkpoints: cannot load ${PLUGIN_ID} settings`,
          reason
        )
      );
  }
};

export const autoPlugins: JupyterFrontEndPlugin<any>[] = [auto];
