import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { formatSize } from './format';

/**
 * "This file's history: 1.2 MB · all checkpoints: 24.7 MB", as far as the server said: one line of
 * the panel's footer. Outside the limits' live region: figures that move with every checkpoint are
 * not worth announcing.
 */
export function DiskUse(props: {
  fileBytes: number | null;
  totalBytes: number | null;
  trans: TranslationBundle;
}): React.ReactElement | null {
  const { fileBytes, totalBytes, trans } = props;
  const parts: string[] = [];
  if (fileBytes !== null) {
    parts.push(trans.__("This file's history: %1", formatSize(fileBytes)));
  }
  if (totalBytes !== null) {
    parts.push(trans.__('all checkpoints: %1', formatSize(totalBytes)));
  }
  if (parts.length === 0) {
    return null;
  }
  return (
    <div
      className="jp-checkpoints-limits jp-checkpoints-sizes"
      title={trans.__(
        "Disk space on the server: what this file's checkpoints take (content shared with other files counts in each), and what every checkpoint takes, deleted files' kept histories included. Clean Up Checkpoints… frees what is no longer needed."
      )}
    >
      {/* A narrow panel wraps between the figures, not inside one. */}
      <span>
        {parts.map((part, i) => (
          <React.Fragment key={i}>
            {i > 0 && ' · '}
            <span className="jp-checkpoints-figure">{part}</span>
          </React.Fragment>
        ))}
      </span>
    </div>
  );
}
