import type { ReactNode } from 'react';

/**
 * A table of rows with a caption, its column headers and a line when nothing matches; a region
 * that scrolls sideways on its own (and becomes one card per row at phone width, styles.css).
 */
export function DataTable({
  caption,
  className,
  columns,
  head,
  empty,
  children,
}: {
  caption: string;
  className: string;
  columns: string[];
  /** Header cells of their own (e.g. sort buttons) in place of plain column names. */
  head?: ReactNode;
  /** Shown when there are no rows (children is empty). */
  empty: string | null;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className={`data ${className}`}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {head ??
              columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
          </tr>
        </thead>
        <tbody>
          {empty !== null && (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty}
              </td>
            </tr>
          )}
          {children}
        </tbody>
      </table>
    </div>
  );
}
