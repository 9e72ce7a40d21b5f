import { LabIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

/**
 * A small icon-only button of the panel: the label is its accessible name, the title its tooltip.
 */
export function IconButton(props: {
  icon: LabIcon;
  label: string;
  title?: string;
  onClick: (event: React.MouseEvent<HTMLButtonElement>) => void;
  pressed?: boolean;
  disabled?: boolean;
  hasPopup?: boolean;
  /** -1 keeps row buttons out of the Tab order: the list is navigated with the arrow keys. */
  tabIndex?: number;
}): React.ReactElement {
  const Icon = props.icon;
  return (
    <button
      className="jp-checkpoints-iconButton"
      title={props.title ?? props.label}
      aria-label={props.label}
      aria-pressed={props.pressed}
      aria-haspopup={props.hasPopup ? 'menu' : undefined}
      disabled={props.disabled}
      tabIndex={props.tabIndex}
      onClick={props.onClick}
    >
      <Icon.react tag="span" />
    </button>
  );
}
