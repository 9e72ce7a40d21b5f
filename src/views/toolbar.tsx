import { TranslationBundle } from '@jupyterlab/translation';
import { addIcon, refreshIcon, VDomRenderer } from '@jupyterlab/ui-components';
import { CommandRegistry } from '@lumino/commands';
import { Widget } from '@lumino/widgets';
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
    }
  ];
}
