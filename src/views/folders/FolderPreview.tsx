import { TranslationBundle } from '@jupyterlab/translation';
import {
  caretDownIcon,
  caretRightIcon,
  fileIcon,
  folderIcon,
  linkIcon,
  ReactWidget,
  undoIcon
} from '@jupyterlab/ui-components';
import * as React from 'react';
import {
  EntryStatus,
  IFolderCheckpointDetail
} from '../../client/foldersClient';
import { formatSize } from '../format';
import { IconButton } from '../IconButton';
import { buildTree, countStatuses, ITreeNode } from './tree';
import { compareIcon, previewIcon } from '../../icons';

/**
 * A folder checkpoint's files as a tree, each marked against the folder now, with the actions of
 * one file: open its recorded content, compare it with now, restore it.
 */
export class FolderPreview extends ReactWidget {
  constructor(private _options: FolderPreview.IOptions) {
    super();
    this.addClass('jp-checkpoints-folderPreview');
  }

  get detail(): IFolderCheckpointDetail {
    return this._options.detail;
  }

  /** Show the statuses again (after a restore changed the folder). */
  setDetail(detail: IFolderCheckpointDetail): void {
    this._options = { ...this._options, detail };
    this.update();
  }

  protected render(): React.ReactElement {
    return <PreviewTree {...this._options} />;
  }
}

export namespace FolderPreview {
  export interface IOptions {
    detail: IFolderCheckpointDetail;
    /** The folder, for the banner. */
    path: string;
    trans: TranslationBundle;
    onOpen: (file: string) => void;
    onCompare: (file: string) => void;
    onRestore: (file: string) => void;
  }
}

/** The words of each status, as users read them (the server's `deleted` is "removed since"). */
export function statusLabel(
  status: EntryStatus,
  trans: TranslationBundle
): string {
  switch (status) {
    case 'added':
      return trans.__('added');
    case 'deleted':
      return trans.__('removed');
    case 'changed':
      return trans.__('changed');
    default:
      return trans.__('unchanged');
  }
}

function PreviewTree(props: FolderPreview.IOptions): React.ReactElement {
  const { detail, trans } = props;
  const [collapsed, setCollapsed] = React.useState<Set<string>>(new Set());
  const root = React.useMemo(() => buildTree(detail.entries), [detail]);
  const counts = countStatuses(detail.entries);
  const toggle = (path: string) => {
    const next = new Set(collapsed);
    if (next.has(path)) {
      next.delete(path);
    } else {
      next.add(path);
    }
    setCollapsed(next);
  };

  const row = (node: ITreeNode, depth: number): React.ReactElement => {
    const indent = {
      paddingLeft: `calc(${depth} * var(--jp-checkpoints-indent))`
    };
    const status = statusLabel(node.status, trans);
    if (!node.entry) {
      const open = !collapsed.has(node.path);
      const Caret = open ? caretDownIcon : caretRightIcon;
      return (
        <li key={node.path} className="jp-checkpoints-treeFolder">
          <button
            className={`jp-checkpoints-treeRow jp-checkpoints-status-${node.status}`}
            style={indent}
            aria-expanded={open}
            onClick={() => toggle(node.path)}
          >
            <Caret.react tag="span" className="jp-checkpoints-treeIcon" />
            <folderIcon.react tag="span" className="jp-checkpoints-treeIcon" />
            <span className="jp-checkpoints-treeName">{node.name}</span>
          </button>
          {open && (
            <ul role="group" className="jp-checkpoints-tree">
              {node.children.map(c => row(c, depth + 1))}
            </ul>
          )}
        </li>
      );
    }
    const entry = node.entry;
    const recorded = entry.status !== 'added';
    const Icon = entry.type === 'link' ? linkIcon : fileIcon;
    return (
      <li
        key={node.path}
        className={`jp-checkpoints-treeFile jp-checkpoints-treeRow jp-checkpoints-status-${entry.status}`}
        data-file={entry.path}
        data-status={entry.status}
        aria-label={`${entry.path}, ${status}`}
      >
        <span className="jp-checkpoints-treeLabel" style={indent}>
          <Icon.react tag="span" className="jp-checkpoints-treeIcon" />
          <span
            className="jp-checkpoints-treeName"
            title={
              entry.target ? `${entry.path} → ${entry.target}` : entry.path
            }
          >
            {node.name}
          </span>
        </span>
        <span className="jp-checkpoints-statusBadge">{status}</span>
        <span className="jp-checkpoints-treeSize">
          {recorded ? formatSize(entry.size) : ''}
        </span>
        <span className="jp-checkpoints-treeActions">
          {recorded && entry.type === 'file' && (
            <IconButton
              icon={previewIcon}
              label={trans.__('Open %1 as recorded', entry.path)}
              title={trans.__('Open as recorded (read-only)')}
              onClick={() => props.onOpen(entry.path)}
            />
          )}
          {entry.status === 'changed' && entry.type === 'file' && (
            <IconButton
              icon={compareIcon}
              label={trans.__('Compare %1 with now', entry.path)}
              title={trans.__('Compare with now')}
              onClick={() => props.onCompare(entry.path)}
            />
          )}
          {/* Links come back with the whole folder only. */}
          {(entry.status === 'changed' || entry.status === 'deleted') &&
            entry.type === 'file' && (
              <IconButton
                icon={undoIcon}
                label={trans.__('Restore This File: %1', entry.path)}
                title={trans.__(
                  'Restore This File (its current content is kept as its own checkpoint first)'
                )}
                onClick={() => props.onRestore(entry.path)}
              />
            )}
        </span>
      </li>
    );
  };

  return (
    <div className="jp-checkpoints-folderPreviewBody">
      <div className="jp-checkpoints-previewBanner">
        {trans.__('Read-only checkpoint of the folder %1', '/' + props.path)}
      </div>
      <div className="jp-checkpoints-folderSummary" role="status">
        {trans.__(
          '%1 files recorded · %2 changed · %3 removed since · %4 added since · %5 unchanged',
          detail.files,
          counts.changed,
          counts.deleted,
          counts.added,
          counts.unchanged
        )}
        {detail.skipped.length > 0 && (
          <details className="jp-checkpoints-skippedList">
            <summary>
              {trans.__('%1 files were not recorded', detail.skipped.length)}
            </summary>
            <ul>
              {detail.skipped.map(s => (
                <li key={s.path}>
                  {s.path}: {s.reason}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
      {detail.entries.length === 0 ? (
        <p className="jp-checkpoints-empty">
          {trans.__('This checkpoint holds no files.')}
        </p>
      ) : (
        <ul
          className="jp-checkpoints-tree"
          aria-label={trans.__('Files of the checkpoint')}
        >
          {root.children.map(c => row(c, 0))}
        </ul>
      )}
    </div>
  );
}
