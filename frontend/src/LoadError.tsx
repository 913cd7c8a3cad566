import type { CombinedError } from '@urql/core';
import { describeError } from './errors';

/** A list that could not be loaded: why, and a Retry that asks the server again. */
export function LoadError({ what, error, onRetry }: { what: string; error?: CombinedError; onRetry: () => void }) {
  return (
    <div role="alert" className="error load-error">
      <span>
        Could not load {what}: {describeError(error)}
      </span>{' '}
      <button type="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
