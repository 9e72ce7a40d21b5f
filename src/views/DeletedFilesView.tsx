import { TranslationBundle } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import * as React from 'react';
import { CommandIDs } from '../commandIds';
import { ICheckpoints, IDeletedFile } from '../tokens';
import { checkpointTitle, formatSize, relativeTime } from './format';

/**
 * Checkpoints kept for deleted files, each restorable as a new file.
 */
export function DeletedFilesView(props: {
  service: ICheckpoints;
  commands: CommandRegistry;
  trans: TranslationBundle;
}): React.ReactElement {
  const { service, commands, trans } = props;
  const [entries, setEntries] = React.useState<IDeletedFile[] | null>(null);
  const [error, setError] = React.useState<string | null>(null);

  const load = React.useCallback(() => {
    service
      .listDeleted()
      .then(list => {
        setEntries(list);
        setError(null);
      })
      .catch(reason => setError(String(reason.message ?? reason)));
  }, [service]);

  React.useEffect(() => {
    load();
    const reload = () => load();
    service.changed.connect(reload);
    return () => {
      service.changed.disconnect(reload);
    };
  }, [service, load]);

  if (error) {
    return (
      <div className="jp-checkpoints-error" role="alert">
        {error}
      </div>
    );
  }
  if (entries === null) {
    return <div className="jp-checkpoints-empty">{trans.__('Loading…')}</div>;
  }
  if (entries.length === 0) {
    return (
      <div className="jp-checkpoints-empty">
        <p>{trans.__('No deleted file has kept checkpoints.')}</p>
        <p>
          {trans.__(
            'When you delete a file, its checkpoints are kept here for a while.'
          )}
        </p>
      </div>
    );
  }
  const now = Date.now();
  return (
    <ul
      className="jp-checkpoints-deleted"
      aria-label={trans.__('Deleted files')}
    >
      {entries.map(entry => (
        <li
          key={`${entry.path}@${entry.deleted}`}
          className="jp-checkpoints-deletedFile"
        >
          <div className="jp-checkpoints-deletedHeader">
            <span className="jp-checkpoints-deletedPath" title={entry.path}>
              {entry.path}
            </span>
            {entry.bytes !== null && (
              <span
                className="jp-checkpoints-deletedSize"
                title={trans.__(
                  'Disk space this kept history takes on the server'
                )}
              >
                {formatSize(entry.bytes)}
              </span>
            )}
          </div>
          <div className="jp-checkpoints-meta">
            {trans.__(
              'Deleted %1, kept until %2',
              relativeTime(entry.deleted, now),
              new Date(entry.expires).toLocaleDateString()
            )}
          </div>
          <ul role="list">
            {[...entry.checkpoints].reverse().map(c => (
              <li
                key={c.id}
                className="jp-checkpoints-deletedItem"
                role="listitem"
              >
                <span
                  className="jp-checkpoints-label"
                  title={new Date(c.lastModified).toLocaleString()}
                >
                  {checkpointTitle(c, trans)}
                </span>
                <button
                  className="jp-checkpoints-textButton"
                  onClick={() =>
                    void commands.execute(CommandIDs.restoreDeleted, {
                      path: entry.path,
                      id: c.id
                    })
                  }
                >
                  {trans.__('Restore as file')}
                </button>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
