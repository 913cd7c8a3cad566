import { describe, expect, it } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { useChosen } from './route';

describe('useChosen', () => {
  it('shows the choice at once, until the URL has caught up', () => {
    const { result, rerender } = renderHook(({ current }) => useChosen(current), { initialProps: { current: 'ACTIVE' } });
    act(() => result.current[1]('ALL'));
    expect(result.current[0]).toBe('ALL'); // the router has not committed the URL yet
    rerender({ current: 'ACTIVE' }); // a render before it commits (a refetch, a tick)
    expect(result.current[0]).toBe('ALL');
    rerender({ current: 'ALL' });
    expect(result.current[0]).toBe('ALL');
  });

  it('follows the URL once it moved on, also back to where the choice was made', () => {
    const { result, rerender } = renderHook(({ current }) => useChosen(current), { initialProps: { current: 'ACTIVE' } });
    act(() => result.current[1]('ALL'));
    rerender({ current: 'ALL' });
    rerender({ current: 'ACTIVE' }); // Back
    expect(result.current[0]).toBe('ACTIVE');
    rerender({ current: 'TERMINATED' }); // a link elsewhere, with no choice pending
    expect(result.current[0]).toBe('TERMINATED');
  });
});
