import { LabIcon, undoIcon } from '@jupyterlab/ui-components';
import checkpointsSvg from '../style/icons/checkpoints.svg';
import compareSvg from '../style/icons/compare.svg';
import deletedFilesSvg from '../style/icons/deleted-files.svg';
import flagSvg from '../style/icons/flag.svg';
import pinSvg from '../style/icons/pin.svg';
import previewSvg from '../style/icons/preview.svg';
import variablesSvg from '../style/icons/variables.svg';

export const checkpointsIcon = new LabIcon({
  name: 'jupyterlab-checkpoints:checkpoints',
  svgstr: checkpointsSvg
});

export const pinIcon = new LabIcon({
  name: 'jupyterlab-checkpoints:pin',
  svgstr: pinSvg
});

/** Checkpoints kept for deleted files: a page with an arrow, bringing it back. */
export const deletedFilesIcon = new LabIcon({
  name: 'jupyterlab-checkpoints:deleted-files',
  svgstr: deletedFilesSvg
});

export const manualIcon = new LabIcon({
  name: 'jupyterlab-checkpoints:manual',
  svgstr: flagSvg
});

/** Two halves side by side: compare a recorded file with now. */
export const compareIcon = new LabIcon({
  name: 'jupyterlab-checkpoints:compare',
  svgstr: compareSvg
});

/** Braces around an x: the kernel's variables saved with a checkpoint. */
export const variablesIcon = new LabIcon({
  name: 'jupyterlab-checkpoints:variables',
  svgstr: variablesSvg
});

/** An eye: look at a checkpoint read-only (a magnifier means search in JupyterLab). */
export const previewIcon = new LabIcon({
  name: 'jupyterlab-checkpoints:preview',
  svgstr: previewSvg
});

/** Put a checkpoint back: the undo arrow, as restoring replaces what is there now. */
export const restoreIcon = undoIcon;
