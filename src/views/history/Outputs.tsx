import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import * as React from 'react';
import { ICellLike } from '../../compare/cellDiff';
import { renderOutputs } from '../../preview/renderCell';

/** A cell's outputs, rendered (untrusted) by the rendermime registry as the preview does. */
export function Outputs(props: {
  cell: ICellLike;
  rendermime: IRenderMimeRegistry;
}): React.ReactElement | null {
  const ref = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    const node = ref.current;
    if (node) {
      node.replaceChildren();
      renderOutputs(node, props.cell, props.rendermime);
    }
  }, [props.cell]);
  if (!props.cell.outputs?.length) {
    return null;
  }
  return <div ref={ref} className="jp-checkpoints-historyOutputs" />;
}
