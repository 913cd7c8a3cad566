import { useEffect, useState } from 'react';

/** value, once it has not changed for ms: a search box asks the server once the typing pauses. */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/** The search box above a list. */
export function SearchField({ id, placeholder, value, onChange }: { id: string; placeholder: string; value: string; onChange: (v: string) => void }) {
  return (
    <div className="field search">
      <label htmlFor={id}>Search</label>
      <input id={id} type="search" placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

/**
 * Previous / Page n / Next under a list paged with cursors; with the number of pages, also
 * First and Last and "Page n of m".
 */
export function Pager({
  label,
  page,
  pages,
  hasNext,
  onFirst,
  onPrevious,
  onNext,
  onLast,
}: {
  label: string;
  page: number;
  pages?: number;
  hasNext: boolean;
  onFirst?: () => void;
  onPrevious: () => void;
  onNext: () => void;
  onLast?: () => void;
}) {
  return (
    <nav className="pager" aria-label={label}>
      {onFirst && (
        <button type="button" disabled={page <= 1} onClick={onFirst}>
          First
        </button>
      )}
      <button type="button" disabled={page <= 1} onClick={onPrevious}>
        Previous
      </button>
      <span>{pages === undefined ? `Page ${page}` : `Page ${page} of ${pages}`}</span>
      <button type="button" disabled={!hasNext} onClick={onNext}>
        Next
      </button>
      {onLast && (
        <button type="button" disabled={pages === undefined || page >= pages} onClick={onLast}>
          Last
        </button>
      )}
    </nav>
  );
}
