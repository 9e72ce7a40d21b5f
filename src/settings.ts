import { ISettingRegistry } from '@jupyterlab/settingregistry';

/**
 * The settings of `jupyterlab-checkpoints:auto` (schema/auto.json). Defaults live in the schema
 * only.
 */
export interface IAutoPluginSettings {
  autoCheckpoint: 'afterRun' | 'off';
  /** Seconds. */
  autoCheckpointMinSpacing: number;
  /** Null: not set, the Document Manager's "Autosave Documents" applies. */
  autosave: boolean | null;
  /** Seconds; null: not set, the Document Manager's "Autosave Interval" applies. */
  autosaveInterval: number | null;
  checkpointOnAutosave: boolean;
  /** Seconds. */
  checkpointOnAutosavePeriod: number;
  /** Keep the page's unsaved edits before JupyterLab's dialogs discard them. */
  checkpointBeforeDiscard: boolean;
  /** Seconds without an edit before unsaved edits are checkpointed; 0: never. */
  checkpointIdleEdits: number;
}

/**
 * The settings of `jupyterlab-checkpoints:panel` (schema/panel.json): the panel's toolbar, which
 * the toolbar factory reads itself, and what Clean Up Checkpoints… removes.
 */
export interface IPanelPluginSettings {
  toolbar: ISettingRegistry.IToolbarItem[];
  /** Days: Clean Up removes the histories of files deleted longer ago than this. */
  cleanupDeletedAfterDays: number;
}

// schema/compare.json declares shortcuts and menus only: no setting to type.

/**
 * What a plugin's settings hold, as the user (`user`), the admin (`overrides.json`, which becomes
 * the schema's defaults) and the schema set them. The registry has validated them against the
 * schema and filled in its defaults, so they have the schema's shape.
 */
export function compositeOf<T>(settings: ISettingRegistry.ISettings): T {
  return settings.composite as unknown as T;
}
