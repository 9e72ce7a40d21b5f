import { TranslationBundle } from '@jupyterlab/translation';
import {
  addIcon,
  ellipsesIcon,
  refreshIcon,
  VDomRenderer
} from '@jupyterlab/ui-components';
import { CommandRegistry } from '@lumino/commands';
import { Menu, Widget } from '@lumino/widgets';
import * as React from 'react';
import { CommandIDs } from '../commandIds';
import { deletedFilesIcon } from '../icons';
import { CheckpointsModel } from '../model/checkpointsModel';
import { IconButton } from './IconButton';

/** The name of the panel's toolbar in the `jupyter.lab.toolbars` settings. */
export const TOOLBAR_FACTORY = 'Checkpoints';

/** A toolbar item drawn from the panel's model, so it follows its state. */
class ModelItem extends VDomRenderer<CheckpointsModel> {
  constructor(
    model: CheckpointsModel,
    private _draw: (model: CheckpointsModel) => React.ReactElement | null
  ) {
    super(model);
    this.addClass('jp-checkpoints-toolbarItem');
  }

  protected render(): React.ReactElement | null {
    return this._draw(this.model);
  }
}

/** The create button's tooltip, with the shortcut as the user has it (remappable, Cmd on macOS). */
function createTitle(
  commands: CommandRegistry,
  trans: TranslationBundle
): string {
  const binding = commands.keyBindings.find(
    b => b.command === CommandIDs.create
  );
  return binding
    ? trans.__(
        'Create a checkpoint (%1)',
        binding.keys.map(CommandRegistry.formatKeystroke).join(', ')
      )
    : trans.__('Create a checkpoint');
}

/**
 * What the panel's "…" menu holds: the actions on the whole history, the destructive ones among
 * them, kept out of the File menu (they are also in the command palette).
 */
export const PANEL_MENU_COMMANDS: readonly (string | null)[] = [
  CommandIDs.createNamed,
  CommandIDs.restoreLatest,
  null,
  CommandIDs.cleanUp,
  CommandIDs.deleteUnpinned
];

/** The "…" menu of the panel's toolbar (null entries are separators). */
function panelMenu(commands: CommandRegistry, trans: TranslationBundle): Menu {
  const menu = new Menu({ commands });
  menu.addClass('jp-checkpoints-panelMenu');
  menu.title.label = trans.__('Checkpoint history actions');
  for (const command of PANEL_MENU_COMMANDS) {
    menu.addItem(command ? { command } : { type: 'separator' });
  }
  return menu;
}

/** A named toolbar item and how to make it (once per toolbar built). */
export interface IToolbarItemFactory {
  name: string;
  create: () => Widget;
}

/**
 * The panel's own toolbar items, by the names schema/panel.json lists under `jupyter.lab.toolbars`
 * (users can hide, move or add items there, as for other panels).
 */
export function panelToolbarItems(
  model: CheckpointsModel,
  commands: CommandRegistry,
  trans: TranslationBundle
): IToolbarItemFactory[] {
  return [
    {
      name: 'create',
      create: () =>
        new ModelItem(model, m => (
          <IconButton
            icon={addIcon}
            label={trans.__('Create checkpoint')}
            title={createTitle(commands, trans)}
            disabled={!m.path}
            onClick={() => void commands.execute(CommandIDs.create)}
          />
        ))
    },
    {
      name: 'refresh',
      create: () =>
        new ModelItem(model, m => (
          <IconButton
            icon={refreshIcon}
            label={trans.__('Refresh')}
            onClick={() => void m.refresh()}
          />
        ))
    },
    {
      name: 'deleted-files',
      create: () =>
        new ModelItem(model, m =>
          m.hasServerPart ? (
            <IconButton
              icon={deletedFilesIcon}
              label={trans.__('Deleted files')}
              title={trans.__('Checkpoints kept for deleted files')}
              pressed={m.showDeleted}
              onClick={() => (m.showDeleted = !m.showDeleted)}
            />
          ) : null
        )
    },
    {
      name: 'more',
      create: () => {
        const menu = panelMenu(commands, trans);
        return new ModelItem(model, () => (
          <IconButton
            icon={ellipsesIcon}
            label={trans.__('More actions')}
            title={trans.__(
              'Name, restore the latest, clean up or delete checkpoints'
            )}
            hasPopup
            onClick={event => {
              const rect = event.currentTarget.getBoundingClientRect();
              menu.open(rect.left, rect.bottom);
            }}
          />
        ));
      }
    }
  ];
}
