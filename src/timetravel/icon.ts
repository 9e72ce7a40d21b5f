import { LabIcon } from '@jupyterlab/ui-components';
import timeTravelSvg from '../../style/icons/time-travel.svg';

/** A clock turning back over a slider: move through a file's history. */
export const timeTravelIcon = new LabIcon({
  name: 'jupyterlab-checkpoints:time-travel',
  svgstr: timeTravelSvg
});
