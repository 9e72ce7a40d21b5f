import * as React from 'react';
import { ICellLike, lineDiff } from '../../compare/cellDiff';

/** A line diff of two cells' sources: added lines and removed lines marked, the rest as is. */
export function SourceDiff(props: {
  from: ICellLike | undefined;
  to: ICellLike | undefined;
}): React.ReactElement {
  // lineDiff reads only the two cells of a cell diff.
  const parts = lineDiff({
    status: 'modified',
    base: props.from,
    target: props.to,
    sourceChanged: true,
    outputs: { changed: false, added: 0, removed: 0, imagesChanged: 0 }
  });
  return (
    <>
      {parts.map((part, k) => (
        <span
          key={k}
          className={
            part.added
              ? 'jp-mod-added'
              : part.removed
                ? 'jp-mod-removed'
                : undefined
          }
        >
          {part.value}
        </span>
      ))}
    </>
  );
}
