import { TranslationBundle } from '@jupyterlab/translation';
import {
  IFormRenderer,
  IFormRendererRegistry
} from '@jupyterlab/ui-components';
import * as React from 'react';
import { IGlobalAutosave } from '../triggers/autosave';
import { formatDuration } from './format';

/**
 * How the Settings Editor shows `autosave` and `autosaveInterval`, whose unset value (null) means
 * "as the Document Manager's settings". A plain checkbox showed null as unticked while autosave
 * ran every 2 minutes; here the unset choice says what applies now ("As the Document Manager: on,
 * every 2 minutes"), so what is shown is what applies.
 */
/** What the form gives a field (RJSF's `FieldProps`), as far as these read it. */
interface IFieldProps {
  idSchema: { $id: string };
  formData?: unknown;
  onChange: (value: unknown) => void;
  disabled?: boolean;
  readonly?: boolean;
  schema: { title?: string; minimum?: number };
}

type Field = NonNullable<IFormRenderer['fieldRenderer']>;

/** The setting's title, as the editor writes the titles of the fields it draws itself. */
function FieldTitle(props: { id: string; title?: string }): React.ReactElement {
  return (
    <label
      htmlFor={props.id}
      className="jp-FormGroup-fieldLabel jp-FormGroup-contentItem jp-checkpoints-settingTitle"
    >
      {props.title}
    </label>
  );
}

export function registerAutosaveSettingWidgets(
  registry: IFormRendererRegistry,
  pluginId: string,
  documentManager: () => IGlobalAutosave | null,
  trans: TranslationBundle
): void {
  const inherited = (): string => {
    const dm = documentManager();
    return dm
      ? dm.enabled
        ? trans.__('on, every %1', formatDuration(dm.interval))
        : trans.__('off')
      : trans.__('on');
  };

  const AutosaveChoice = (props: IFieldProps): React.ReactElement => {
    const value = props.formData;
    const id = props.idSchema.$id;
    const key = value === true ? 'on' : value === false ? 'off' : 'unset';
    return (
      <div className="jp-checkpoints-settingField">
        <FieldTitle id={id} title={props.schema.title} />
        <select
          id={id}
          className="jp-checkpoints-settingSelect jp-mod-styled"
          value={key}
          disabled={props.disabled || props.readonly}
          onChange={e => {
            const chosen = e.currentTarget.value;
            props.onChange(
              chosen === 'on' ? true : chosen === 'off' ? false : null
            );
          }}
        >
          <option value="unset">
            {trans.__('As the Document Manager (%1)', inherited())}
          </option>
          <option value="on">{trans.__('On')}</option>
          <option value="off">{trans.__('Off')}</option>
        </select>
      </div>
    );
  };

  const IntervalInput = (props: IFieldProps): React.ReactElement => {
    const dm = documentManager();
    const value = props.formData;
    const id = props.idSchema.$id;
    return (
      <div className="jp-checkpoints-settingField">
        <FieldTitle id={id} title={props.schema.title} />
        <input
          id={id}
          className="jp-checkpoints-settingInput jp-mod-styled"
          type="number"
          min={props.schema.minimum}
          value={typeof value === 'number' ? value : ''}
          // Left empty, the Document Manager's interval applies: the placeholder says which.
          placeholder={trans.__(
            "%1 (the Document Manager's)",
            dm?.interval ?? 120
          )}
          disabled={props.disabled || props.readonly}
          onChange={e => {
            const text = e.currentTarget.value.trim();
            props.onChange(text === '' ? null : Number(text));
          }}
        />
      </div>
    );
  };

  registry.addRenderer(`${pluginId}.autosave`, {
    fieldRenderer: AutosaveChoice as unknown as Field
  });
  registry.addRenderer(`${pluginId}.autosaveInterval`, {
    fieldRenderer: IntervalInput as unknown as Field
  });
}
