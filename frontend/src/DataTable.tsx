import type { ReactNode } from 'react';

/**
 * A table of rows with a caption, its column headers and a line when nothing matches; a region
 * that scrolls sideways on its own (and becomes one card per row at phone width, styles.css).
 */
export function DataTable({
  caption,
  className,
  columns,
  empty,
  children,
}: {
  caption: string;
  className: string;
  columns: string[];
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
            {columns.map((c) => (
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
