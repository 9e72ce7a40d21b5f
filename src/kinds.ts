import { TranslationBundle } from '@jupyterlab/translation';
import {
  bugIcon,
  editIcon,
  fileIcon,
  historyIcon,
  LabIcon,
  refreshIcon,
  runIcon,
  saveIcon,
  undoIcon
} from '@jupyterlab/ui-components';
import { manualIcon } from './icons';

/** What the page shows of one kind of checkpoint. */
interface IKindInfo {
  /** The kind's name in the user's language (a literal per kind, so translators see each one). */
  label: (trans: TranslationBundle) => string;
  icon: LabIcon;
}

/**
 * The one table of checkpoint kinds: what made a checkpoint. The type, the list, the labels and
 * the icons all derive from it. `legacy` is a pre-existing `.ipynb_checkpoints` file; `replaced` keeps the shared state a
 * collaboration room replaced with the file on disk; `unsaved` what the page held, neither saved nor
 * run, before a dialog discarded it or once it sat unedited for a while. The server
 * keeps its own list of the same names (a test checks that the two agree).
 */
const KINDS = {
  manual: { label: trans => trans.__('Manual'), icon: manualIcon },
  save: { label: trans => trans.__('Save'), icon: saveIcon },
  auto: { label: trans => trans.__('Automatic'), icon: runIcon },
  failure: { label: trans => trans.__('Failure'), icon: bugIcon },
  'before-restore': {
    label: trans => trans.__('Before restore'),
    icon: undoIcon
  },
  rollback: { label: trans => trans.__('Rollback'), icon: historyIcon },
  replaced: {
    label: trans => trans.__('Replaced from disk'),
    icon: refreshIcon
  },
  legacy: { label: trans => trans.__('Legacy'), icon: fileIcon },
  unsaved: { label: trans => trans.__('Unsaved changes'), icon: editIcon }
} satisfies Record<string, IKindInfo>;

/** What made a checkpoint. */
export type CheckpointKind = keyof typeof KINDS;

/** Every kind, in the table's order: plain JSON data, as the server lists them. */
export const CHECKPOINT_KINDS: readonly CheckpointKind[] = Object.freeze(
  Object.keys(KINDS) as CheckpointKind[]
);

export function isCheckpointKind(value: unknown): value is CheckpointKind {
  return (
    typeof value === 'string' &&
    Object.prototype.hasOwnProperty.call(KINDS, value)
  );
}

/** Human name of a kind. */
export function kindLabel(
  kind: CheckpointKind,
  trans: TranslationBundle
): string {
  return KINDS[kind].label(trans);
}

/** The icon shown for each kind of checkpoint. */
export function kindIcon(kind: CheckpointKind): LabIcon {
  return KINDS[kind].icon;
}
