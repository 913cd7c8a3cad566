import { useEffect, useState } from 'react';
import { useClient } from 'urql';
import type { AnyVariables, DocumentInput } from '@urql/core';
import { plainFieldErrors } from './errors';
import { focusFirstProblem } from './focus';

/**
 * One mutation behind a form or dialog: busy while it runs, and the server's errors in plain
 * words by field (labels as for plainFieldErrors). The form shows the fields labels names, each
 * next to its field; every other error is under "" for the form as a whole. run resolves to the
 * data, or null when the server refused; focus then moves to the first field in error.
 */
export function useMutationForm(labels: Record<string, string>) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // After each refusal, once its messages are on screen: focus to the first field they mark.
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (refusals) focusFirstProblem();
  }, [refusals]);

  async function run<Data, Variables extends AnyVariables>(doc: DocumentInput<Data, Variables>, variables: Variables): Promise<Data | null> {
    setBusy(true);
    setErrors({});
    const r = await client.mutation(doc, variables).toPromise();
    setBusy(false);
    if (r.error || !r.data) {
      setErrors(byShownField(plainFieldErrors(r.error, labels), labels));
      setRefusals((n) => n + 1);
      return null;
    }
    return r.data;
  }

  return { busy, errors, setErrors, run };
}

function byShownField(found: Record<string, string>, labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(found)) {
    const key = field in labels ? field : '';
    out[key] = out[key] ? `${out[key]} ${message}` : message;
  }
  if (!Object.keys(out).length) out[''] = 'The server did not answer. Try again.';
  return out;
}
