import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { ISkippedLink } from '../client/foldersClient';

/**
 * What the user is told after "Open as New Folder". The new folder re-creates a recorded link only
 * when its target stays inside the server's root from the new place (the server lists the others as
 * `skipped`, with a reason): a link left out must be named, or the copy would silently differ from
 * the checkpoint.
 */

/** Links named in the notification itself; the dialog lists them all. */
const MAX_NAMED = 3;
const OUTSIDE = 'link-outside-root';

/** Why the server left a link out, in words (an unknown reason is shown as the server sent it). */
export function skippedReason(
  reason: string,
  trans: TranslationBundle
): string {
  switch (reason) {
    case OUTSIDE:
      return trans.__("its target would be outside the server's root");
    default:
      return reason;
  }
}

/** One line per skipped link: "data/raw: its target would be outside the server's root". */
export function skippedLines(
  skipped: ISkippedLink[],
  trans: TranslationBundle
): string[] {
  return skipped.map(s => `${s.path}: ${skippedReason(s.reason, trans)}`);
}

/**
 * The notification's text: "The checkpoint is now the folder X." or, when links were left out, which
 * (the first few) and why, first: a notification shows its first 140 characters, and the folder's
 * name is in the file browser anyway.
 */
export function extractReport(
  created: string,
  skipped: ISkippedLink[],
  trans: TranslationBundle
): string {
  if (!skipped.length) {
    return trans.__('The checkpoint is now the folder %1.', created);
  }
  const allOutside = skipped.every(s => s.reason === OUTSIDE);
  const first = skipped.slice(0, MAX_NAMED);
  // One reason for all: said once. Otherwise each link with its own.
  const named = allOutside
    ? first.map(s => s.path)
    : skippedLines(first, trans);
  const more = skipped.length - named.length;
  if (more > 0) {
    named.push(trans._n('and %1 more', 'and %1 more', more));
  }
  const list = named.join(allOutside ? ', ' : '; ');
  if (allOutside) {
    return trans._n(
      "%1 link not re-created, as it would lead outside the server's root: %2. The checkpoint is now the folder %3.",
      "%1 links not re-created, as they would lead outside the server's root: %2. The checkpoint is now the folder %3.",
      skipped.length,
      list,
      created
    );
  }
  return trans._n(
    '%1 link not re-created (%2). The checkpoint is now the folder %3.',
    '%1 links not re-created (%2). The checkpoint is now the folder %3.',
    skipped.length,
    list,
    created
  );
}

/** The dialog's body: every skipped link with its reason, as a list. */
export function skippedLinksBody(
  skipped: ISkippedLink[],
  trans: TranslationBundle
): Widget {
  const body = new Widget();
  body.addClass('jp-checkpoints-skippedLinks');
  const intro = document.createElement('p');
  intro.textContent = trans.__(
    'These links of the checkpoint were not re-created in the new folder:'
  );
  const list = document.createElement('ul');
  list.setAttribute('aria-label', trans.__('Links not re-created'));
  for (const line of skippedLines(skipped, trans)) {
    const item = document.createElement('li');
    item.textContent = line; // paths are text, never markup
    list.appendChild(item);
  }
  body.node.append(intro, list);
  return body;
}

/** Tell the user what "Open as New Folder" made: a success, or a warning naming the links left out. */
export function notifyExtracted(
  created: string,
  skipped: ISkippedLink[],
  trans: TranslationBundle
): void {
  const message = extractReport(created, skipped, trans);
  if (!skipped.length) {
    Notification.success(message, { autoClose: 5000 });
    return;
  }
  Notification.warning(message, {
    autoClose: false, // something the user expected is missing: it stays until read
    actions: [
      {
        label: trans.__('Show Links'),
        caption: trans.__('List every link that was not re-created'),
        callback: () =>
          void showDialog({
            title: trans.__('Links not re-created'),
            body: skippedLinksBody(skipped, trans),
            buttons: [Dialog.okButton({ label: trans.__('Close') })]
          })
      }
    ]
  });
}
