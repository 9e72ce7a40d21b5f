import { InputDialog, showErrorMessage } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ICheckpoint, ICheckpoints, IServerInfo } from '../tokens';

/** A handler showing why an action failed, under `title`. */
export function reportError(title: string): (reason: unknown) => void {
  return reason => {
    const message =
      reason instanceof Error && reason.message
        ? reason.message
        : String(reason);
    void showErrorMessage(title, message);
  };
}

/** Ask for a checkpoint name; null when the user cancels. */
export async function askName(
  trans: TranslationBundle,
  info: IServerInfo | null,
  title: string,
  text = ''
): Promise<string | null> {
  const limit = info?.limits.max_label_length ?? 200;
  const result = await InputDialog.getText({
    title,
    label: trans.__('Name (up to %1 characters)', limit),
    text,
    placeholder: trans.__('e.g. Before refactoring the loader'),
    okLabel: trans.__('Save')
  });
  if (!result.button.accept) {
    return null;
  }
  return (result.value ?? '').trim().slice(0, limit);
}

/** Ask for a name, then give it to the checkpoint (pinned or not: naming takes no pinned slot). */
export async function nameCheckpoint(
  service: ICheckpoints,
  trans: TranslationBundle,
  info: IServerInfo | null,
  path: string,
  checkpoint: ICheckpoint
): Promise<void> {
  const label = await askName(
    trans,
    info,
    trans.__('Rename Checkpoint'),
    checkpoint.label
  );
  if (label !== null) {
    await service.update(path, checkpoint.id, { label });
  }
}
