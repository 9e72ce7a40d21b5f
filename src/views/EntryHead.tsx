import { TranslationBundle } from '@jupyterlab/translation';
import { LabIcon } from '@jupyterlab/ui-components';
import * as React from 'react';
import { pinIcon } from '../icons';
import { relativeTime } from './format';

/**
 * What file and folder checkpoint entries show alike: the kind's icon, the title with the pin mark,
 * and "kind · time" opening the meta line; each entry adds its own figures after it (`children`).
 */
export function EntryIcon(props: {
  icon: LabIcon;
  kind: string;
}): React.ReactElement {
  return (
    <span className="jp-checkpoints-kindIcon" title={props.kind}>
      <props.icon.react tag="span" />
    </span>
  );
}

export function EntryTitle(props: {
  title: string;
  pinned: boolean;
  trans: TranslationBundle;
}): React.ReactElement {
  return (
    <div className="jp-checkpoints-itemTitle">
      <span className="jp-checkpoints-label">{props.title}</span>
      {props.pinned && (
        <span
          className="jp-checkpoints-pinMark"
          title={props.trans.__('Pinned: never dropped automatically')}
        >
          <pinIcon.react tag="span" />
        </span>
      )}
    </div>
  );
}

export function EntryMeta(props: {
  kind: string;
  /** ISO 8601. */
  time: string;
  children?: React.ReactNode;
}): React.ReactElement {
  return (
    <div className="jp-checkpoints-meta">
      <span className="jp-checkpoints-kind">{props.kind}</span>
      <span aria-hidden="true"> · </span>
      <time dateTime={props.time} title={new Date(props.time).toLocaleString()}>
        {relativeTime(props.time, Date.now())}
      </time>
      {props.children}
    </div>
  );
}
