import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { ICellDiff, ICellLike } from '../../compare/cellDiff';
import { renderOutputArea } from '../../preview/notebookRender';

/**
 * A cell's outputs before and after, side by side (older left, newer right), rendered by the one
 * notebook renderer (`preview/notebookRender.ts`: the rendermime registry, untrusted and sanitised),
 * so images, HTML and text look as the notebook shows them. A `<details>` element: collapsible with
 * the keyboard, and collapsed at first when the outputs are large, so a long log does not push the
 * other cells away.
 */

/** Outputs larger than this (without their images) start collapsed. */
const LARGE_TEXT = 20000;
/** More images than this (both sides) start collapsed. */
const MANY_IMAGES = 4;

let defaultRendermime: IRenderMimeRegistry | null = null;

/** The registry comparisons render outputs with, set once by the plugin that opens them. */
export function setCompareRendermime(rendermime: IRenderMimeRegistry): void {
  defaultRendermime = rendermime;
}

/** The registry to render with: the view's own, else the plugin's. */
export function compareRendermime(
  own: IRenderMimeRegistry | undefined
): IRenderMimeRegistry | null {
  return own ?? defaultRendermime;
}

/** Large outputs: much text or HTML, or many images. */
export function outputsAreLarge(outputs: any[]): boolean {
  let text = 0;
  let images = 0;
  for (const output of outputs) {
    for (const [mime, value] of Object.entries(output?.data ?? {})) {
      if (mime.startsWith('image/')) {
        images++;
      } else {
        text += JSON.stringify(value).length;
      }
    }
    text += JSON.stringify(output?.text ?? output?.traceback ?? '').length;
  }
  return text > LARGE_TEXT || images > MANY_IMAGES;
}

/** One side's outputs, as the notebook's output area renders them. */
function OutputSide(props: {
  cell: ICellLike | undefined;
  rendermime: IRenderMimeRegistry;
  side: 'older' | 'newer';
  label: string;
  emptyLabel: string;
}): React.ReactElement {
  const ref = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    const host = ref.current;
    if (!host || !props.cell?.outputs?.length) {
      return;
    }
    const area = renderOutputArea(props.cell, props.rendermime);
    // Placed, not attached, as the preview places outputs: React may take the host out of the page
    // before this effect's cleanup runs, and a widget attached there could not be disposed then.
    host.appendChild(area.node);
    return () => area.dispose();
  }, [props.cell, props.rendermime]);
  return (
    <div
      className={`jp-checkpoints-outputSide jp-mod-${props.side}`}
      role="group"
      aria-label={props.label}
    >
      <div className="jp-checkpoints-outputSideTitle">{props.label}</div>
      {props.cell?.outputs?.length ? (
        <div ref={ref} className="jp-checkpoints-outputSideBody" />
      ) : (
        <div className="jp-checkpoints-meta">{props.emptyLabel}</div>
      )}
    </div>
  );
}

/** The outputs of a changed cell, older and newer side by side; null when they did not change. */
export function OutputsDiff(props: {
  diff: ICellDiff;
  rendermime: IRenderMimeRegistry | null;
  trans: TranslationBundle;
}): React.ReactElement | null {
  const { diff: d, trans } = props;
  const [open, setOpen] = React.useState(
    () =>
      !outputsAreLarge([
        ...(d.base?.outputs ?? []),
        ...(d.target?.outputs ?? [])
      ])
  );
  if (!d.outputs.changed) {
    return null;
  }
  const summary =
    d.outputs.imagesChanged > 0
      ? trans._n(
          'Outputs changed (%1 image changed)',
          'Outputs changed (%1 images changed)',
          d.outputs.imagesChanged
        )
      : trans.__(
          'Outputs changed: %1 added, %2 removed',
          d.outputs.added,
          d.outputs.removed
        );
  return (
    <details
      className="jp-checkpoints-outputsDiff"
      open={open}
      onToggle={e => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary className="jp-checkpoints-meta">{summary}</summary>
      {/* Rendered only while open: collapsed large outputs cost nothing. */}
      {open && props.rendermime ? (
        <div className="jp-checkpoints-outputSides">
          <OutputSide
            cell={d.base}
            rendermime={props.rendermime}
            side="older"
            label={trans.__('Older outputs')}
            emptyLabel={trans.__('No outputs')}
          />
          <OutputSide
            cell={d.target}
            rendermime={props.rendermime}
            side="newer"
            label={trans.__('Newer outputs')}
            emptyLabel={trans.__('No outputs')}
          />
        </div>
      ) : null}
    </details>
  );
}
