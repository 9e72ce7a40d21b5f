/**
 * Telling whether a cell run failed, and naming the error, from what `NotebookActions.executed`
 * reports and from the cell's outputs.
 */

/** The part of an output this module reads (nbformat `IOutput`). */
export interface IOutputLike {
  output_type: string;
  ename?: unknown;
}

/** What one finished execution says about failure. */
export interface IFailureInfo {
  failed: boolean;
  /** Python exception name (e.g. "ValueError"); undefined when unknown. */
  errorName?: string;
}

/**
 * Failure of one execution: `success === false` (the kernel replied with an error, or the run was
 * aborted after an earlier error), or an error output in the cell. The name comes from the kernel
 * reply (`KernelError.errorName`), else from the last error output's `ename`.
 */
export function failureOf(
  success: boolean,
  error: unknown,
  outputs: readonly IOutputLike[]
): IFailureInfo {
  const errorOutputs = outputs.filter(o => o.output_type === 'error');
  const failed = !success || errorOutputs.length > 0;
  if (!failed) {
    return { failed };
  }
  const fromReply = cleanName(field(error, 'errorName'));
  if (fromReply) {
    return { failed, errorName: fromReply };
  }
  for (let i = errorOutputs.length - 1; i >= 0; i--) {
    const name = cleanName(errorOutputs[i].ename);
    if (name) {
      return { failed, errorName: name };
    }
  }
  return { failed };
}

/** The part of a cell model's output list this module reads (`IOutputAreaModel`). */
interface IOutputListLike {
  readonly length: number;
  get(index: number): { type: string; toJSON(): unknown } | undefined;
}

/** Outputs of a cell model as plain JSON, tolerating cells without outputs (markdown, raw). */
export function outputsOf(cellModel: unknown): IOutputLike[] {
  const outputs = field(cellModel, 'outputs');
  if (
    typeof field(outputs, 'length') !== 'number' ||
    typeof field(outputs, 'get') !== 'function'
  ) {
    return [];
  }
  const list = outputs as IOutputListLike;
  const found: IOutputLike[] = [];
  for (let i = 0; i < list.length; i++) {
    const output = list.get(i);
    if (output?.type === 'error') {
      found.push(output.toJSON() as IOutputLike);
    }
  }
  return found;
}

/** A property of a value of unknown shape; undefined when it has none. */
function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && name in value
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

/** A short, single-line exception name, or undefined. */
function cleanName(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const name = value.trim().split(/\s/)[0];
  return name ? name.slice(0, 80) : undefined;
}
