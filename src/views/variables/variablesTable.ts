import { TranslationBundle } from '@jupyterlab/translation';
import { IVariablesListing } from '../../client/variablesClient';
import { formatSize } from '../format';

/** A table of `rows` under a heading, with column headers: a screen reader announces each cell's column. */
function table(
  caption: string,
  className: string,
  headers: string[],
  rows: string[][]
): HTMLTableElement {
  const t = document.createElement('table');
  t.className = `jp-checkpoints-variablesTable ${className}`;
  const cap = t.createCaption();
  cap.textContent = caption;
  const head = t.createTHead().insertRow();
  for (const text of headers) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = text;
    head.appendChild(th);
  }
  const body = t.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    row.forEach((text, i) => {
      // The name heads its row.
      const cell = document.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) {
        (cell as HTMLTableCellElement).scope = 'row';
      }
      cell.textContent = text;
      tr.appendChild(cell);
    });
  }
  return t;
}

/**
 * The kernel variables saved with a checkpoint, for its preview: name, type and size of each, the
 * modules recorded as imports, and what was skipped with the reason.
 */
export function variablesSection(
  listing: IVariablesListing,
  trans: TranslationBundle
): HTMLElement {
  const section = document.createElement('section');
  section.className = 'jp-checkpoints-previewVariables';
  section.setAttribute('aria-label', trans.__('Saved kernel variables'));
  const heading = document.createElement('h2');
  heading.textContent = trans.__('Kernel variables');
  section.appendChild(heading);
  const saved = [...listing.variables].sort((a, b) => b.size - a.size);
  section.appendChild(
    table(
      trans._n(
        '%1 variable saved (%2)',
        '%1 variables saved (%2)',
        saved.length,
        formatSize(saved.reduce((sum, v) => sum + v.size, 0))
      ),
      'jp-mod-saved',
      [trans.__('Name'), trans.__('Type'), trans.__('Size')],
      saved.map(v => [v.name, v.type, formatSize(v.size)])
    )
  );
  if (listing.modules.length) {
    section.appendChild(
      table(
        trans.__('Imported again on restore'),
        'jp-mod-modules',
        [trans.__('Name'), trans.__('Import')],
        listing.modules.map(m => [m.name, m.import])
      )
    );
  }
  if (listing.skipped.length) {
    section.appendChild(
      table(
        trans._n('%1 not saved', '%1 not saved', listing.skipped.length),
        'jp-mod-skipped',
        [trans.__('Name'), trans.__('Type'), trans.__('Reason')],
        listing.skipped.map(s => [s.name, s.type, s.reason])
      )
    );
  }
  return section;
}
