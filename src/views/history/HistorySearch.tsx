import { TranslationBundle } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import * as React from 'react';
import { ISearchHit, ISearchResult } from '../../client/historyClient';
import { CommandIDs } from '../../commandIds';
import { snippetParts } from '../../history/snippet';
import { checkpointTitle, relativeTime } from '../format';

/** Typing pauses this long before the server is asked. */
const DEBOUNCE_MS = 300;
/** The server's bound on a query. */
const MAX_QUERY = 200; // the server's bound (history/search.py)

/**
 * Search of every checkpoint of the panel's document (sources and text outputs, deleted cells
 * too). Each hit opens the preview of its checkpoint at its cell (click, or Enter on it). Arrow
 * keys move from the box through the hits; Escape clears the box.
 */
export function HistorySearch(props: {
  path: string;
  search: HistorySearch.Search;
  commands: CommandRegistry;
  trans: TranslationBundle;
  /** Told whether hits (or the search's state) are shown, so the panel can make room. */
  onActive: (active: boolean) => void;
}): React.ReactElement {
  const { path, search, commands, trans, onActive } = props;
  const [query, setQuery] = React.useState('');
  const [result, setResult] = React.useState<ISearchResult | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const listRef = React.useRef<HTMLUListElement>(null);
  const inputRef = React.useRef<HTMLInputElement>(null);
  const text = query.trim() ? query.slice(0, MAX_QUERY) : '';

  React.useEffect(() => onActive(text !== ''), [text]);
  React.useEffect(() => {
    setError(null);
    if (!text) {
      setResult(null);
      setBusy(false);
      return;
    }
    // An answer for an older query (or document) is dropped.
    let current = true;
    setBusy(true);
    const timer = window.setTimeout(() => {
      search(path, text).then(
        answer => current && (setResult(answer), setBusy(false)),
        reason =>
          current &&
          (setError(String(reason?.message ?? reason)), setBusy(false))
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [text, path]);

  const open = (hit: ISearchHit) =>
    void commands.execute(CommandIDs.preview, {
      path,
      id: hit.checkpoint.id,
      cell: hit.index
    });

  const hits = (): HTMLElement[] =>
    Array.from(listRef.current?.querySelectorAll('[role="option"]') ?? []);
  const focusHit = (i: number) => {
    const all = hits();
    if (i < 0) {
      inputRef.current?.focus();
      return;
    }
    all[Math.min(i, all.length - 1)]?.focus();
  };
  const onInputKey = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowDown' && hits().length) {
      focusHit(0);
    } else if (event.key === 'Enter' && result?.hits.length) {
      open(result.hits[0]);
    } else if (event.key === 'Escape' && query) {
      setQuery('');
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  };
  const onListKey = (event: React.KeyboardEvent) => {
    const index = hits().indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowDown') {
      focusHit(index + 1);
    } else if (event.key === 'ArrowUp') {
      focusHit(index - 1);
    } else if (event.key === 'Enter' && index >= 0 && result) {
      open(result.hits[index]);
    } else if (event.key === 'Escape') {
      setQuery('');
      inputRef.current?.focus();
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  const status = !text
    ? ''
    : busy
      ? trans.__('Searching…')
      : error
        ? error
        : result && result.hits.length === 0
          ? trans.__('No checkpoint contains “%1”.', text)
          : result
            ? result.stoppedEarly
              ? trans.__('%1 matches: search stopped early', result.hits.length)
              : result.truncated
                ? trans.__('First %1 matches', result.hits.length)
                : trans._n('%1 match', '%1 matches', result.hits.length)
            : '';

  return (
    <div className="jp-checkpoints-historySearch">
      <input
        ref={inputRef}
        className="jp-checkpoints-search jp-mod-styled"
        type="search"
        maxLength={MAX_QUERY}
        placeholder={trans.__('Search all checkpoints')}
        aria-label={trans.__('Search the contents of all checkpoints')}
        aria-controls="jp-checkpoints-hits"
        value={query}
        onChange={e => setQuery(e.currentTarget.value)}
        onKeyDown={onInputKey}
      />
      {text && (
        <div
          className={`jp-checkpoints-meta${error ? ' jp-checkpoints-error' : ''}`}
          role="status"
        >
          {status}
        </div>
      )}
      {text && result && result.hits.length > 0 && (
        <ul
          id="jp-checkpoints-hits"
          ref={listRef}
          className="jp-checkpoints-hits"
          role="listbox"
          aria-label={trans.__('Matches in checkpoints')}
          onKeyDown={onListKey}
        >
          {result.hits.map((hit, i) => (
            <Hit
              key={i}
              hit={hit}
              trans={trans}
              tabbable={i === 0}
              notebook={path.endsWith('.ipynb')}
              onOpen={() => open(hit)}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function Hit(props: {
  hit: ISearchHit;
  trans: TranslationBundle;
  tabbable: boolean;
  /** False for a text file, whose hits are lines. */
  notebook: boolean;
  onOpen: () => void;
}): React.ReactElement {
  const { hit, trans } = props;
  const n = hit.index + 1;
  const title = checkpointTitle(hit.checkpoint, trans);
  const where = !props.notebook
    ? trans.__('line %1', n)
    : {
        source: trans.__('cell %1', n),
        output: trans.__('output of cell %1', n),
        image: trans.__('image in cell %1', n)
      }[hit.where];
  const exact = new Date(hit.checkpoint.lastModified).toLocaleString();
  // Text nodes only: a snippet is file content, never markup.
  const snippet = snippetParts(hit.snippet, hit.match).map((part, k) =>
    part.match ? <mark key={k}>{part.text}</mark> : part.text
  );
  return (
    <li
      className="jp-checkpoints-hit"
      role="option"
      aria-selected={false}
      tabIndex={props.tabbable ? 0 : -1}
      data-checkpoint={hit.checkpoint.id}
      data-index={hit.index}
      onClick={props.onOpen}
    >
      <div className="jp-checkpoints-hitTitle">
        <span className="jp-checkpoints-label">{title}</span>
        <time dateTime={hit.checkpoint.lastModified} title={exact}>
          {relativeTime(hit.checkpoint.lastModified, Date.now())}
        </time>
      </div>
      <div className="jp-checkpoints-meta">
        {where}
        {hit.also > 0 &&
          ' · ' +
            trans._n(
              'also in %1 older checkpoint',
              'also in %1 older checkpoints',
              hit.also
            )}
      </div>
      <div className="jp-checkpoints-snippet">{snippet}</div>
    </li>
  );
}

export namespace HistorySearch {
  /** Searches the checkpoints of `path` for `query`. */
  export type Search = (path: string, query: string) => Promise<ISearchResult>;
}
